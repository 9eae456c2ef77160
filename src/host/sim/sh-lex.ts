// The narrow sh's lexer and word expansion: quotes, parameters ($1, "$@", $#, $?, $!, $$, $name), $(command
// substitution), redirections ([n]> [n]>> [n]< [n]<> [n]>&m [n]<&m [n]>&-), field splitting. Semantics are POSIX
// sh's (XCU 2.2 quoting, 2.5 parameters, 2.6 expansion, 2.7 redirection), checked against the real /bin/sh in
// test/sim/sh.test.ts. Not supported (an error, never a silent literal): backquotes, ${x:-...} forms,
// here-documents. No pathname expansion.

/** A piece of a word: literal text, a parameter or a command substitution, inside double quotes or not (single quotes give quoted literals). */
export type Seg = { lit: string; q: boolean } | { param: string; q: boolean } | { sub: string; q: boolean };
/** A redirection of descriptor `fd`: to or from a file (its word), or a duplication of `to` (`-`: close). */
export type Redir = { fd: number; op: '>' | '>>' | '<' | '<>'; word: Seg[] } | { fd: number; op: '>&' | '<&'; to: number | '-' };
/** A token: a word, an operator (newline included), or a redirection. */
export type Tok = { segs: Seg[] } | { op: '&&' | '||' | ';' | '|' | '&' | '\n' } | { redir: Redir };

/** The values parameters expand to: $0, positional parameters, variables, the last status, the last job. */
export interface ShEnv {
  name: string;
  params: string[];
  vars: Map<string, string>;
  status: number;
  /** $!: the process id of the last background job. */
  lastJob?: number;
  /** $$: the simulated process id of the shell. */
  pid?: number;
}

/** Runs a command substitution's script and returns its standard output. */
export type Subst = (script: string) => string;

/** A lexing error, reported as sh reports syntax errors (exit 2). */
export class ShSyntaxError extends Error {}

/** A run of characters with no meaning to the lexer outside quotes. */
const PLAIN = /[^ \t\n;|&<>'"\\$`()]+/y;

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
    if (c === '(') {
      // $(...): up to the matching parenthesis, skipping quoted text (XCU 2.6.3).
      let depth = 1;
      let k = i + 2;
      for (; k < s.length && depth > 0; k++) {
        if (s[k] === "'") { const e = s.indexOf("'", k + 1); if (e < 0) break; k = e; }
        else if (s[k] === '"') { let e = k + 1; while (e < s.length && s[e] !== '"') e += s[e] === '\\' ? 2 : 1; k = e; }
        else if (s[k] === '\\') k++;
        else if (s[k] === '(') depth++;
        else if (s[k] === ')') depth--;
      }
      // FreeBSD sh's text for it: bin/sh/parser.c parsebackq reads the list and calls synexpect(TRP), which prints
      // "<token> unexpected (expecting <token>)" with tokname[] "end of file" and "\")\"" (dash, of the same ash
      // lineage, prints the same: checked on this machine's /bin/sh).
      if (depth > 0) throw new ShSyntaxError('end of file unexpected (expecting ")")');
      const sub = s.slice(i + 2, k - 1);
      i = k;
      return { sub, q };
    }
    if (c === '`') throw new ShSyntaxError("the simulator's sh does not support command substitution");
    if (c !== undefined && SPECIAL.has(c)) { i += 2; return { param: c, q }; }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(i + 1));
    if (m) { i += 1 + m[0].length; return { param: m[0], q }; }
    i++;
    return { lit: '$', q };
  };
  // One word at s[i] (quotes and parameters kept apart as segments), up to an unquoted blank or operator.
  const word = (): Seg[] => {
    const segs: Seg[] = [];
    // Literal text joins the literal before it when both are quoted alike (a 60 KB ssh wave script is one pass).
    const lit = (t: string, q: boolean) => {
      const last = segs[segs.length - 1];
      if (last && 'lit' in last && last.q === q) last.lit += t;
      else segs.push({ lit: t, q });
    };
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
      else if (q === '(' || q === ')') throw new ShSyntaxError("the simulator's sh does not support subshells");
      else {
        PLAIN.lastIndex = i;
        const run = PLAIN.exec(s)![0];
        lit(run, false);
        i += run.length;
      }
    }
    return segs;
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
    const redir = /^([0-9]?)(>>|<>|>&|<&|>|<)/.exec(s.slice(i, i + 3));
    if (redir) {
      const [r, digit, op] = redir;
      const fd = digit === '' ? (op[0] === '<' ? 0 : 1) : Number(digit);
      i += r.length;
      while (s[i] === ' ' || s[i] === '\t') i++;
      if (op === '>&' || op === '<&') {
        const m = /^([0-9]|-)(?=[ \t\n;|&<>]|$)/.exec(s.slice(i));
        if (!m) throw new ShSyntaxError(`the simulator's sh duplicates only to a descriptor 0-9 or - (${s.slice(i - r.length, i + 4)})`);
        out.push({ redir: { fd, op, to: m[1] === '-' ? '-' : Number(m[1]) } });
        i += m[1].length;
        continue;
      }
      const target = word();
      if (target.length === 0) throw new ShSyntaxError(`redirection unexpected`);
      out.push({ redir: { fd, op: op as '>' | '>>' | '<' | '<>', word: target } });
      continue;
    }
    out.push({ segs: word() });
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
  if (name === '$') return String(env.pid ?? 1); // XCU 2.5.2: $ is the process id of the shell (the simulated one)
  if (name === '!') return env.lastJob === undefined ? '' : String(env.lastJob);
  if (name === '-') return '';
  if (/^[0-9]+$/.test(name)) return env.params[Number(name) - 1] ?? '';
  return env.vars.get(name) ?? '';
}

/**
 * Expand a word to fields: parameters and command substitutions (their output without trailing newlines, XCU 2.6.3)
 * replaced, unquoted results split on blanks, quoted "$@" one field per parameter.
 */
export function expandWord(segs: Seg[], env: ShEnv, subst?: Subst): string[] {
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
    if ('sub' in g) {
      if (!subst) throw new ShSyntaxError("the simulator's sh does not support command substitution here");
      const v = subst(g.sub).replace(/\n+$/, '');
      if (g.q) { cur += v; has = true; } else unquoted(v);
      continue;
    }
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
