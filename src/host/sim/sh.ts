// A narrow /bin/sh: simple commands with quoted words joined by &&, ||, ; (what jail(8) and klee hand to sh -c).
import { type Ctx, type Out, concat, ok } from './ctx.js';

/** A token: a word or an operator. */
type Tok = { w: string } | { op: '&&' | '||' | ';' | '|' | '&' };

/** Characters that make jail(8) run a command string with /bin/sh -c (usr.sbin/jail/command.c: strpbrk with "!\"$&'()*;<>?[\\]`{|}~" and more). */
export const SH_META = /[|&;<>()$`\\"'*?[\]#~=%{}!\n]/;

/** Split a command line into words and operators; null on an unterminated quote. */
export function tokenize(s: string): Tok[] | null {
  const out: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === ' ' || c === '\t' || c === '\n') { i++; continue; }
    const two = s.slice(i, i + 2);
    if (two === '&&' || two === '||') { out.push({ op: two }); i += 2; continue; }
    if (c === ';' || c === '|' || c === '&') { out.push({ op: c }); i++; continue; }
    let w = '';
    while (i < s.length && !' \t\n;|&'.includes(s[i])) {
      const q = s[i];
      if (q === "'") {
        const e = s.indexOf("'", i + 1);
        if (e < 0) return null;
        w += s.slice(i + 1, e); i = e + 1;
      } else if (q === '"') {
        i++;
        while (i < s.length && s[i] !== '"') {
          if (s[i] === '\\' && i + 1 < s.length && '"\\$`'.includes(s[i + 1])) i++;
          w += s[i++];
        }
        if (i >= s.length) return null;
        i++;
      } else if (q === '\\' && i + 1 < s.length) { w += s[i + 1]; i += 2; } else { w += q; i++; }
    }
    out.push({ w });
  }
  return out;
}

/** Split a string on blanks (jail(8) runs strings without metacharacters as argv directly). */
export function splitWords(s: string): string[] {
  return s.split(/[ \t]+/).filter(Boolean);
}

/** Run `sh -c SCRIPT` in the context, each simple command through run(). */
export function runSh(ctx: Ctx, script: string, run: (ctx: Ctx, argv: string[]) => Out): Out {
  const toks = tokenize(script);
  if (!toks) return { stdout: '', stderr: 'sh: Syntax error: Unterminated quoted string\n', code: 2 };
  let acc: Out = ok();
  let status = 0;
  let words: string[] = [];
  let pending: '&&' | '||' | ';' | '|' | '&' | undefined;
  const flush = (): void => {
    if (!words.length) return;
    const skip = (pending === '&&' && status !== 0) || (pending === '||' && status === 0);
    if (!skip) {
      const r = run(ctx, words);
      acc = concat(acc, r);
      status = r.code;
    }
    words = [];
  };
  for (const t of toks) {
    if ('w' in t) { words.push(t.w); continue; }
    if (!words.length) return { ...acc, stderr: acc.stderr + `sh: Syntax error: "${t.op}" unexpected\n`, code: 2 };
    flush();
    pending = t.op;
  }
  flush();
  return { ...acc, code: status };
}
