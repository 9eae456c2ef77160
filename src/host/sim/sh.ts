// A narrow /bin/sh (bin/sh; grammar and semantics POSIX XCU 2.9-2.14): simple commands with quoted words,
// parameters, $(...), assignments and redirections; `{ list; }` groups; `for NAME [in WORDS]; do LIST; done`,
// `while|until LIST; do LIST; done`; lists joined by &&, ||, ;, & and newlines; the builtins `:`, true, false, echo,
// printf, read, wait, exit, exec, trap, `.`, export, umask and break. What jail(8) and klee hand to sh: jail's exec.*
// strings, the inside probe's batch, klee's program scripts (src/host/program.ts), the ssh wave script. Checked
// against the real /bin/sh in test/sim/sh.test.ts. An asynchronous list (`&`) runs to its end where it stands (like
// a subshell, it changes no variable of the shell); `|` runs its commands one after the other without connecting them.
//
// A shell can also run as a simulated process (a supervised wrapper, src/host/sim/procs.ts): when a foreground command
// has to be waited for, interpret() stops with Suspend, and the process resumes later by running the script again from
// the start with the results of the commands it already ran (its journal): deterministic, so the state file needs no
// serialised continuation. While replaying, nothing is written and no command runs twice.
import { type Ctx, type Out, envOf, ok } from './ctx.js';
import { type Redir, type Seg, type ShEnv, type Tok, ShSyntaxError, expandWord, lex, plainWord } from './sh-lex.js';
import { printf } from './sh-printf.js';
import { scratchFiles } from './scratch.js';
import { signalNumber } from './signals.js';

type Assign = { name: string; value: Seg[] };
type Simple = { kind: 'simple'; assigns: Assign[]; words: Seg[][]; redirs: Redir[] };
type For = { kind: 'for'; name: string; words?: Seg[][]; body: AndOr[] };
type While = { kind: 'while'; until: boolean; cond: AndOr[]; body: AndOr[] };
type Group = { kind: 'group'; body: AndOr[]; redirs: Redir[] };
type Cmd = Simple | For | While | Group;
/** Commands joined by && and ||; `|` joins like `;` here; `bg`: the list ended with `&`. */
type AndOr = { first: Cmd; rest: { op: '&&' | '||' | '|'; cmd: Cmd }[]; bg?: boolean };

const RESERVED = new Set(['for', 'in', 'do', 'done', 'if', 'then', 'else', 'elif', 'fi', 'while', 'until', 'case', 'esac', '{', '}', '!']);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Parse tokens into a list of and-or lists (a nested list ends at its closing reserved word: do, done, }). */
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
    if (w === 'while' || w === 'until') return whileClause(w === 'until');
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
    const simple: Simple = { kind: 'simple', assigns: [], words: [], redirs: [] };
    while (k < toks.length && !('op' in toks[k])) {
      const t = toks[k++] as Exclude<Tok, { op: string }>;
      if ('redir' in t) simple.redirs.push(t.redir);
      else if (simple.words.length === 0 && assignment(t.segs)) simple.assigns.push(assignment(t.segs)!);
      else simple.words.push(t.segs);
    }
    if (simple.words.length === 0 && simple.assigns.length === 0 && simple.redirs.length === 0) unexpected(toks[k]);
    return simple;
  };
  const forClause = (): For => {
    k++;
    const name = plainWord(toks[k]);
    if (name === undefined || !NAME.test(name)) unexpected(toks[k]);
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
    f.body = doGroup();
    return f;
  };
  const whileClause = (until: boolean): While => {
    k++;
    const cond = list('do');
    if (cond.length === 0) unexpected(toks[k]);
    return { kind: 'while', until, cond, body: doGroup() };
  };
  const doGroup = (): AndOr[] => {
    skipNewlines();
    if (plainWord(toks[k]) !== 'do') unexpected(toks[k]);
    k++;
    const body = list('done');
    if (body.length === 0) unexpected(toks[k]);
    k++;
    return body;
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

/** `NAME=value` (the name and `=` unquoted) as the first word(s) of a simple command (XCU 2.9.1); the value is expanded without field splitting. */
function assignment(w: Seg[]): Assign | undefined {
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

/**
 * Where a descriptor leads: the shell's own fd 1 or 2, its standard input, a file as the script names it (read from
 * `pos`), a FIFO, a command substitution's capture, or nowhere. Duplicated descriptors share the object.
 */
export type Target =
  | { kind: 'sh'; fd: 1 | 2 }
  | { kind: 'in' }
  | { kind: 'file'; path: string; pos: number }
  | { kind: 'fifo'; path: string }
  | { kind: 'capture'; buf: { text: string } }
  | { kind: 'null' };
type Fds = Map<number, Target>;

/** A foreground command that has to be waited for: the process to wait for. */
export interface Block {
  block: number;
}

/** File access for redirections, `.` and `read`, with paths as the script wrote them (the caller maps them into a jail). */
export interface ShFiles {
  read(path: string): string | undefined;
  /** Write (append, or replace); returns the shell's message when the file cannot be created. */
  write(path: string, text: string, append: boolean): string | undefined;
  /** The FIFO at path (the host's scratch space, scratch.ts): the bytes written and not yet read. */
  fifo?(path: string): { text(): string; consume(n: number): void; write(text: string): void } | undefined;
  /** Whether /dev here is a devfs, whose /dev/stdin opens the shell's own standard input (absent: it is). */
  devfs?: boolean;
}

/** What the interpreter needs from its surroundings. */
export interface ShIo {
  /** Run an external command (stdin: what fd 0 holds, or undefined: the shared input; out: where fds 1 and 2 go). */
  run(argv: string[], env: Record<string, string>, stdin: string | undefined, out: { 1: Target; 2: Target }): Out | Block;
  files: ShFiles;
  /** The shell's own output. */
  out(fd: 1 | 2, text: string): void;
  /** The shell's standard input, shared with the commands it runs (the first that reads it takes it). */
  input?: { text: string };
}

/** One command the shell already ran as a process: its status and output, and the traps that ran after it. */
export interface JournalEntry {
  code: number;
  stdout: string;
  traps?: string[];
}

/** Thrown by interpret() when a foreground command blocks: resume when `pid` exits. */
export class Suspend {
  constructor(readonly pid: number, readonly traps: Record<string, string>) {}
}

class ShExit {
  constructor(readonly code: number) {}
}
class ShBreak {}

/** How a script is run. */
export interface ShScript {
  name: string;
  args: string[];
  /** Exported environment the shell starts with (every variable of it is a shell variable, XCU 2.5.3). */
  env: Readonly<Record<string, string>>;
  pid?: number;
  /** Process mode: the commands already run; interpret() appends to it. */
  journal?: JournalEntry[];
  /** Process mode: traps that fired while the shell waited for the command the journal ends with. */
  pendingTraps?: string[];
}

/** The result of a whole script. */
export interface ShResult {
  code: number;
  traps: Record<string, string>;
}

/**
 * Run a script. Throws Suspend (process mode) when a command has to be waited for; syntax errors are reported as sh
 * reports them (`sh: Syntax error: ...`, exit 2).
 */
export function interpret(script: string, run: ShScript, io: ShIo): ShResult {
  let program: AndOr[];
  try {
    program = parse(lex(script));
  } catch (e) {
    if (e instanceof ShSyntaxError) { io.out(2, `sh: Syntax error: ${e.message}\n`); return { code: 2, traps: {} }; }
    throw e;
  }
  const env: ShEnv = { name: run.name, params: [...run.args], vars: new Map(Object.entries(run.env)), status: 0, pid: run.pid };
  const exported = new Set(Object.keys(run.env));
  const traps: Record<string, string> = {};
  const journal = run.journal;
  const files = io.files;
  let pos = 0;
  let nextPid = 1000;
  const jobs = new Map<number, number>();
  const replaying = () => journal !== undefined && pos < journal.length;
  const shellFds: Fds = new Map<number, Target>([[0, { kind: 'in' }], [1, { kind: 'sh', fd: 1 }], [2, { kind: 'sh', fd: 2 }]]);

  const environment = (extra: Record<string, string> = {}): Record<string, string> => {
    const e: Record<string, string> = {};
    for (const n of exported) e[n] = env.vars.get(n) ?? '';
    return { ...e, ...extra };
  };

  // Descriptors. Writes are side effects (skipped while replaying), except into a capture, which replays rebuild.
  const write = (fds: Fds, fd: number, text: string): void => {
    const t = fds.get(fd);
    if (!t || text === '') return;
    if (t.kind === 'capture') { t.buf.text += text; return; }
    if (replaying()) return;
    if (t.kind === 'sh') io.out(t.fd, text);
    else if (t.kind === 'file') { const err = files.write(t.path, text, true); if (err) io.out(2, err); }
    else if (t.kind === 'fifo') files.fifo?.(t.path)?.write(text);
  };
  /** What fd holds from its position on, and a function that marks n bytes of it read. */
  const readable = (t: Target | undefined): { text: string; take: (n: number) => void } => {
    if (t?.kind === 'in') return { text: io.input?.text ?? '', take: (n) => { if (io.input) io.input.text = io.input.text.slice(n); } };
    if (t?.kind === 'file') return { text: (files.read(t.path) ?? '').slice(t.pos), take: (n) => { t.pos += n; } };
    if (t?.kind === 'fifo') { const f = files.fifo?.(t.path); return { text: f?.text() ?? '', take: (n) => f?.consume(n) }; }
    return { text: '', take: () => {} };
  };
  /** One line for `read`; eof: the end came before a newline (a FIFO nobody writes to is at its end here, where sh would wait for a writer). */
  const readLine = (fds: Fds): { line: string; eof: boolean } => {
    const r = readable(fds.get(0));
    const nl = r.text.indexOf('\n');
    r.take(nl < 0 ? r.text.length : nl + 1);
    return { line: nl < 0 ? r.text : r.text.slice(0, nl), eof: nl < 0 };
  };
  /** What is left of standard input, read to its end. */
  const readAll = (fds: Fds): string => {
    const r = readable(fds.get(0));
    const text = r.text;
    r.take(text.length);
    return text;
  };
  /** An external command's stdin: the shared input is left to the command (read only if it reads), the rest is read whole. */
  const stdinOf = (fds: Fds): string | undefined => {
    const t = fds.get(0);
    if (t?.kind === 'in') return undefined;
    const r = readable(t);
    r.take(r.text.length);
    return r.text;
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
      const [path] = expandWord(r.word, env, subst);
      if (path === undefined) return 'sh: ambiguous redirect\n';
      if (path === '/dev/null') { fds.set(r.fd, { kind: 'null' }); continue; }
      if (files.fifo?.(path)) { fds.set(r.fd, { kind: 'fifo', path }); continue; }
      if (r.op === '<') {
        if (files.read(path) === undefined) return `sh: cannot open ${path}: No such file or directory\n`;
      } else if (!replaying()) {
        // `>` truncates at once, `>>` and `<>` create a missing file and keep an existing one.
        const err = r.op === '>' ? files.write(path, '', false) : files.read(path) === undefined ? files.write(path, '', true) : undefined;
        if (err) return err;
      }
      fds.set(r.fd, { kind: 'file', path, pos: 0 });
    }
    return fds;
  };

  const runTraps = (names: string[] | undefined) => {
    for (const n of names ?? []) {
      const action = traps[n];
      if (action) lists(parse(lex(action)), shellFds);
    }
  };
  /** One external command: replayed from the journal, or run now. */
  const external = (argv: string[], extra: Record<string, string>, fds: Fds): Out => {
    if (journal && pos < journal.length) {
      const e = journal[pos++];
      runTraps(e.traps);
      return { stdout: e.stdout, stderr: '', code: e.code };
    }
    const r = io.run(argv, environment(extra), stdinOf(fds), { 1: fds.get(1) ?? { kind: 'null' }, 2: fds.get(2) ?? { kind: 'null' } });
    if ('block' in r) {
      if (!journal) throw new Error('sim: a foreground command blocked outside a process');
      throw new Suspend(r.block, { ...traps });
    }
    if (journal) { journal.push({ code: r.code, stdout: r.stdout }); pos++; }
    return r;
  };
  let lastSubstStatus: number | undefined;
  /** $(...): the script in a subshell (its own copy of the variables, XCU 2.12), its standard output captured. */
  function subst(script: string): string {
    const buf = { text: '' };
    const saved = new Map(env.vars);
    const savedStatus = env.status;
    try {
      lists(parse(lex(script)), new Map(shellFds).set(1, { kind: 'capture', buf }));
    } catch (e) {
      if (!(e instanceof ShExit)) throw e;
      env.status = e.code;
    }
    lastSubstStatus = env.status;
    env.vars = saved;
    env.status = savedStatus;
    return buf.text;
  }

  /** The builtins (XCU 2.14 special built-ins, and those bin/sh has for echo, printf, read, wait, true, false, umask); undefined: not one. */
  const builtin = (argv: string[], fds: Fds): number | undefined => {
    const [name, ...a] = argv;
    const err = (text: string) => write(fds, 2, text);
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
        const r = readLine(fds);
        const line = raw ? r.line : r.line.replace(/\\(.)/g, '$1');
        // Split at IFS white space; the last name takes the rest (XCU read).
        const words = line.trim().split(/[ \t\n]+/).filter(Boolean);
        names.forEach((v, i) => env.vars.set(v, i === names.length - 1 ? words.slice(i).join(' ') : words[i] ?? ''));
        return r.eof ? 1 : 0;
      }
      case 'wait': return a.length === 0 ? 0 : jobs.get(Number(a[a.length - 1])) ?? 127;
      case 'exit': throw new ShExit(a.length ? Number(a[0]) & 255 : env.status);
      case 'break': throw new ShBreak();
      case 'trap': {
        if (a.length < 2) { err("trap: the simulator's sh needs an action and signals\n"); return 2; }
        const [action, ...sigs] = a;
        for (const s of sigs) {
          const n = signalNumber(s);
          if (n === undefined && s !== 'EXIT' && s !== '0') { err(`trap: bad signal ${s}\n`); return 1; }
          const key = n === undefined ? 'EXIT' : String(n);
          if (action === '-') delete traps[key];
          else traps[key] = action;
        }
        return 0;
      }
      case 'export': {
        for (const x of a) {
          const eq = x.indexOf('=');
          const v = eq < 0 ? x : x.slice(0, eq);
          if (!NAME.test(v)) { err(`export: ${v}: bad variable name\n`); return 2; }
          if (eq >= 0) env.vars.set(v, x.slice(eq + 1));
          exported.add(v);
        }
        return 0;
      }
      case 'umask':
        if (a.length && !/^[0-7]{1,4}$/.test(a[0])) { err(`umask: Illegal number: ${a[0]}\n`); return 2; }
        return 0;
      case '.': {
        // `. FILE` runs the file in this shell; a file that cannot be opened ends a non-interactive shell (XCU 2.8.1).
        // /dev/stdin is devfs's alias of fd/0, whose open duplicates descriptor 0 (sys/kern/kern_descrip.c
        // fildesc_drvinit, fdopen): the file is the rest of the shell's standard input.
        const text = a[0] === undefined ? undefined : a[0] === '/dev/stdin' && files.devfs !== false ? readAll(fds) : files.read(a[0]);
        if (text === undefined) { err(`.: cannot open ${a[0] ?? ''}: No such file or directory\n`); throw new ShExit(2); }
        lists(parse(lex(text)), fds);
        return env.status;
      }
      default: return undefined;
    }
  };

  const simple = (c: Simple, fds: Fds): void => {
    lastSubstStatus = undefined;
    const argv = c.words.flatMap((w) => expandWord(w, env, subst));
    const values = c.assigns.map((a) => [a.name, expandWord(a.value, env, subst).join('')] as const);
    const opened = open(fds, c.redirs);
    if (typeof opened === 'string') { write(fds, 2, opened); env.status = 2; return; }
    if (argv.length === 0) {
      for (const [n, v] of values) env.vars.set(n, v);
      env.status = lastSubstStatus ?? 0;
      return;
    }
    if (argv[0] === 'exec' && argv.length === 1) {
      // exec with only redirections: they stay for the rest of the shell (XCU exec).
      for (const fd of [...shellFds.keys()]) if (!opened.has(fd)) shellFds.delete(fd);
      for (const [fd, t] of opened) shellFds.set(fd, t);
      env.status = 0;
      return;
    }
    // exec CMD: the shell becomes the command, so the script ends with its status.
    const isExec = argv[0] === 'exec';
    const cmd = isExec ? argv.slice(1) : argv;
    // Assignments before a special built-in stay in the shell (XCU 2.14); klee's scripts need nothing finer.
    const b = builtin(cmd, opened);
    if (b !== undefined) {
      for (const [n, v] of values) env.vars.set(n, v);
      env.status = b;
    } else {
      const r = external(cmd, Object.fromEntries(values), opened);
      write(opened, 1, r.stdout);
      write(opened, 2, r.stderr);
      env.status = r.code;
    }
    if (isExec) throw new ShExit(env.status);
  };
  const command = (c: Cmd, fds: Fds): void => {
    if (c.kind === 'simple') return simple(c, fds);
    if (c.kind === 'group') {
      const opened = open(fds, c.redirs);
      if (typeof opened === 'string') { write(fds, 2, opened); env.status = 2; return; }
      return lists(c.body, opened);
    }
    if (c.kind === 'for') {
      const items = c.words ? c.words.flatMap((w) => expandWord(w, env, subst)) : [...env.params];
      env.status = 0;
      try {
        for (const item of items) {
          env.vars.set(c.name, item);
          lists(c.body, fds);
        }
      } catch (e) { if (!(e instanceof ShBreak)) throw e; }
      return;
    }
    let last = 0;
    try {
      for (;;) {
        lists(c.cond, fds);
        if ((env.status === 0) === c.until) break;
        lists(c.body, fds);
        last = env.status;
      }
    } catch (e) { if (!(e instanceof ShBreak)) throw e; }
    env.status = last;
  };
  const andOr = (a: AndOr, fds: Fds): void => {
    command(a.first, fds);
    for (const { op, cmd } of a.rest) {
      if ((op === '&&' && env.status !== 0) || (op === '||' && env.status === 0)) continue;
      command(cmd, fds);
    }
  };
  function lists(ls: AndOr[], fds: Fds): void {
    for (const a of ls) {
      if (!a.bg) { andOr(a, fds); continue; }
      // An asynchronous list: a subshell with its own variables; its status is the job's, `$!` its pid, and the
      // list itself succeeds (XCU 2.9.3.1).
      const vars = new Map(env.vars);
      try { andOr(a, new Map(fds)); } catch (e) { if (!(e instanceof ShExit)) throw e; env.status = e.code; }
      env.vars = vars;
      env.lastJob = ++nextPid;
      jobs.set(env.lastJob, env.status);
      env.status = 0;
    }
  }
  try {
    // Traps that fired while the resumed process waited run right after the command it waited for.
    if (journal && run.pendingTraps?.length) journal[journal.length - 1].traps = [...(journal[journal.length - 1].traps ?? []), ...run.pendingTraps];
    lists(program, shellFds);
  } catch (e) {
    if (e instanceof ShExit) return { code: e.code, traps };
    if (e instanceof ShSyntaxError) { io.out(2, `sh: Syntax error: ${e.message}\n`); return { code: 2, traps }; }
    if (e instanceof ShBreak) return { code: env.status, traps };
    throw e;
  }
  return { code: env.status, traps };
}

/** How the synchronous shell runs a command that is not a builtin: argv in a context, with that stdin. */
export type ShRun = (ctx: Ctx, argv: string[], stdin?: string) => Out;

/**
 * Run `sh -c SCRIPT [NAME [ARG...]]` (or `sh -s`: the script is what stdin held) synchronously in ctx, each external
 * command through run(); NAME is $0. Commands read the shell's standard input from ctx.stdin (shared: the first
 * reader takes it), or a `<` redirection. Files: `files` (a jail's, files.ts), else the host's scratch space.
 */
export function runSh(ctx: Ctx, script: string, run: ShRun, args: string[] = [], opts: { files?: ShFiles } = {}): Out {
  let stdout = '';
  let stderr = '';
  const io: ShIo = {
    run: (argv, env, stdin) => run({ ...ctx, env }, argv, stdin),
    files: opts.files ?? scratchFiles(ctx),
    out: (fd, text) => { if (fd === 1) stdout += text; else stderr += text; },
    input: ctx.stdin,
  };
  const r = interpret(script, { name: args[0] ?? 'sh', args: args.slice(1), env: envOf(ctx) }, io);
  return { ...ok(stdout, stderr), code: r.code };
}
