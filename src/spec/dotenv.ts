// Parse a .env file as compose does (compose-go dotenv/parser.go), checked against its test cases (test/spec/compose-go-cases.json).
import { substitute } from './template.js';
import { variableLookup } from './variables.js';

/** One problem in a .env file, by line. */
export interface DotenvProblem {
  line: number;
  message: string;
}

/** A parsed .env file: the variables it sets (in file order) and its problems. */
export interface Dotenv {
  vars: Record<string, string>;
  problems: DotenvProblem[];
}

/** The values of a .env file may total at most this many characters after interpolation (each `$A` copies A). */
const MAX_DOTENV_CHARS = 1 << 20;

/** compose-go's isSpace: white space that does not end a line. */
const SPACE = /[\t\v\f\r \u0085\u00a0]/;
/** Characters of a key besides letters and digits (any script, as compose-go's unicode.IsLetter/IsNumber). */
const KEY_CHAR = /[\p{L}\p{N}_.\-[\]]/u;
/** The escapes compose-go expands in double quotes (its escapeSeqRegex). */
const ESCAPE = /\\(?:[abcfnrtv$"\\]|0\d{0,3})/g;
const SIMPLE_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '"': '"', '\\': '\\' };

/**
 * Parse .env text. Statements are `KEY=VALUE`, `KEY: VALUE` or `export KEY=VALUE`, or a bare `KEY` (taken from the
 * environment, which wins anyway); `#` starts a comment line, or a comment after " #" in an unquoted value. Single
 * quotes are literal, double quotes expand escapes; both may span lines. `${VAR}` in unquoted and double-quoted values
 * takes the real environment first, then earlier lines. Every problem is reported with its line.
 */
export function parseDotenv(text: string, env: Record<string, string | undefined> = {}, limit = MAX_DOTENV_CHARS): Dotenv {
  const vars = new Map<string, string>();
  const problems: DotenvProblem[] = [];
  const src = text.replace(/^\ufeff/, '');
  const lineAt = lineCounter(src);
  const fromEnv = variableLookup(env);
  const lookup = (n: string) => fromEnv(n) ?? vars.get(n);
  let used = 0;
  let i = 0;
  while (i < src.length) {
    while (i < src.length && /\s/.test(src[i])) i++;
    if (i >= src.length) break;
    const line = lineAt(i);
    if (src[i] === '#') {
      i = endOfLine(src, i);
      continue;
    }
    if (/^export\s+/.test(src.slice(i, i + 16))) {
      i += 'export'.length;
      while (i < src.length && SPACE.test(src[i])) i++;
    }
    const key = readKey(src, i);
    if ('error' in key) {
      problems.push({ line, message: key.error });
      i = endOfLine(src, i);
      continue;
    }
    i = key.next;
    if (key.bare) continue;
    while (i < src.length && SPACE.test(src[i])) i++;
    const value = readValue(src, i);
    if ('error' in value) {
      problems.push({ line, message: `${value.error} in the value of ${key.name}` });
      break;
    }
    i = value.next;
    const r = value.literal ? { value: value.text, errors: value.text.length > limit - used ? [`the value is longer than ${limit - used} characters`] : [] } : substitute(value.text, lookup, limit - used);
    if (r.errors.length > 0) {
      for (const e of r.errors) problems.push({ line, message: `${key.name}: ${e}` });
      continue;
    }
    used += r.value.length;
    vars.set(key.name, r.value);
  }
  return { vars: Object.fromEntries(vars), problems };
}

/** The key at i: up to "=", ":" or the end of the line (a bare key); letters, digits, _ . - [ ] only, no inner space. */
function readKey(src: string, i: number): { name: string; next: number; bare: boolean } | { error: string } {
  const start = i;
  for (; i < src.length; i++) {
    const c = src[i];
    if (c === '=' || c === ':' || c === '\n') break;
    if (SPACE.test(c) || KEY_CHAR.test(c)) continue;
    const shown = src.slice(start, endOfLine(src, start)).trimEnd();
    return { error: `unexpected character ${JSON.stringify(c)} in variable name ${JSON.stringify(shown.length > 40 ? `${shown.slice(0, 40)}...` : shown)}` };
  }
  const name = src.slice(start, i).replace(/[\s]+$/u, '');
  if (/\s/.test(name)) return { error: `key ${JSON.stringify(name)} cannot contain a space` };
  return { name, next: i + 1, bare: i >= src.length || src[i] === '\n' };
}

/** The value at i: quoted (to the closing quote, across lines) or unquoted (to the end of the line). */
function readValue(src: string, i: number): { text: string; literal: boolean; next: number } | { error: string } {
  const quote = src[i];
  if (quote !== '"' && quote !== "'") {
    const end = endOfLine(src, i);
    const raw = src.slice(i, end);
    const hash = raw.indexOf(' #');
    return { text: (hash < 0 ? raw : raw.slice(0, hash)).trimEnd(), literal: false, next: end };
  }
  // A backslash escapes the quote; any other escaped character keeps its backslash (compose-go extractVarValue).
  let chars = '';
  let escaped = false;
  for (let j = i + 1; j < src.length; j++) {
    const c = src[j];
    if (c !== quote) {
      if (!escaped && c === '\\') {
        escaped = true;
        continue;
      }
      if (escaped) chars += '\\';
      escaped = false;
      chars += c;
      continue;
    }
    if (escaped) {
      escaped = false;
      chars += c;
      continue;
    }
    return quote === "'" ? { text: chars, literal: true, next: j + 1 } : { text: expandEscapes(chars), literal: false, next: j + 1 };
  }
  return { error: `unterminated ${quote === '"' ? 'double' : 'single'} quote` };
}

/**
 * Shell escapes in a double-quoted value, as compose-go's expandEscapes: \a \b \f \n \r \t \v \\ \", octal \0NNN
 * (three octal digits, at most \0377), and \$ as a literal "$" (written "$$" for the substitution that follows).
 * Anything else, and a malformed octal escape, stays as written.
 */
function expandEscapes(s: string): string {
  return s.replace(ESCAPE, (m) => {
    const c = m.slice(1);
    if (c === '$') return '$$';
    if (c[0] === '0' && c.length > 1) {
      const digits = c.slice(1);
      return /^[0-7]{3}$/.test(digits) && parseInt(digits, 8) <= 0o377 ? String.fromCharCode(parseInt(digits, 8)) : m;
    }
    return SIMPLE_ESCAPES[c] ?? m;
  });
}

/** Index of the "\n" ending the line that holds i (or the text's length). */
function endOfLine(src: string, i: number): number {
  const n = src.indexOf('\n', i);
  return n < 0 ? src.length : n;
}

/** Line number (1-based) of an offset, for offsets that only grow. */
function lineCounter(src: string): (offset: number) => number {
  let line = 1;
  let at = 0;
  return (offset) => {
    for (; at < offset; at++) if (src.charCodeAt(at) === 10) line++;
    return line;
  };
}
