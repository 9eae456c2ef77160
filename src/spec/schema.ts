// Phase 3: JSON Schema validation (schemas/kleene.schema.json), ajv errors turned into plain, located diagnostics.
import type { Diagnostic } from './types.js';
import { diagAt, type Locator, type Path } from './diagnostic.js';
import { closest } from './suggest.js';

/** One ajv error (the fields we use). */
export interface AjvError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, any>;
  propertyName?: string;
  message?: string;
}

/** A compiled validator (ajv's or its standalone precompiled form). */
export type ValidateFn = ((data: unknown) => boolean) & { errors?: AjvError[] | null };

/** The validator plus the schema it was compiled from (for "did you mean"). */
export interface SchemaValidator {
  validate: ValidateFn;
  schema: object;
}

/** Plain-words descriptions of the schema's patterns, by the property they constrain. */
const PATTERN_WORDS = new Map<string, string>([
  ['name', "lowercase letters, digits and '-', starting with a letter or digit"],
  ['interface', "an interface name: a letter, then letters, digits, '_' or '.'"],
  ['nat', "true, false, or an interface name (a letter, then letters, digits, '_' or '.')"],
  ['image', 'a ZFS snapshot: <dataset>@<snapshot>'],
  ['env', 'an environment variable name: letters, digits and "_", not starting with a digit'],
]);

const TYPE_WORDS = new Map<string, string>([
  ['object', 'a map'],
  ['array', 'a list'],
  ['string', 'a string'],
  ['boolean', 'true or false'],
  ['number', 'a number'],
  ['integer', 'a whole number'],
]);

/** What the schema check found: one diagnostic per place, and the places (the values or keys it refused) as paths. */
export interface SchemaResult {
  diagnostics: Diagnostic[];
  places: Path[];
}

/** Validate a value against the schema; one diagnostic per place, the most specific error there. */
export function validateSchema(value: unknown, validator: SchemaValidator, locate: Locator, file: string): SchemaResult {
  if (validator.validate(value)) return { diagnostics: [], places: [] };
  const errors = validator.validate.errors ?? [];
  const byPlace = new Map<string, AjvError[]>();
  for (const e of errors) {
    const place = e.keyword === 'additionalProperties' ? `${e.instancePath}/${e.params.additionalProperty}` : e.propertyName !== undefined ? `${e.instancePath}/${e.propertyName}#key` : e.instancePath;
    if (e.keyword === 'propertyNames') continue; // its sub-error (carrying propertyName) says more
    byPlace.set(place, [...(byPlace.get(place) ?? []), e]);
  }
  const out: SchemaResult = { diagnostics: [], places: [] };
  for (const errs of byPlace.values()) {
    // The type error decides when present (other keywords are moot for a value of the wrong type).
    const e = errs.find((x) => x.keyword === 'type') ?? errs[0];
    out.diagnostics.push(describe(e, value, validator.schema, locate, file));
    out.places.push(placeOf(e));
  }
  return out;
}

/** The path of the value an error is about: the unknown key itself for additionalProperties, the key for propertyNames. */
function placeOf(e: AjvError): Path {
  const path = pointerToPath(e.instancePath);
  if (e.keyword === 'additionalProperties') return [...path, String(e.params.additionalProperty)];
  return e.propertyName !== undefined ? [...path, e.propertyName] : path;
}

/** One ajv error as a diagnostic. */
function describe(e: AjvError, root: unknown, schema: object, locate: Locator, file: string): Diagnostic {
  const path = pointerToPath(e.instancePath);
  const where = path.length === 0 ? 'at the top level' : `in ${path.join('.')}`;
  const actual = valueAt(root, path);
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(e.params.additionalProperty);
      const known = Object.keys((schemaAt(schema, path) as any)?.properties ?? {});
      const guess = closest(key, known);
      return diagAt(locate, file, 'error', [...path, key], `unknown key "${key}" ${where}`, {
        at: 'key',
        hint: guess ? `did you mean "${guess}"?` : known.length ? `known keys: ${known.join(', ')}` : undefined,
      });
    }
    case 'type': {
      const types = (Array.isArray(e.params.type) ? e.params.type : String(e.params.type).split(',')).filter((t: string) => t !== 'null');
      const want = types.map((t: string) => TYPE_WORDS.get(t) ?? t).join(' or ');
      return diagAt(locate, file, 'error', path, `${label(path)} must be ${want}, not ${kindOf(actual)}`);
    }
    case 'enum': {
      const allowed = (e.params.allowedValues as unknown[]).map(String);
      const guess = typeof actual === 'string' ? closest(actual, allowed) : undefined;
      return diagAt(locate, file, 'error', path, `${label(path)} must be one of ${allowed.join(', ')}, not ${JSON.stringify(actual)}`, { hint: guess ? `did you mean "${guess}"?` : undefined });
    }
    case 'pattern': {
      if (e.propertyName !== undefined) {
        const keyPath = [...path, e.propertyName];
        return diagAt(locate, file, 'error', keyPath, `"${e.propertyName}" is not a valid name ${where}: expected ${PATTERN_WORDS.get(String(path[path.length - 1] ?? '')) ?? `to match ${e.params.pattern}`}`, { at: 'key' });
      }
      const prop = String(path[path.length - 1] ?? '');
      return diagAt(locate, file, 'error', path, `${label(path)} ${JSON.stringify(actual)} is not valid: expected ${PATTERN_WORDS.get(prop) ?? `to match ${e.params.pattern}`}`);
    }
    case 'maxLength':
      return diagAt(locate, file, 'error', path, `${label(path)} ${JSON.stringify(actual)} is too long: at most ${e.params.limit} characters`);
    case 'minLength':
    case 'minItems':
      return diagAt(locate, file, 'error', path, `${label(path)} must not be empty`);
    default:
      return diagAt(locate, file, 'error', path, `${label(path)} ${e.message ?? 'is not valid'}`);
  }
}

/** "containers.db.driver" style label for a path ("the file" at the root). */
function label(path: Path): string {
  return path.length === 0 ? 'the file' : path.join('.');
}

/** Human word for a value's kind. */
function kindOf(v: unknown): string {
  if (v === null || v === undefined) return 'empty';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v)}`;
  return `${typeof v === 'boolean' ? '' : 'the number '}${String(v)}`;
}

/** JSON pointer ("/a/0/b~1c") to a path. */
function pointerToPath(p: string): Path {
  if (p === '') return [];
  return p.slice(1).split('/').map((s) => {
    const k = s.replace(/~1/g, '/').replace(/~0/g, '~');
    return /^\d+$/.test(k) ? Number(k) : k;
  });
}

/** The value at a path of a plain value. */
function valueAt(v: unknown, path: Path): unknown {
  let cur: any = v;
  for (const seg of path) cur = cur == null ? undefined : cur[seg];
  return cur;
}

/** The (sub)schema describing the value at a document path ($refs followed; ajv's schemaPath is relative once refs are inlined). */
function schemaAt(schema: object, path: Path): unknown {
  const root = schema as any;
  const deref = (node: any): any => {
    let guard = 0;
    while (node && typeof node.$ref === 'string' && guard++ < 10) {
      node = node.$ref.slice(2).split('/').reduce((cur: any, seg: string) => cur?.[seg], root);
    }
    return node;
  };
  let cur = deref(root);
  for (const seg of path) {
    if (!cur) return undefined;
    if (typeof seg === 'number' && cur.items) cur = deref(cur.items);
    else if (cur.properties && Object.prototype.hasOwnProperty.call(cur.properties, seg)) cur = deref(cur.properties[seg]);
    else if (cur.additionalProperties && typeof cur.additionalProperties === 'object') cur = deref(cur.additionalProperties);
    else return undefined;
  }
  return cur;
}
