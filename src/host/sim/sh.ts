// A narrow /bin/sh: simple commands with quoted words and parameters, [n]>&m, joined by &&, ||, ;, newlines, and
// `for NAME [in WORDS]; do LIST; done` (what jail(8) and klee hand to sh -c, including the inside probe's batch).
// Pipes and & run their commands one after the other (the simulator has no processes). Grammar: XCU 2.9/2.10.
import { type Ctx, type Out, ok } from './ctx.js';
import { type Seg, type ShEnv, type Tok, ShSyntaxError, expandWord, lex, plainWord } from './sh-lex.js';

type Simple = { kind: 'simple'; words: Seg[][]; dups: [number, number][] };
type For = { kind: 'for'; name: string; words?: Seg[][]; body: AndOr[] };
type Cmd = Simple | For;
/** Commands joined by && and ||; `|` and `&` join like `;` here. */
type AndOr = { first: Cmd; rest: { op: '&&' | '||' | '|'; cmd: Cmd }[] };

const RESERVED = new Set(['for', 'in', 'do', 'done', 'if', 'then', 'else', 'elif', 'fi', 'while', 'until', 'case', 'esac']);

/** Parse tokens into a list of and-or lists (a nested list ends at its reserved word: done). */
function parse(toks: Tok[]): AndOr[] {
  let k = 0;
  const unexpected = (t: Tok | undefined): never => {
    const what = t === undefined ? 'end of file' : 'op' in t ? (t.op === '\n' ? 'newline' : `"${t.op}"`) : `"${plainWord(t) ?? 'word'}"`;
    throw new ShSyntaxError(`${what} unexpected`);
  };
  const skipNewlines = () => { while (k < toks.length && 'op' in toks[k] && (toks[k] as { op: string }).op === '\n') k++; };
  const isOp = (t: Tok | undefined, ...ops: string[]) => t !== undefined && 'op' in t && ops.includes(t.op);

  const command = (): Cmd => {
    const w = plainWord(toks[k]);
    if (w === 'for') return forClause();
    if (w !== undefined && RESERVED.has(w)) {
      if (w === 'do' || w === 'done' || w === 'in') unexpected(toks[k]);
      throw new ShSyntaxError(`the simulator's sh does not support "${w}"`);
    }
    const simple: Simple = { kind: 'simple', words: [], dups: [] };
    while (k < toks.length && !('op' in toks[k])) {
      const t = toks[k++] as Exclude<Tok, { op: string }>;
      if ('dup' in t) simple.dups.push(t.dup);
      else simple.words.push(t.segs);
    }
    if (simple.words.length === 0 && simple.dups.length === 0) unexpected(toks[k]);
    return simple;
  };
  const forClause = (): For => {
    k++;
    const name = plainWord(toks[k]);
    if (name === undefined || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) unexpected(toks[k]);
    k++;
    const f: For = { kind: 'for', name: name!, body: [] };
    skipNewlines();
    if (plainWord(toks[k]) === 'in') {
      k++;
      f.words = [];
      while (k < toks.length && 'segs' in toks[k]) f.words.push((toks[k++] as { segs: Seg[] }).segs);
      if (!isOp(toks[k], ';', '\n')) unexpected(toks[k]);
      k++;
    } else if (isOp(toks[k], ';')) k++;
    skipNewlines();
    if (plainWord(toks[k]) !== 'do') unexpected(toks[k]);
    k++;
    f.body = list('done');
    if (f.body.length === 0) unexpected(toks[k]);
    k++;
    return f;
  };
  const andOr = (): AndOr => {
    const a: AndOr = { first: command(), rest: [] };
    for (;;) {
      const t = toks[k];
      if (isOp(t, '&&', '||')) {
        k++;
        skipNewlines();
        a.rest.push({ op: (t as { op: '&&' | '||' }).op, cmd: command() });
      } else if (isOp(t, '|')) {
        k++;
        skipNewlines();
        a.rest.push({ op: '|', cmd: command() });
      } else return a;
    }
  };
  const list = (stop?: string): AndOr[] => {
    const out: AndOr[] = [];
    for (;;) {
      skipNewlines();
      if (k >= toks.length) {
        if (stop) unexpected(undefined);
        return out;
      }
      if (stop && plainWord(toks[k]) === stop) return out;
      out.push(andOr());
      if (k >= toks.length) continue;
      if (isOp(toks[k], ';', '&', '\n')) { k++; continue; }
      if (stop && plainWord(toks[k]) === stop) continue;
      unexpected(toks[k]);
    }
  };
  return list();
}

/** Run `sh -c SCRIPT [NAME [ARG...]]` in the context, each simple command through run(); NAME is $0, ARGs are $1... */
export function runSh(ctx: Ctx, script: string, run: (ctx: Ctx, argv: string[]) => Out, args: string[] = []): Out {
  let program: AndOr[];
  try {
    program = parse(lex(script));
  } catch (e) {
    if (e instanceof ShSyntaxError) return { stdout: '', stderr: `sh: Syntax error: ${e.message}\n`, code: 2 };
    throw e;
  }
  const env: ShEnv = { name: args[0] ?? 'sh', params: args.slice(1), vars: new Map(), status: 0 };
  let stdout = '';
  let stderr = '';
  const simple = (c: Simple): void => {
    const argv = c.words.flatMap((w) => expandWord(w, env));
    if (argv.length === 0) { env.status = 0; return; }
    const r = run(ctx, argv);
    // Descriptor duplications, left to right: where fd 1 and fd 2 of the command end up (XCU 2.7.6).
    const to: Record<number, 1 | 2> = { 1: 1, 2: 2 };
    for (const [from, dest] of c.dups) to[from] = to[dest];
    for (const [text, fd] of [[r.stdout, to[1]], [r.stderr, to[2]]] as const) {
      if (fd === 1) stdout += text;
      else stderr += text;
    }
    env.status = r.code;
  };
  const cmd = (c: Cmd): void => {
    if (c.kind === 'simple') return simple(c);
    const items = c.words ? c.words.flatMap((w) => expandWord(w, env)) : [...env.params];
    env.status = 0;
    for (const item of items) {
      env.vars.set(c.name, item);
      lists(c.body);
    }
  };
  const lists = (ls: AndOr[]): void => {
    for (const a of ls) {
      cmd(a.first);
      for (const { op, cmd: next } of a.rest) {
        if ((op === '&&' && env.status !== 0) || (op === '||' && env.status === 0)) continue;
        cmd(next);
      }
    }
  };
  lists(program);
  return { ...ok(stdout, stderr), code: env.status };
}
