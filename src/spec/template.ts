// Compose-style variable substitution in one string: $$, $VAR, ${VAR}, ${VAR:-d}, ${VAR-d}, ${VAR:?m}, ${VAR?m}, ${VAR:+r}, ${VAR+r}.
// The rules are compose-go's (template/template.go), checked against its own test cases (test/spec/compose-go-cases.json).

/** Variables to substitute from; undefined = unset. */
export type Lookup = (name: string) => string | undefined;

/** The result of substituting one string. */
export interface Substituted {
  value: string;
  /** Required variables that were missing, malformed templates, a result over the limit. */
  errors: string[];
  /** Variables used without a default that were unset (substituted by ""). */
  unset: string[];
  /** True when the result would have been longer than the limit (value is then cut short). */
  overflow?: true;
}

/** compose-go's substitutionNamed, matched case-insensitively: a letter or "_", then letters, digits, "_". */
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
/** The same, matched at a position (sticky), so that a long string is not copied for each "$". */
const NAME_AT = /[A-Za-z_][A-Za-z0-9_]*/y;
/** The operators after a braced name, in compose-go's order of precedence at one position. */
const OPERATOR = /^(:-|-|:\?|\?|:\+|\+)/;

/**
 * Substitute variables in s following compose's rules (defaults may themselves contain variables, braces inside a
 * default are balanced); the result is cut at `limit` characters with an error, so that no reference can build an
 * unbounded string.
 */
export function substitute(s: string, lookup: Lookup, limit = Number.POSITIVE_INFINITY): Substituted {
  const out: Substituted = { value: '', errors: [], unset: [] };
  let i = 0;
  while (i < s.length && !out.overflow) {
    const dollar = s.indexOf('$', i);
    if (dollar < 0) {
      append(out, s.slice(i), limit);
      break;
    }
    append(out, s.slice(i, dollar), limit);
    const next = s[dollar + 1];
    if (next === '$') {
      append(out, '$', limit);
      i = dollar + 2;
    } else if (next === '{') {
      const end = closingBrace(s, dollar + 1);
      if (end < 0) {
        out.errors.push(`invalid interpolation "${s.slice(dollar)}": missing "}"`);
        return out;
      }
      expandBraced(s.slice(dollar + 2, end), lookup, out, limit);
      i = end + 1;
    } else {
      NAME_AT.lastIndex = dollar + 1;
      const m = NAME_AT.exec(s);
      if (!m) {
        // A lone "$" stays literal (compose-go TestUnescaped: "a $ string", "^REGEX$", "$}").
        append(out, '$', limit);
        i = dollar + 1;
        continue;
      }
      const v = lookup(m[0]);
      if (v === undefined) out.unset.push(m[0]);
      append(out, v ?? '', limit);
      i = dollar + 1 + m[0].length;
    }
  }
  return out;
}

/** Append text unless the result would pass the limit; then cut it there and record the overflow once. */
function append(out: Substituted, text: string, limit: number): void {
  if (out.overflow) return;
  if (out.value.length + text.length > limit) {
    out.value += text.slice(0, Math.max(0, limit - out.value.length));
    out.overflow = true;
    out.errors.push(`the value is longer than ${limit} characters after interpolation`);
    return;
  }
  out.value += text;
}

/** Index of the "}" that balances the "{" at `open` (every "{" and "}" counts, as in compose-go's getFirstBraceClosingIndex), or -1. */
function closingBrace(s: string, open: number): number {
  let depth = 0;
  for (let j = open; j < s.length; j++) {
    if (s[j] === '{') depth++;
    else if (s[j] === '}' && --depth === 0) return j;
  }
  return -1;
}

/** Expand the body of ${...} into out. */
function expandBraced(body: string, lookup: Lookup, out: Substituted, limit: number): void {
  const m = NAME.exec(body);
  if (!m) {
    out.errors.push(`invalid interpolation "\${${body}}": a variable name is letters, digits and "_", not starting with a digit`);
    return;
  }
  const name = m[0];
  const rest = body.slice(name.length);
  const v = lookup(name);
  // Defaults, messages and replacements are themselves templates, expanded only when used (lazily, as compose-go does).
  const sub = (t: string) => {
    const r = substitute(t, lookup, limit - out.value.length);
    out.errors.push(...r.errors);
    out.unset.push(...r.unset);
    if (r.overflow) out.overflow = true;
    return r.value;
  };
  if (rest === '') {
    if (v === undefined) out.unset.push(name);
    append(out, v ?? '', limit);
    return;
  }
  const op = OPERATOR.exec(rest)?.[0];
  if (!op) {
    out.errors.push(`invalid interpolation "\${${body}}": expected "}" or one of :- - :? ? :+ + after ${name}`);
    return;
  }
  const arg = rest.slice(op.length);
  const empty = v === undefined || (op.startsWith(':') && v === '');
  switch (op) {
    case ':-':
    case '-':
      append(out, empty ? sub(arg) : v!, limit);
      return;
    case ':?':
    case '?': {
      if (!empty) return append(out, v!, limit);
      const reason = arg ? sub(arg) : '';
      // compose-go's MissingRequiredError text.
      out.errors.push(`required variable ${name} is missing a value${reason ? `: ${reason}` : ''}`);
      return;
    }
    default:
      if (!empty) append(out, sub(arg), limit);
  }
}
