// Compose-style variable substitution in one string: $$, $VAR, ${VAR}, ${VAR:-d}, ${VAR-d}, ${VAR:?m}, ${VAR?m}, ${VAR:+r}, ${VAR+r}.

/** Variables to substitute from; undefined = unset. */
export type Lookup = (name: string) => string | undefined;

/** The result of substituting one string. */
export interface Substituted {
  value: string;
  /** Required variables that were missing (message as given, or a default one). */
  errors: string[];
  /** Variables used without a default that were unset (substituted by ""). */
  unset: string[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Substitute variables in s following compose's rules (defaults may themselves contain variables). */
export function substitute(s: string, lookup: Lookup): Substituted {
  const out: Substituted = { value: '', errors: [], unset: [] };
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c !== '$') {
      out.value += c;
      i++;
      continue;
    }
    const next = s[i + 1];
    if (next === '$') {
      out.value += '$';
      i += 2;
    } else if (next === '{') {
      const end = closingBrace(s, i + 2);
      if (end < 0) {
        out.errors.push(`invalid interpolation "${s.slice(i)}": missing "}"`);
        return out;
      }
      expandBraced(s.slice(i + 2, end), lookup, out);
      i = end + 1;
    } else {
      const m = NAME.exec(s.slice(i + 1));
      if (!m) {
        // A lone "$" stays literal, as in compose.
        out.value += '$';
        i++;
        continue;
      }
      const v = lookup(m[0]);
      if (v === undefined) out.unset.push(m[0]);
      out.value += v ?? '';
      i += 1 + m[0].length;
    }
  }
  return out;
}

/** Index of the "}" closing a "${" whose body starts at from (nested ${...} allowed), or -1. */
function closingBrace(s: string, from: number): number {
  let depth = 1;
  for (let j = from; j < s.length; j++) {
    if (s[j] === '$' && s[j + 1] === '{') {
      depth++;
      j++;
    } else if (s[j] === '}' && --depth === 0) return j;
  }
  return -1;
}

/** Expand the body of ${...} into out. */
function expandBraced(body: string, lookup: Lookup, out: Substituted): void {
  const m = NAME.exec(body);
  if (!m) {
    out.errors.push(`invalid interpolation "\${${body}}": a variable name is letters, digits and "_", not starting with a digit`);
    return;
  }
  const name = m[0];
  const rest = body.slice(name.length);
  const v = lookup(name);
  const sub = (t: string) => {
    const r = substitute(t, lookup);
    out.errors.push(...r.errors);
    out.unset.push(...r.unset);
    return r.value;
  };
  if (rest === '') {
    if (v === undefined) out.unset.push(name);
    out.value += v ?? '';
    return;
  }
  const op = /^(:-|-|:\?|\?|:\+|\+)/.exec(rest)?.[0];
  if (!op) {
    out.errors.push(`invalid interpolation "\${${body}}": expected "}" or one of :- - :? ? :+ + after ${name}`);
    return;
  }
  const arg = rest.slice(op.length);
  const empty = v === undefined || (op.startsWith(':') && v === '');
  switch (op) {
    case ':-':
    case '-':
      out.value += empty ? sub(arg) : v;
      return;
    case ':?':
    case '?':
      if (empty) out.errors.push(arg ? `required variable ${name} is missing: ${sub(arg)}` : `required variable ${name} is missing a value`);
      else out.value += v;
      return;
    default:
      out.value += empty ? '' : sub(arg);
  }
}
