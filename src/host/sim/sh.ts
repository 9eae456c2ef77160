// A narrow /bin/sh (bin/sh; grammar and semantics POSIX XCU 2.9-2.14): simple commands with quoted words,
// parameters, assignments and redirections; `{ list; }` groups; `for NAME [in WORDS]; do LIST; done`; lists joined
// by &&, ||, ;, & and newlines; the builtins echo, printf, read, exec, exit, wait, true, false and `:`. What jail(8)
// and klee hand to sh: jail's exec.* strings, the inside probe's batch, the ssh wave script. An asynchronous list
// (`&`) runs to its end where it stands (the simulator has no processes; like a subshell, it changes no variable of
// the shell); `|` runs its commands one after the other without connecting them.
import { type Ctx, type Out, envOf } from './ctx.js';
import { type Redir, type Seg, type ShEnv, type Tok, ShSyntaxError, expandWord, lex, plainWord } from './sh-lex.js';
import { cannotCreate, scratchOf } from './scratch.js';
import { printf } from './sh-printf.js';

type Simple = { kind: 'simple'; words: Seg[][]; redirs: Redir[] };
type For = { kind: 'for'; name: string; words?: Seg[][]; body: AndOr[] };
type Group = { kind: 'group'; body: AndOr[]; redirs: Redir[] };
type Cmd = Simple | For | Group;
/** Commands joined by && and ||; `|` joins like `;` here; `bg`: the list ended with `&`. */
type AndOr = { first: Cmd; rest: { op: '&&' | '||' | '|'; cmd: Cmd }[]; bg?: boolean };

const RESERVED = new Set(['for', 'in', 'do', 'done', 'if', 'then', 'else', 'elif', 'fi', 'while', 'until', 'case', 'esac', '{', '}', '!']);

/** Parse tokens into a list of and-or lists (a nested list ends at its closing reserved word: done, }). */
function parse(toks: Tok[]): AndOr[] {
  let k = 0;
  const unexpected = (t: Tok | undefined): never => {
    const what = t === undefined ? 'end of file' : 'op' in t ? (t.op === '\n' ? 'newline' : `"${t.op}"`) : 'redir' in t ? 'redirection' : `"${plainWord(t) ?? 'word'}"`;
    throw new ShSyntaxError(`${what} unexpected`);
  };
  const skipNewlines = () => { while (k < toks.length && 'op' in toks[k] && (toks[k] as { op: string }).op === '\n') k++; };
  const isOp = (t: Tok | undefined, ...ops: string[]) => t !== undefined && 'op' in t && ops.includes(t.op);
  const redirs = (): Redir[] => {
    const rs: Redir[] = [];
    while (k < toks.length && 'redir' in toks[k]) rs.push((toks[k++] as { redir: Redir }).redir);
    return rs;
  };

  const command = (): Cmd => {
    const w = plainWord(toks[k]);
    if (w === 'for') return forClause();
    if (w === '{') {
      k++;
      const body = list('}');
      if (body.length === 0) unexpected(toks[k]);
      k++;
      return { kind: 'group', body, redirs: redirs() };
    }
    if (w !== undefined && RESERVED.has(w)) {
      if (['do', 'done', 'in', '}'].includes(w)) unexpected(toks[k]);
      throw new ShSyntaxError(`the simulator's sh does not support "${w}"`);
    }
    const simple: Simple = { kind: 'simple', words: [], redirs: [] };
    while (k < toks.length && !('op' in toks[k])) {
      const t = toks[k++] as Exclude<Tok, { op: string }>;
      if ('redir' in t) simple.redirs.push(t.redir);
      else simple.words.push(t.segs);
    }
    if (simple.words.length === 0 && simple.redirs.length === 0) unexpected(toks[k]);
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
      if (isOp(t, '&&', '||', '|')) {
        k++;
        skipNewlines();
        a.rest.push({ op: (t as { op: '&&' | '||' | '|' }).op, cmd: command() });
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
      if (isOp(toks[k], '&')) { out[out.length - 1].bg = true; k++; continue; }
      if (isOp(toks[k], ';', '\n')) { k++; continue; }
      if (stop && plainWord(toks[k]) === stop) continue;
      unexpected(toks[k]);
    }
  };
  return list();
}

/** `NAME=value` (the name and `=` unquoted): the name and the value's segments, expanded without field splitting. */
function assignment(w: Seg[]): { name: string; value: Seg[] } | undefined {
  let prefix = '';
  let n = 0;
  for (; n < w.length; n++) {
    const g = w[n];
    if (!('lit' in g) || g.q) break;
    prefix += g.lit;
    if (prefix.includes('=')) break;
  }
  const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(prefix);
  if (!m) return undefined;
  return { name: m[1], value: [{ lit: prefix.slice(m[0].length), q: true }, ...w.slice(n + 1).map((g) => ({ ...g, q: true }))] };
}

/** Where a descriptor leads: the shell's own stdout/stderr/stdin, /dev/null, a scratch file or FIFO. */
interface Fd { to: 'out' | 'err' | 'in' | 'null' | 'file' | 'fifo'; path?: string; pos: number }
type Fds = Map<number, Fd>;

/** `exit` (or `exec CMD`) ends the shell with this status. */
class Exit {
  constructor(readonly code: number) {}
}

/** How the shell runs a command that is not a builtin: argv in a context, with that stdin. */
export type ShRun = (ctx: Ctx, argv: string[], stdin?: string) => Out;

/** Run a script as `sh -c SCRIPT [NAME [ARG...]]` or `sh -s` (stdin: what the shell's own stdin holds after it). */
export function runSh(ctx: Ctx, script: string, run: ShRun, args: string[] = [], stdin = ''): Out {
  let program: AndOr[];
  try {
    program = parse(lex(script));
  } catch (e) {
    if (e instanceof ShSyntaxError) return { stdout: '', stderr: `sh: Syntax error: ${e.message}\n`, code: 2 };
    throw e;
  }
  const sc = scratchOf(ctx);
  // Environment variables are shell variables from the start (XCU 2.5.3).
  const env: ShEnv = { name: args[0] ?? 'sh', params: args.slice(1), vars: new Map(Object.entries(envOf(ctx))), status: 0 };
  let stdout = '';
  let stderr = '';
  let input = stdin;
  let nextPid = 1000;
  const jobs = new Map<number, number>();
  const shellFds: Fds = new Map([[0, { to: 'in', pos: 0 }], [1, { to: 'out', pos: 0 }], [2, { to: 'err', pos: 0 }]]);

  const write = (fds: Fds, fd: number, text: string): void => {
    const f = fds.get(fd);
    if (!f || text === '') return;
    if (f.to === 'out') stdout += text;
    else if (f.to === 'err') stderr += text;
    else if (f.to === 'file') sc.files.set(f.path!, (sc.files.get(f.path!) ?? '') + text);
    else if (f.to === 'fifo') sc.fifos.set(f.path!, (sc.fifos.get(f.path!) ?? '') + text);
  };
  const content = (f: Fd): string => (f.to === 'in' ? input : f.to === 'file' ? sc.files.get(f.path!) ?? '' : f.to === 'fifo' ? sc.fifos.get(f.path!) ?? '' : '');
  const consume = (f: Fd, n: number): void => {
    if (f.to === 'in') input = input.slice(n);
    else if (f.to === 'fifo') sc.fifos.set(f.path!, (sc.fifos.get(f.path!) ?? '').slice(n));
    else f.pos += n;
  };
  /** What a command reads from fd 0: everything left. */
  const readAll = (fds: Fds): string => {
    const f = fds.get(0);
    if (!f) return '';
    const text = content(f).slice(f.to === 'file' ? f.pos : 0);
    consume(f, text.length);
    return text;
  };
  /**
   * One line from fd for `read`; `eof`: the end came before a newline (a FIFO nobody writes to is at its end here,
   * where real sh would wait for a writer).
   */
  const readLine = (fds: Fds, fd: number): { line: string; eof: boolean } => {
    const f = fds.get(fd);
    if (!f) return { line: '', eof: true };
    const text = content(f).slice(f.to === 'file' ? f.pos : 0);
    const nl = text.indexOf('\n');
    consume(f, nl < 0 ? text.length : nl + 1);
    return { line: nl < 0 ? text : text.slice(0, nl), eof: nl < 0 };
  };
  /** fds with the redirections applied, left to right (XCU 2.7), or the shell's message (bin/sh/redir.c). */
  const open = (base: Fds, rs: Redir[]): Fds | string => {
    const fds = new Map(base);
    for (const r of rs) {
      if (!('word' in r)) {
        if (r.to === '-') { fds.delete(r.fd); continue; }
        const from = fds.get(r.to);
        if (!from) return `sh: ${r.to}: Bad file descriptor\n`;
        fds.set(r.fd, from);
        continue;
      }
      const [path] = expandWord(r.word, env);
      if (path === undefined) return 'sh: ambiguous redirect\n';
      if (path === '/dev/null') { fds.set(r.fd, { to: 'null', pos: 0 }); continue; }
      if (sc.fifos.has(path)) { fds.set(r.fd, { to: 'fifo', path, pos: 0 }); continue; }
      if (r.op === '<') {
        const log = ctx.st.files[path];
        if (!sc.files.has(path) && log) sc.files.set(path, log.map((l) => `${l}\n`).join(''));
        if (!sc.files.has(path)) return `sh: cannot open ${path}: No such file or directory\n`;
      } else {
        const why = sc.files.has(path) ? undefined : cannotCreate(sc, path);
        if (why) return `sh: cannot create ${path}: ${why}\n`;
        if (r.op === '>' || !sc.files.has(path)) sc.files.set(path, '');
      }
      fds.set(r.fd, { to: 'file', path, pos: 0 });
    }
    return fds;
  };

  const builtin = (argv: string[], fds: Fds): number | undefined => {
    const [name, ...a] = argv;
    switch (name) {
      case ':': case 'true': return 0;
      case 'false': return 1;
      case 'echo': {
        // bin/sh/bltin/echo.c: -n leaves out the newline; no other option is used here.
        const n = a[0] === '-n';
        write(fds, 1, (n ? a.slice(1) : a).join(' ') + (n ? '' : '\n'));
        return 0;
      }
      case 'printf': {
        const r = printf(a);
        write(fds, 1, r.stdout);
        write(fds, 2, r.stderr);
        return r.code;
      }
      case 'read': {
        const raw = a[0] === '-r';
        const names = raw ? a.slice(1) : a;
        const r = readLine(fds, 0);
        const line = raw ? r.line : r.line.replace(/\\(.)/g, '$1');
        // Split at IFS white space; the last name takes the rest (XCU read).
        const words = line.trim().split(/[ \t\n]+/).filter(Boolean);
        names.forEach((v, i) => env.vars.set(v, i === names.length - 1 ? words.slice(i).join(' ') : words[i] ?? ''));
        return r.eof ? 1 : 0;
      }
      case 'wait': return a.length === 0 ? 0 : jobs.get(Number(a[a.length - 1])) ?? 127;
      case 'exit': throw new Exit(a[0] === undefined ? env.status : Number(a[0]) & 0xff);
      default: return undefined;
    }
  };

  const simple = (c: Simple, fds: Fds): void => {
    // Leading NAME=value words are assignments (XCU 2.9.1): for the shell when no command follows, else for its
    // environment only.
    let k = 0;
    const assigns: [string, string][] = [];
    for (; k < c.words.length; k++) {
      const a = assignment(c.words[k]);
      if (!a) break;
      assigns.push([a.name, expandWord(a.value, env).join('')]);
    }
    const argv = c.words.slice(k).flatMap((w) => expandWord(w, env));
    const opened = open(fds, c.redirs);
    if (typeof opened === 'string') { write(fds, 2, opened); env.status = 2; return; }
    if (argv.length === 0) {
      for (const [n, v] of assigns) env.vars.set(n, v);
      env.status = 0;
      return;
    }
    if (argv[0] === 'exec' && argv.length === 1) {
      // exec with only redirections: they stay for the rest of the shell (XCU exec).
      for (const fd of [...shellFds.keys()]) if (!opened.has(fd)) shellFds.delete(fd);
      for (const [fd, f] of opened) shellFds.set(fd, f);
      env.status = 0;
      return;
    }
    const isExec = argv[0] === 'exec';
    const cmd = isExec ? argv.slice(1) : argv;
    const b = builtin(cmd, opened);
    if (b !== undefined) env.status = b;
    else {
      const cenv = assigns.length ? { ...envOf(ctx), ...Object.fromEntries(assigns) } : ctx.env;
      const r = run({ ...ctx, env: cenv }, cmd, readAll(opened));
      write(opened, 1, r.stdout);
      write(opened, 2, r.stderr);
      env.status = r.code;
    }
    if (isExec) throw new Exit(env.status);
  };
  const command = (c: Cmd, fds: Fds): void => {
    if (c.kind === 'simple') return simple(c, fds);
    if (c.kind === 'group') {
      const opened = open(fds, c.redirs);
      if (typeof opened === 'string') { write(fds, 2, opened); env.status = 2; return; }
      return lists(c.body, opened);
    }
    const items = c.words ? c.words.flatMap((w) => expandWord(w, env)) : [...env.params];
    env.status = 0;
    for (const item of items) {
      env.vars.set(c.name, item);
      lists(c.body, fds);
    }
  };
  const andOr = (a: AndOr, fds: Fds): void => {
    command(a.first, fds);
    for (const { op, cmd } of a.rest) {
      if ((op === '&&' && env.status !== 0) || (op === '||' && env.status === 0)) continue;
      command(cmd, fds);
    }
  };
  const lists = (ls: AndOr[], fds: Fds): void => {
    for (const a of ls) {
      if (!a.bg) { andOr(a, fds); continue; }
      // An asynchronous list: a subshell with its own variables; its status is the job's, `$!` its pid, and the
      // list itself succeeds (XCU 2.9.3.1).
      const vars = new Map(env.vars);
      try { andOr(a, new Map(fds)); } catch (e) { if (!(e instanceof Exit)) throw e; env.status = e.code; }
      env.vars = vars;
      env.lastJob = ++nextPid;
      jobs.set(env.lastJob, env.status);
      env.status = 0;
    }
  };
  try {
    lists(program, shellFds);
  } catch (e) {
    if (!(e instanceof Exit)) throw e;
    env.status = e.code;
  }
  return { stdout, stderr, code: env.status };
}
