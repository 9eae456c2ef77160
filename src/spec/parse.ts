// Phase 1: YAML text -> plain value, keeping node ranges for positions; duplicate keys and alias bombs refused.
import { LineCounter, isMap, isScalar, parseDocument, visit, type Document, type Node } from 'yaml';
import type { Diagnostic } from './types.js';
import { makeLocator } from './locate.js';
import type { Locator } from './diagnostic.js';

/** Aliases expanded at most this many times in total (a "billion laughs" file stops here). */
const MAX_ALIAS_COUNT = 100;
/** Flow collections ([ { ) nested deeper than this are refused before parsing (the parser recurses). */
export const MAX_FLOW_DEPTH = 64;
/** Files larger than this are refused before parsing (a kleene.yaml is a few KB; loading stays well under a second). */
export const MAX_FILE_BYTES = 1 << 20;
/** The message and hint for a file over MAX_FILE_BYTES. */
export function fileTooLarge(bytes: number): [string, string] {
  return [`the file is ${(bytes / (1 << 20)).toFixed(1)} MiB: klee reads files up to ${MAX_FILE_BYTES >> 20} MiB`, 'such a file is a few KB: is this the right file?'];
}
/** At most this many YAML syntax errors are reported. */
const MAX_SYNTAX_ERRORS = 20;

/** What the parse phase produces: the value (when parsable), a locator for later phases, and diagnostics. */
export interface Parsed {
  value?: unknown;
  doc?: Document;
  locate: Locator;
  diagnostics: Diagnostic[];
}

/** Parse YAML text into a plain value; never throws. */
export function parseYaml(text: string, file: string): Parsed {
  const lineCounter = new LineCounter();
  const diagnostics: Diagnostic[] = [];
  const at = (offset: number) => {
    // LineCounter is filled by the parser; before parsing compute positions directly.
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    return { line, column: offset - before.lastIndexOf('\n') };
  };
  const fail = (offset: number, message: string, hint?: string): Parsed => {
    const p = at(offset);
    const d: Diagnostic = { severity: 'error', message, file, line: p.line, column: p.column, path: '' };
    if (hint) d.hint = hint;
    return { locate: () => p, diagnostics: [d] };
  };

  // eslint-disable-next-line no-control-regex
  const bad = /[\u0000-\u0008\u000e-\u001f\ufffd]/.exec(text);
  if (bad) return fail(bad.index, 'not a text YAML file: it contains a binary control character', 'kleene.yaml must be UTF-8 text');
  // Bytes, not UTF-16 units: a file of multi-byte characters under 1 Mi characters may be several MiB.
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_FILE_BYTES) {
    return fail(0, ...fileTooLarge(bytes));
  }
  if (text.trim() === '') return fail(0, 'the file is empty', 'declare at least `containers:` (see examples/)');
  const deep = flowDepthExceeded(text);
  if (deep !== undefined) return fail(deep, `the file is nested more than ${MAX_FLOW_DEPTH} levels deep`);

  let doc: Document;
  try {
    // uniqueKeys is checked below: yaml's own check compares every key with every other (quadratic in a map's size).
    doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false, merge: true, strict: true });
  } catch (e) {
    return fail(0, `cannot parse YAML: ${(e as Error).message}`);
  }
  const locate = makeLocator(doc, lineCounter);
  const toDiag = (severity: 'error' | 'warning') => (e: { message: string; pos: [number, number]; code: string }): Diagnostic => {
    const p = lineCounter.linePos(e.pos[0]);
    const message = e.code === 'DUPLICATE_KEY' ? 'duplicate key: each key may appear only once in a map'
      // the error's position is the second document's start (its `---`)
      : e.code === 'MULTIPLE_DOCS' ? 'a second YAML document starts here: klee reads one document (one project) per file'
        : `YAML syntax: ${e.message.replace(/ at line \d+, column \d+.*$/s, '')}`;
    const hint = e.code === 'MULTIPLE_DOCS' ? { hint: 'remove this `---` and what follows, or move it to a file of its own' } : {};
    return { severity, message, file, line: p.line, column: p.col, path: '', ...hint };
  };
  if (doc.errors.length === 0) {
    for (const { offset, proto } of badKeys(doc).slice(0, MAX_SYNTAX_ERRORS)) {
      const p = lineCounter.linePos(offset);
      const message = proto ? 'key "__proto__" is not allowed (JavaScript would take it as the map\'s prototype)' : 'duplicate key: each key may appear only once in a map';
      diagnostics.push({ severity: 'error', message, file, line: p.line, column: p.col, path: '' });
    }
  }
  diagnostics.push(...doc.errors.slice(0, MAX_SYNTAX_ERRORS).map(toDiag('error')));
  diagnostics.push(...doc.warnings.slice(0, MAX_SYNTAX_ERRORS).map(toDiag('warning')));
  if (diagnostics.some((d) => d.severity === 'error')) return { doc, locate, diagnostics };

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const msg = e instanceof ReferenceError && /alias/i.test(e.message)
      ? `too many alias expansions (more than ${MAX_ALIAS_COUNT}): refusing a possible "billion laughs" file`
      : `cannot read YAML: ${(e as Error).message}`;
    diagnostics.push({ severity: 'error', message: msg, file, line: 1, column: 1, path: '' });
    return { doc, locate, diagnostics };
  }
  return { value, doc, locate, diagnostics };
}

/**
 * Offsets of keys that repeat an earlier key of their map, compared as the JavaScript object will see them
 * (`1` and `"1"`, `true` and `"true"`, `~` and `"null"` would silently become one entry; merge keys `<<` excepted),
 * and `__proto__` keys.
 */
function badKeys(doc: Document): { offset: number; proto: boolean }[] {
  const out: { offset: number; proto: boolean }[] = [];
  visit(doc, {
    Map(_, map) {
      if (!isMap(map)) return;
      const seen = new Set<string>();
      for (const pair of map.items) {
        const k = pair.key;
        const name = isScalar(k) ? String(k.value) : String(k);
        if (isScalar(k) && k.value === '<<' && !k.type?.startsWith('QUOTE')) continue;
        const offset = (k as Node | null)?.range?.[0] ?? map.range?.[0] ?? 0;
        // `__proto__` passes the schema (ajv skips it) and then becomes the prototype of the copied map: its keys
        // would turn into the container's fields (`__proto__: { path: /etc }` gave path /etc).
        if (name === '__proto__') out.push({ offset, proto: true });
        else if (seen.has(name)) out.push({ offset, proto: false });
        seen.add(name);
      }
    },
  });
  return out.sort((a, b) => a.offset - b.offset);
}

/** Offset where flow nesting first exceeds MAX_FLOW_DEPTH (a coarse scan that ignores quoting), else undefined. */
function flowDepthExceeded(text: string): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 || c === 123) {
      if (++depth > MAX_FLOW_DEPTH) return i;
    } else if ((c === 93 || c === 125) && depth > 0) depth--;
  }
  return undefined;
}
