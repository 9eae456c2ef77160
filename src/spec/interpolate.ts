// Phase 2: substitute ${VAR} in every scalar value (never in keys), then cast booleans where the schema wants them.
import type { Diagnostic } from './types.js';
import { diagAt, type Locator, type Path } from './diagnostic.js';
import { substitute } from './template.js';
import { variableLookup } from './variables.js';
import { MAX_FILE_BYTES } from './parse.js';

/** Inputs of interpolation: the real environment wins over .env values (compose's rule). */
export interface InterpolationVars {
  env: Record<string, string | undefined>;
  dotenv?: Record<string, string>;
}

/** Paths (with "*" for any name) whose string values become booleans after interpolation, as compose-go casts. */
const BOOLEAN_PATHS: string[][] = [
  ['networks', '*', 'icc'],
  ['networks', '*', 'internal'],
  ['networks', '*', 'nat'],
  ['containers', '*', 'allow_host_exec'],
  ['containers', '*', 'healthcheck', 'disable'],
];

/**
 * The string values of a document may total at most this many characters after interpolation: the limit on the file
 * itself (MAX_FILE_BYTES), so that a variable referenced many times cannot grow the document past what klee reads.
 */
const MAX_INTERPOLATED_CHARS = MAX_FILE_BYTES;

/** Interpolate a parsed document; returns a new value (the input is not modified) and diagnostics. */
export function interpolate(value: unknown, vars: InterpolationVars, locate: Locator, file: string): { value: unknown; diagnostics: Diagnostic[]; errorPaths: Path[] } {
  const diagnostics: Diagnostic[] = [];
  const errorPaths: Path[] = [];
  const lookup = variableLookup(vars.env, vars.dotenv);
  const warned = new Set<string>();
  let budget = MAX_INTERPOLATED_CHARS;
  let overflowed = false;
  const walk = (v: unknown, path: Path): unknown => {
    if (typeof v === 'string') {
      if (overflowed) return v;
      if (!v.includes('$')) {
        budget -= v.length;
        return castAt(path, v);
      }
      const r = substitute(v, lookup, Math.max(0, budget));
      budget -= r.value.length;
      if (r.overflow) {
        overflowed = true;
        // The rest of the document is left uninterpolated: the whole of it is unchecked (the root path).
        errorPaths.push([]);
        diagnostics.push(diagAt(locate, file, 'error', path, `interpolation makes the file's values longer than ${MAX_INTERPOLATED_CHARS} characters (the limit on the file itself) at this value`, { hint: 'a variable referenced here holds a large value, or is referenced many times' }));
        return '';
      }
      if (r.errors.length > 0) errorPaths.push(path);
      for (const e of r.errors) diagnostics.push(diagAt(locate, file, 'error', path, e, { hint: /^invalid interpolation/.test(e) ? 'write $$ for a literal $' : 'set it in the environment or in .env beside the file' }));
      for (const name of r.unset) {
        if (warned.has(name)) continue;
        warned.add(name);
        diagnostics.push(diagAt(locate, file, 'warning', path, `variable ${name} is not set; using an empty string`, { hint: `use \${${name}:-default} for a default, or \${${name}:?message} to require it` }));
      }
      return castAt(path, r.value);
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, [...path, i]));
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = walk(x, [...path, k]);
      return out;
    }
    return v;
  };
  return { value: walk(value, []), diagnostics, errorPaths };
}

/** Cast "true"/"false" (and compose's yes/no/on/off) to a boolean at boolean paths; other strings are kept. */
function castAt(path: Path, s: string): unknown {
  const matches = BOOLEAN_PATHS.some((p) => p.length === path.length && p.every((seg, i) => seg === '*' || seg === path[i]));
  if (!matches) return s;
  const l = s.toLowerCase();
  if (['true', 'yes', 'y', 'on'].includes(l)) return true;
  if (['false', 'no', 'n', 'off'].includes(l)) return false;
  return s;
}
