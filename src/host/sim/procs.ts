// Processes of the simulated host: started, signalled and reaped on a simulated clock.
// A process is a program (it runs until signalled, unless a test control says it exits), sleep(1), a shell running a
// script (sh.ts, resumable) or daemon(8)'s supervisor (daemon.ts). Time only moves forward: with the wall clock
// (scaled, `clock-scale=`), and in jumps whenever something waits (sleep, pwait -t, timeout, jail -r's stop.timeout):
// waiting runs the events due until then (settle), so tests never sleep. Signals follow signal(3)'s default actions
// unless the process catches or ignores them; when a process ends its parent learns its status (wait(2)), its children
// are reparented to init (pid 1), and a jail without `persist` whose last process ended is removed (kern_jail.c
// prison_proc_free: a non-persistent prison dies with its last process).
import { type Ctx, type Out, envOf } from './ctx.js';
import { appendText, hostPath, shFiles } from './files.js';
import { type JournalEntry, type ShIo, Suspend, interpret } from './sh.js';
import { SIGKILL, SIGTERM, terminatesByDefault } from './signals.js';
import type { ProgramControl, SimProc, SimState, SimStatus } from './state.js';

/** The exit status a shell sees for a status ($?): the code, or 128 + the signal number (XCU 2.8.2). */
export function statusCode(s: SimStatus): number {
  return 'code' in s ? s.code : 128 + s.signal;
}

/** A live process by pid. */
export function proc(st: SimState, pid: number): SimProc | undefined {
  return st.procs.find((p) => p.pid === pid);
}

/** The live processes of a jail (0 = the host's own). */
export function jailProcs(st: SimState, jid: number): SimProc[] {
  return st.procs.filter((p) => p.jid === jid);
}

/** Advance the clock by the wall time since the last command, times `scale` (0 = only waits move it). */
export function tick(st: SimState, scale: number): void {
  const wall = Date.now();
  st.clock.now += Math.max(0, wall - st.clock.wall) * scale;
  st.clock.wall = wall;
}

/** What a new process starts as. */
export interface SpawnSpec {
  argv: string[];
  out?: string;
  env?: Record<string, string>;
  user?: string;
  ppid?: number;
  /** Called with the new pid before the process runs anything (daemon's child writes its pidfile then). */
  onPid?: (pid: number) => void;
}

/** A new process entry (not yet running anything). */
function newProc(ctx: Ctx, s: SpawnSpec): SimProc {
  const st = ctx.st;
  const p: SimProc = {
    pid: ++st.counters.pid, ppid: s.ppid ?? ctx.parent ?? 1, jid: ctx.jail?.jid ?? 0, argv: s.argv,
    user: s.user ?? ctx.user ?? 'root', env: { ...(s.env ?? envOf(ctx)) }, started: st.clock.now, out: s.out,
  };
  st.procs.push(p);
  s.onPid?.(p.pid);
  return p;
}

/** A process that runs one of the simulator's tools: it does its work at once and ends with the tool's status. */
export function spawnTool(ctx: Ctx, s: SpawnSpec, run: (inside: Ctx) => Out): SimProc {
  const p = newProc(ctx, s);
  const r = run({ ...procCtx(ctx, p), out: p.out });
  if (p.out) appendText(ctx.st, p.out, r.stdout + r.stderr);
  exitProc(ctx, p, r.signal !== undefined ? { signal: r.signal } : { code: r.code });
  return p;
}

/** The control for a program, matched on argv[0] or its base name. */
function controlFor(st: SimState, argv0: string): ProgramControl | undefined {
  const base = argv0.split('/').pop();
  return st.controls.find((c) => c.program === argv0 || (!c.program.includes('/') && c.program === base));
}

/** Start a program that is not one of the simulator's tools: it runs until signalled unless a control says otherwise. */
export function spawnProgram(ctx: Ctx, s: SpawnSpec): SimProc {
  const st = ctx.st;
  const p = newProc(ctx, s);
  const c = controlFor(st, s.argv[0]);
  if (c) {
    const key = `${ctx.jail?.name ?? ''}\0${c.program}`;
    const n = (st.starts[key] = (st.starts[key] ?? 0) + 1);
    if (c.crashes !== undefined && n <= c.crashes) { p.exitAt = st.clock.now + (c.after ?? 1) * 1000; p.exitStatus = { code: 1 }; }
    else if (c.exit !== undefined) { p.exitAt = st.clock.now + (c.after ?? 0) * 1000; p.exitStatus = { code: c.exit }; }
    if (c.ignoreTerm) p.ignoreTerm = true;
    if (c.say !== undefined && p.out) appendText(st, p.out, `${c.say}\n`);
  }
  return p;
}

/** sleep(1) as a process: it ends by itself after `seconds`. */
export function spawnSleep(ctx: Ctx, s: SpawnSpec, seconds: number): SimProc {
  const p = newProc(ctx, s);
  p.exitAt = ctx.st.clock.now + seconds * 1000;
  p.exitStatus = { code: 0 };
  return p;
}

/** Run a script as a process (`/bin/sh -c SCRIPT NAME ARGS...`): it runs until it blocks or ends. */
export function spawnShell(ctx: Ctx, s: SpawnSpec, script: string, name: string, args: string[]): SimProc {
  const p = newProc(ctx, s);
  p.sh = { script, name, args, journal: [], traps: {}, pending: [] };
  stepShell(ctx, p);
  return p;
}

/** Hooks the process table calls into (daemon.ts and dispatch.ts register them; they import this module). */
export const hooks: {
  /** Run a command a process runs in the foreground: its result, or the pid to wait for. */
  runInProcess?: (ctx: Ctx, argv: string[], stdin: string | undefined, out: string | undefined) => Out | { block: number };
  /** Start a command as a process of its own (daemon's child); its pid. */
  startDetached?: (ctx: Ctx, s: SpawnSpec) => number;
  supervisorChildGone?: (ctx: Ctx, sup: SimProc) => void;
  supervisorSignal?: (ctx: Ctx, sup: SimProc, sig: number) => void;
  supervisorRestart?: (ctx: Ctx, sup: SimProc) => void;
  jailEmptied?: (ctx: Ctx, jid: number) => void;
} = {};

/** The context a process's own commands run in. */
function procCtx(ctx: Ctx, p: SimProc): Ctx {
  const jail = p.jid ? ctx.st.jails.find((j) => j.jid === p.jid) : undefined;
  return { st: ctx.st, opts: ctx.opts, jail, env: p.env, user: p.user, parent: p.pid, process: true };
}

/** (Re)run a shell process's script from its journal until it blocks again or ends. */
function stepShell(ctx: Ctx, p: SimProc): void {
  const sh = p.sh!;
  const pc = procCtx(ctx, p);
  const io: ShIo = {
    run: (argv, env, stdin, out) => {
      // A child started in the foreground writes where the command's fd 1 points (the shell's output, a file, nowhere).
      const target = out[1].kind === 'file' ? hostPath(pc, out[1].path) : out[1].kind === 'null' ? undefined : p.out;
      return hooks.runInProcess!({ ...pc, env }, argv, stdin, target);
    },
    files: shFiles(pc),
    out: (_fd, text) => { if (p.out) appendText(ctx.st, p.out, text); },
  };
  const pending = sh.pending;
  sh.pending = [];
  try {
    const r = interpret(sh.script, { name: sh.name, args: sh.args, env: p.env, pid: p.pid, journal: sh.journal as JournalEntry[], pendingTraps: pending }, io);
    exitProc(ctx, p, { code: r.code });
  } catch (e) {
    if (!(e instanceof Suspend)) throw e;
    sh.waiting = e.pid;
    sh.traps = e.traps;
  }
}

/** A process ends: its parent is told (a waiting shell resumes, a supervisor restarts or ends), its children go to init. */
export function exitProc(ctx: Ctx, p: SimProc, status: SimStatus): void {
  const st = ctx.st;
  if (!st.procs.includes(p)) return;
  st.procs = st.procs.filter((x) => x !== p);
  p.exitStatus = status; // what wait(2) reports; waitProc reads it from the entry it holds
  p.exitAt = undefined;
  for (const c of st.procs) if (c.ppid === p.pid) c.ppid = 1;
  const parent = proc(st, p.ppid);
  if (parent?.sh?.waiting === p.pid) {
    parent.sh.waiting = undefined;
    parent.sh.journal.push({ code: statusCode(status), stdout: '' });
    stepShell(ctx, parent);
  } else if (parent?.sup && parent.sup.child === p.pid) {
    parent.sup.child = undefined;
    hooks.supervisorChildGone?.(ctx, parent);
  }
  if (p.jid && jailProcs(st, p.jid).length === 0) hooks.jailEmptied?.(ctx, p.jid);
}

/** Deliver a signal (kill(2)); returns false when there is no such process. */
export function signalProc(ctx: Ctx, pid: number, sig: number): boolean {
  const p = proc(ctx.st, pid);
  if (!p) return false;
  if (sig === 0) return true;
  if (sig === SIGKILL) { exitProc(ctx, p, { signal: SIGKILL }); return true; }
  if (p.sup) { hooks.supervisorSignal?.(ctx, p, sig); return true; }
  if (p.sh) {
    const action = p.sh.traps[String(sig)];
    if (action === '') return true; // trap '' SIG: ignored
    if (action !== undefined) {
      // A trapped signal waits until the foreground command is done (XCU 2.11 trap: "When a signal for which a trap
      // has been set is received while the shell is waiting for the completion of a utility executing a foreground
      // command, the trap associated with that signal shall not be executed until after the foreground command has
      // completed").
      p.sh.pending.push(String(sig));
      return true;
    }
  }
  if (sig === SIGTERM && p.ignoreTerm) return true;
  if (terminatesByDefault(sig)) exitProc(ctx, p, { signal: sig });
  return true;
}

/** Remove every process of a jail at once (kern_jail.c prison_remove: SIGKILL to all of them). */
export function killJailProcs(st: SimState, jid: number): void {
  for (const p of jailProcs(st, jid)) {
    st.procs = st.procs.filter((x) => x !== p);
    p.exitStatus = { signal: SIGKILL };
    p.exitAt = undefined;
  }
  for (const c of st.procs) if (c.ppid !== 1 && !proc(st, c.ppid)) c.ppid = 1;
}

/** The next time something happens by itself (a timed exit, the end of a restart sleep), if any. */
function nextEvent(st: SimState): number | undefined {
  let t: number | undefined;
  for (const p of st.procs) {
    for (const at of [p.exitAt, p.sup?.restartAt]) if (at !== undefined && (t === undefined || at < t)) t = at;
  }
  return t;
}

const DAY_MS = 24 * 3600 * 1000;

/** Run the events due up to `until` in time order, or until `done()` holds; true when done() held. */
export function settle(ctx: Ctx, until: number, done?: () => boolean): boolean {
  const st = ctx.st;
  // An open-ended wait still ending after a simulated day (a restart loop waited for) counts as forever.
  const horizon = Number.isFinite(until) ? until : st.clock.now + DAY_MS;
  for (;;) {
    if (done?.()) return true;
    const t = nextEvent(st);
    if (t === undefined || t > horizon) {
      if (Number.isFinite(until)) st.clock.now = Math.max(st.clock.now, until);
      return done?.() ?? false;
    }
    st.clock.now = Math.max(st.clock.now, t);
    for (const p of [...st.procs]) {
      if (p.exitAt !== undefined && p.exitAt <= st.clock.now && st.procs.includes(p)) exitProc(ctx, p, p.exitStatus ?? { code: 0 });
      else if (p.sup?.restartAt !== undefined && p.sup.restartAt <= st.clock.now && st.procs.includes(p)) {
        p.sup.restartAt = undefined;
        hooks.supervisorRestart?.(ctx, p);
      }
    }
  }
}

/** A command that would wait forever: on FreeBSD it would hang; the simulator refuses it (docs/simulator.md). */
export class SimForever extends Error {
  constructor(readonly waitedFor: string[], message?: string) {
    super(message ?? `${waitedFor.join(' ')} runs until it is signalled: on FreeBSD this command would never return (the simulator refuses it)`);
  }
}

/** timeout(1)'s deadline was reached while a command waited (pid: the process it waited for, to signal). */
export class SimTimeout extends Error {
  pid?: number;
}

/**
 * Wait, as a command klee runs waits (jail -c for command=, jexec, pwait, sleep): run the events up to the deadline
 * (ctx.deadline, from timeout(1)) or until `done()`. 'done', 'timeout' (the deadline `limit` passed), or a SimForever /
 * SimTimeout thrown when nothing would ever end the wait.
 */
export function waitUntil(ctx: Ctx, done: () => boolean, limit: number, what: string[]): 'done' | 'timeout' {
  const deadline = Math.min(limit, ctx.deadline ?? Infinity);
  if (settle(ctx, deadline, done)) return 'done';
  if (ctx.deadline !== undefined && ctx.deadline <= limit && ctx.st.clock.now >= ctx.deadline) throw new SimTimeout();
  if (!Number.isFinite(limit)) throw new SimForever(what);
  return 'timeout';
}

/** Wait for a process klee's command started in the foreground; its status (wait(2)). */
export function waitProc(ctx: Ctx, p: SimProc): SimStatus {
  try {
    waitUntil(ctx, () => !ctx.st.procs.includes(p), Infinity, p.argv);
  } catch (e) {
    if (e instanceof SimTimeout) e.pid ??= p.pid;
    throw e;
  }
  return p.exitStatus ?? { code: 0 };
}
