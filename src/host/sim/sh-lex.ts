// The narrow sh's lexer and word expansion: quotes, parameters ($1, "$@", $#, $?, $name), [n]>&m, field splitting.
// Semantics are POSIX sh's (XCU 2.2 quoting, 2.5 parameters, 2.6 expansion, 2.7 redirection), checked against the
// real /bin/sh in test/sim/sh.test.ts. Not supported (an error, never a silent literal): command substitution,
// ${x:-...} forms, redirection to or from files. No pathname expansion (the simulator has no file system).

/** A piece of a word: literal text or a parameter, inside double quotes or not (single quotes give quoted literals). */
export type Seg = { lit: string; q: boolean } | { param: string; q: boolean };
/** A token: a word, an operator (newline included), or a descriptor duplication `[n]>&m`. */
export type Tok = { segs: Seg[] } | { op: '&&' | '||' | ';' | '|' | '&' | '\n' } | { dup: [number, number] };

/** The values parameters expand to: $0, positional parameters, variables, the last status. */
export interface ShEnv {
  name: string;
  params: string[];
  vars: Map<string, string>;
  status: number;
}

/** A lexing error, reported as sh reports syntax errors (exit 2). */
export class ShSyntaxError extends Error {}

const SPECIAL = new Set(['@', '*', '#', '?', '$', '!', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);

/** Split a script into tokens. */
export function lex(s: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  // A parameter after `$` at s[i]; returns the segment and the index after it, or a literal `$`.
  const dollar = (q: boolean): Seg => {
    const c = s[i + 1];
    if (c === '{') {
      const e = s.indexOf('}', i + 2);
      const name = e < 0 ? '' : s.slice(i + 2, e);
      if (!/^([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[@*#?$!-])$/.test(name)) throw new ShSyntaxError(`the simulator's sh does not support \${${name}}`);
      i = e + 1;
      return { param: name, q };
    }
    if (c === '(' || c === '`') throw new ShSyntaxError("the simulator's sh does not support command substitution");
    if (c !== undefined && SPECIAL.has(c)) { i += 2; return { param: c, q }; }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(i + 1));
    if (m) { i += 1 + m[0].length; return { param: m[0], q }; }
    i++;
    return { lit: '$', q };
  };
  while (i < s.length) {
    const c = s[i];
    if (c === ' ' || c === '\t') { i++; continue; }
    if (c === '\\' && s[i + 1] === '\n') { i += 2; continue; }
    if (c === '#') { while (i < s.length && s[i] !== '\n') i++; continue; }
    if (c === '\n') { out.push({ op: '\n' }); i++; continue; }
    const two = s.slice(i, i + 2);
    if (two === '&&' || two === '||') { out.push({ op: two }); i += 2; continue; }
    if (c === ';' || c === '|' || c === '&') { out.push({ op: c }); i++; continue; }
    const redir = /^([0-9]*)>&([0-9]+)/.exec(s.slice(i));
    if (redir) {
      const [from, to] = [redir[1] === '' ? 1 : Number(redir[1]), Number(redir[2])];
      if (![1, 2].includes(from) || ![1, 2].includes(to)) throw new ShSyntaxError(`the simulator's sh duplicates only descriptors 1 and 2 (${redir[0]})`);
      out.push({ dup: [from, to] });
      i += redir[0].length;
      continue;
    }
    if (c === '<' || c === '>') throw new ShSyntaxError("the simulator's sh does not redirect to or from files");
    const segs: Seg[] = [];
    const lit = (t: string, q: boolean) => segs.push({ lit: t, q });
    while (i < s.length && !' \t\n;|&<>'.includes(s[i])) {
      const q = s[i];
      if (q === "'") {
        const e = s.indexOf("'", i + 1);
        if (e < 0) throw new ShSyntaxError('Unterminated quoted string');
        lit(s.slice(i + 1, e), true); i = e + 1;
      } else if (q === '"') {
        const before = segs.length;
        i++;
        while (i < s.length && s[i] !== '"') {
          if (s[i] === '\\' && i + 1 < s.length && '"\\$`\n'.includes(s[i + 1])) { if (s[i + 1] !== '\n') lit(s[i + 1], true); i += 2; }
          else if (s[i] === '$') segs.push(dollar(true));
          else if (s[i] === '`') throw new ShSyntaxError("the simulator's sh does not support command substitution");
          else lit(s[i++], true);
        }
        if (i >= s.length) throw new ShSyntaxError('Unterminated quoted string');
        i++;
        if (segs.length === before) lit('', true); // "" is an empty field; "$@" without parameters is none
      } else if (q === '\\' && i + 1 < s.length) { if (s[i + 1] !== '\n') lit(s[i + 1], true); i += 2; }
      else if (q === '$') segs.push(dollar(false));
      else if (q === '`') throw new ShSyntaxError("the simulator's sh does not support command substitution");
      else { lit(q, false); i++; }
    }
    out.push({ segs });
  }
  return out;
}

/** The literal text of a word when it is entirely unquoted literal (reserved words, names), else undefined. */
export function plainWord(t: Tok | undefined): string | undefined {
  if (!t || !('segs' in t) || t.segs.length === 0) return undefined;
  let w = '';
  for (const g of t.segs) {
    if (!('lit' in g) || g.q) return undefined;
    w += g.lit;
  }
  return w;
}

function paramValue(name: string, env: ShEnv): string | string[] {
  if (name === '@' || name === '*') return env.params;
  if (name === '#') return String(env.params.length);
  if (name === '?') return String(env.status);
  if (name === '0') return env.name;
  if (name === '$') return '1';
  if (name === '!' || name === '-') return '';
  if (/^[0-9]+$/.test(name)) return env.params[Number(name) - 1] ?? '';
  return env.vars.get(name) ?? '';
}

/** Expand a word to fields: parameters replaced, unquoted results split on blanks, quoted "$@" one field per parameter. */
export function expandWord(segs: Seg[], env: ShEnv): string[] {
  const fields: string[] = [];
  let cur = '';
  let has = false; // the current field exists (it has text, or a quoted part)
  const end = () => { if (has) fields.push(cur); cur = ''; has = false; };
  const unquoted = (v: string) => {
    // Field splitting with the default IFS (space, tab, newline): XCU 2.6.5.
    const parts = v.split(/[ \t\n]+/);
    parts.forEach((p, k) => {
      if (k > 0) end();
      if (p !== '') { cur += p; has = true; }
    });
  };
  for (const g of segs) {
    if ('lit' in g) { cur += g.lit; if (g.q || g.lit !== '') has = true; continue; }
    const v = paramValue(g.param, env);
    if (Array.isArray(v)) {
      if (g.q && g.param === '@') v.forEach((p, k) => { if (k > 0) end(); cur += p; has = true; });
      else if (g.q) { cur += v.join(' '); has = true; }
      else v.forEach((p, k) => { if (k > 0) end(); unquoted(p); });
    } else if (g.q) { cur += v; has = true; }
    else unquoted(v);
  }
  end();
  return fields;
}
