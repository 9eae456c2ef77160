// Shape checks for JSON that klee reads back (simulator state, snapshots, jls output): a file of the right syntax but
// the wrong shape is refused with one message naming the field, instead of failing somewhere inside as a TypeError.

/** A check of one value: undefined when it fits, else what is wrong, starting with the field's path. */
export type Check = (v: unknown, at: string) => string | undefined;

/** How a value reads in a message: `null`, `a list`, `the string "x"`, `the number 3`, ... */
function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'missing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v)}`;
  if (typeof v === 'number' || typeof v === 'boolean') return `${typeof v === 'number' ? 'the number' : ''} ${v}`.trim();
  return 'a map';
}

const field = (at: string, k: string | number) => (typeof k === 'number' ? `${at}[${k}]` : at ? `${at}.${k}` : k);
const fail = (at: string, want: string, v: unknown) => `${at || 'the document'} must be ${want}, not ${describeValue(v)}`;
const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A check for a primitive type (`integer`: a whole number). */
function primitive(want: 'string' | 'integer' | 'boolean', words: string): Check {
  return (v, at) => ((want === 'integer' ? Number.isInteger(v) : typeof v === want) ? undefined : fail(at, words, v));
}

/** A string. */
export const str = primitive('string', 'a string');
/** A whole number. */
export const int = primitive('integer', 'a whole number');
/** A finite number (the simulator's clock and times are in ms, fractions when its clock is scaled). */
export const num: Check = (v, at) => (typeof v === 'number' && Number.isFinite(v) ? undefined : fail(at, 'a number', v));
/** true or false. */
export const bool = primitive('boolean', 'true or false');

/** Exactly this value. */
export function literal(x: string | number | boolean): Check {
  return (v, at) => (v === x ? undefined : fail(at, JSON.stringify(x), v));
}

/** One of these strings. */
export function oneOfValues(values: readonly string[]): Check {
  return (v, at) => (typeof v === 'string' && values.includes(v) ? undefined : fail(at, `one of ${values.join(', ')}`, v));
}

/** Any of the checks (the message names what each wants). */
export function oneOf(words: string, ...checks: Check[]): Check {
  return (v, at) => (checks.some((c) => c(v, at) === undefined) ? undefined : fail(at, words, v));
}

/** A list whose every item passes `item`. */
export function list(item: Check): Check {
  return (v, at) => {
    if (!Array.isArray(v)) return fail(at, 'a list', v);
    for (let i = 0; i < v.length; i++) {
      const bad = item(v[i], field(at, i));
      if (bad) return bad;
    }
    return undefined;
  };
}

/** A map whose every value passes `value`. */
export function record(value: Check): Check {
  return (v, at) => {
    if (!isMap(v)) return fail(at, 'a map', v);
    for (const [k, x] of Object.entries(v)) {
      const bad = value(x, field(at, k));
      if (bad) return bad;
    }
    return undefined;
  };
}

/** A map with these fields (`optional` ones may be absent); other keys are allowed. */
export function obj(required: Record<string, Check>, optional: Record<string, Check> = {}): Check {
  return (v, at) => {
    if (!isMap(v)) return fail(at, 'a map', v);
    for (const [k, c] of Object.entries(required)) {
      const bad = Object.hasOwn(v, k) ? c(v[k], field(at, k)) : `${field(at, k)} is missing`;
      if (bad) return bad;
    }
    for (const [k, c] of Object.entries(optional)) {
      const bad = Object.hasOwn(v, k) && v[k] !== undefined ? c(v[k], field(at, k)) : undefined;
      if (bad) return bad;
    }
    return undefined;
  };
}
