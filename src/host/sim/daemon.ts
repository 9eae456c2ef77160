// daemon(8) of FreeBSD 14.x (usr.sbin/daemon/daemon.c, the kqueue supervisor: enum daemon_mode, daemon_eventloop,
// daemon_sleep, daemon_terminate): its options, its errors, and the supervisor it leaves running.
import { type Ctx, type Out, envOf, fail, ok } from './ctx.js';
import { appendText, hostPath, readText, removeFile, writeText } from './files.js';
import { exitProc, hooks, proc, signalProc, type SpawnSpec } from './procs.js';
import { SIGTERM, terminatesByDefault } from './signals.js';
import type { SimProc, SimState } from './state.js';

// daemon.c usage(): both blocks are printed, to stderr.
const USAGE = `usage: daemon [-cfHrS] [-p child_pidfile] [-P supervisor_pidfile]
              [-u user] [-o output_file] [-t title]
              [-l syslog_facility] [-s syslog_priority]
              [-T syslog_tag] [-m output_mask] [-R restart_delay_secs]
command arguments ...
  --change-dir         -c         Change the current working directory to root
  --close-fds          -f         Set stdin, stdout, stderr to /dev/null
  --sighup             -H         Close and re-open output file on SIGHUP
  --syslog             -S         Send output to syslog
  --output-file        -o <file>  Append output of the child process to file
  --output-mask        -m <mask>  What to send to syslog/file
                                  1=stdout, 2=stderr, 3=both
  --child-pidfile      -p <file>  Write PID of the child process to file
  --supervisor-pidfile -P <file>  Write PID of the supervisor process to file
  --restart            -r         Restart child if it terminates (1 sec delay)
  --restart-delay      -R <N>     Restart child if it terminates after N sec
  --title              -t <title> Set the title of the supervisor process
  --user               -u <user>  Drop privileges, run as given user
  --syslog-priority    -s <prio>  Set syslog priority
  --syslog-facility    -l <flty>  Set syslog facility
  --syslog-tag         -T <tag>   Set syslog tag
  --help               -h         Show this help
`;

// daemon.c shortopts "+cfHSp:P:ru:o:s:l:t:m:R:T:h" (14.x: no -C, which 15.x added) and longopts.
const SHORT = 'cfHSp:P:ru:o:s:l:t:m:R:T:h';
const LONG: Record<string, string> = {
  'change-dir': 'c', 'close-fds': 'f', sighup: 'H', syslog: 'S', 'output-file': 'o', 'output-mask': 'm', 'child-pidfile': 'p',
  'supervisor-pidfile': 'P', restart: 'r', 'restart-delay': 'R', title: 't', user: 'u', 'syslog-priority': 's',
  'syslog-facility': 'l', 'syslog-tag': 'T', help: 'h',
};
// <syslog.h> facilitynames and prioritynames (get_log_mapping).
const FACILITIES = ['auth', 'authpriv', 'console', 'cron', 'daemon', 'ftp', 'kern', 'lpr', 'mail', 'mark', 'news', 'ntp', 'security', 'syslog', 'user', 'uucp', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7'];
const PRIORITIES = ['alert', 'crit', 'debug', 'emerg', 'err', 'error', 'info', 'none', 'notice', 'panic', 'warn', 'warning'];

type Parsed = { opts: [string, string | undefined][]; argv: string[] } | { error: string };

/** getopt_long(3) with `+` (stop at the first operand); messages as lib/libc/stdlib/getopt_long.c prints them (GNU_COMPATIBLE). */
function getopt(args: string[]): Parsed {
  const opts: [string, string | undefined][] = [];
  let k = 0;
  for (; k < args.length; k++) {
    const a = args[k];
    if (a === '--') { k++; break; }
    if (!a.startsWith('-') || a === '-') break;
    if (a.startsWith('--')) {
      const [name, value] = a.slice(2).split(/=(.*)/s, 2);
      const c = LONG[name];
      if (!c) return { error: `daemon: unrecognized option \`${a}'\n` };
      const needs = SHORT[SHORT.indexOf(c) + 1] === ':';
      if (needs && value === undefined && args[k + 1] === undefined) return { error: `daemon: option \`${a}' requires an argument\n` };
      opts.push([c, needs ? value ?? args[++k] : undefined]);
      continue;
    }
    for (let i = 1; i < a.length; i++) {
      const c = a[i];
      const at = SHORT.indexOf(c);
      if (at < 0 || c === ':') return { error: `daemon: invalid option -- ${c}\n` };
      if (SHORT[at + 1] !== ':') { opts.push([c, undefined]); continue; }
      const rest = a.slice(i + 1);
      if (rest) opts.push([c, rest]);
      else if (args[k + 1] !== undefined) opts.push([c, args[++k]]);
      else return { error: `daemon: option requires an argument -- ${c}\n` };
      break;
    }
  }
  return { opts, argv: args.slice(k) };
}

/** Is a pidfile held by a live supervisor (pidfile(3) keeps the flock while its process lives)? */
export function pidfileLocked(st: SimState, path: string): boolean {
  return st.procs.some((p) => p.sup && (p.sup.pidfile === path || p.sup.childPidfile === path));
}

/** daemon(8)'s command line as daemon.c main() reads it (the rc.d test's stand-in daemon reads its argv with it too). */
export interface DaemonArgs {
  /** MODE_SUPERVISE: any of -p -P -r -o -S -s -l -T. */
  supervise: boolean;
  restart: boolean;
  delayS: number;
  /** Without -f, stdio is kept. */
  keepFds: boolean;
  syslog: boolean;
  output?: string;
  childPidfile?: string;
  pidfile?: string;
  title?: string;
  user?: string;
  argv: string[];
}

/** Read daemon(8)'s options and operands; an error is daemon.c's message and exit status, `help` is -h. */
export function daemonArgs(args: string[]): DaemonArgs | { help: true } | { error: string; code: number } {
  const p = getopt(args);
  if ('error' in p) return { error: p.error + USAGE, code: 1 };
  const d: DaemonArgs = { supervise: false, restart: false, delayS: 1, keepFds: true, syslog: false, argv: p.argv };
  for (const [c, v] of p.opts) {
    switch (c) {
      case 'c': case 'H': break;
      case 'f': d.keepFds = false; break;
      case 'h': return { help: true };
      case 'l': if (!FACILITIES.includes(v!)) return { error: 'daemon: unrecognized syslog facility', code: 5 }; d.syslog = d.supervise = true; break;
      case 'm': if (!/^[0-3]$/.test(v!)) return { error: 'daemon: unrecognized listening mask', code: 6 }; break;
      case 'o': d.output = v; d.supervise = true; break;
      case 'p': d.childPidfile = v; d.supervise = true; break;
      case 'P': d.pidfile = v; d.supervise = true; break;
      case 'r': d.restart = d.supervise = true; break;
      // -R sets restart_enabled but, unlike -r, not MODE_SUPERVISE (daemon.c main, case 'R').
      case 'R': d.delayS = parseInt(v!, 10); d.restart = true; if (!/^\s*\d+/.test(v!) || d.delayS < 1) return { error: 'daemon: invalid restart delay', code: 6 }; break;
      case 's': if (!PRIORITIES.includes(v!)) return { error: 'daemon: unrecognized syslog priority', code: 4 }; d.syslog = d.supervise = true; break;
      case 'S': d.syslog = d.supervise = true; break;
      case 't': d.title = v; break;
      case 'T': d.syslog = d.supervise = true; break;
      case 'u': d.user = v; break;
    }
  }
  if (p.argv.length === 0) return { error: USAGE, code: 1 };
  return d;
}

/** Run daemon(8) in ctx; ctx.out is where its standard output goes (jail(8)'s exec.consolelog, a shell's output). */
export function daemon(ctx: Ctx, args: string[]): Out {
  const st = ctx.st;
  const d = daemonArgs(args);
  if ('help' in d) return { stdout: '', stderr: USAGE, code: 0 };
  if ('error' in d) return fail(d.error, d.code);
  const { supervise, restart, keepFds, syslog, output, childPidfile, pidfile, title, user } = d;
  const outPath = output === undefined ? undefined : hostPath(ctx, output);
  if (outPath && ctx.opts.missing.some((m) => outPath.startsWith(`${m}/`))) return fail('daemon: open: No such file or directory', 7);
  if (outPath) appendText(st, outPath, ''); // open_log: O_CREAT | O_APPEND
  // open_pid_files: a pidfile another live daemon holds is "already running"; a missing directory fails pidfile_open.
  for (const [file, what] of [[childPidfile, 'pidfile'], [pidfile, 'ppidfile']] as const) {
    if (file === undefined) continue;
    const hp = hostPath(ctx, file);
    if (pidfileLocked(st, hp)) return fail(`daemon: process already running, pid: ${(readText(st, hp) ?? '').trim()}`, 3);
    if (ctx.opts.missing.some((m) => hp.startsWith(`${m}/`))) return fail(`daemon: ${what} \`\`${file}'': No such file or directory`, 2);
  }
  // daemon(3): fork, the parent exits 0; the child goes on with stdio kept, or /dev/null with -f.
  const spec: SpawnSpec = { argv: d.argv, env: { ...envOf(ctx), ...(user ? { USER: user } : {}) }, user: user ?? ctx.user, ppid: 1 };
  if (!supervise) {
    // MODE_DAEMON: daemon_exec in the daemonised process itself.
    hooks.startDetached!(ctx, { ...spec, out: keepFds ? ctx.out : undefined });
    return ok();
  }
  const sup: SimProc = {
    pid: ++st.counters.pid, ppid: 1, jid: ctx.jail?.jid ?? 0, argv: ['daemon', ...args], user: ctx.user ?? 'root', env: { ...envOf(ctx) },
    started: st.clock.now, out: keepFds ? ctx.out : undefined,
    sup: {
      argv: d.argv, user, restart, delayMs: d.delayS * 1000, mode: 'supervise', title: title ?? d.argv[0],
      pidfile: pidfile === undefined ? undefined : hostPath(ctx, pidfile), childPidfile: childPidfile === undefined ? undefined : hostPath(ctx, childPidfile),
      // do_output: to the -o file, to syslog, and to the supervisor's own stdout only when neither is set and fds are kept
      childOut: outPath ?? (!syslog && keepFds ? ctx.out : undefined),
    },
  };
  st.procs.push(sup);
  if (sup.sup!.pidfile) writeText(st, sup.sup!.pidfile, String(sup.pid)); // pidfile_write(parent_pidfh)
  forkChild(ctx, sup);
  return ok();
}

/** daemon_eventloop: fork the child; it writes the child pidfile, drops to -u and execs the command. */
function forkChild(ctx: Ctx, sup: SimProc): void {
  const s = sup.sup!;
  const jail = sup.jid ? ctx.st.jails.find((j) => j.jid === sup.jid) : undefined;
  // A child that ends during its own start (a command not found, `true`) is reaped like any other: daemon(8) learns of
  // it from SIGCHLD and waitpid whenever it ends (usr.sbin/daemon/daemon.c daemon_is_child_dead); here exitProc clears
  // s.child (set by onPid before the child runs) and calls childGone, so nothing is left to undo after the start.
  hooks.startDetached!({ st: ctx.st, opts: ctx.opts, jail, parent: sup.pid }, {
    argv: s.argv, env: { ...sup.env, ...(s.user ? { USER: s.user } : {}) }, user: s.user ?? sup.user, ppid: sup.pid, out: s.childOut,
    onPid: (pid) => { s.child = pid; if (s.childPidfile) writeText(ctx.st, s.childPidfile, String(pid)); },
  });
}

/** The child is gone (SIGCHLD, daemon_is_child_dead): sleep and restart, or daemon_terminate. */
function childGone(ctx: Ctx, sup: SimProc): void {
  const s = sup.sup!;
  if (s.restart) { s.restartAt = ctx.st.clock.now + s.delayMs; return; }
  terminate(ctx, sup);
}

/** daemon_terminate: remove both pidfiles and exit(1). */
function terminate(ctx: Ctx, sup: SimProc): void {
  const s = sup.sup!;
  for (const f of [s.childPidfile, s.pidfile]) if (f) removeFile(ctx.st, f);
  exitProc(ctx, sup, { code: 1 });
}

/** Signals the supervisor gets (daemon.c: SIGTERM and SIGHUP are ignored and read through kqueue). */
function supervisorSignal(ctx: Ctx, sup: SimProc, sig: number): void {
  const s = sup.sup!;
  if (sig === SIGTERM) {
    // daemon_eventloop, case SIGTERM: in MODE_SUPERVISE, stop restarting and pass SIGTERM on; a repeated one is
    // ignored ("user is impatient"). Between two children (daemon_sleep) no kqueue is listening and SIGTERM is
    // SIG_IGN: the signal is lost and the child is restarted.
    if (s.mode !== 'supervise' || s.child === undefined) return;
    s.mode = 'terminating';
    s.restart = false;
    signalProc(ctx, s.child, SIGTERM);
    return;
  }
  if (sig === 1) return; // SIGHUP: reopen the -o file (-H); nothing to model
  if (!terminatesByDefault(sig)) return;
  // Killed outright: no daemon_terminate, the pidfiles stay (unlocked); the child loses its reader (SIGPIPE on write).
  const child = s.child === undefined ? undefined : proc(ctx.st, s.child);
  if (child) child.out = undefined;
  exitProc(ctx, sup, { signal: sig });
}

/** The restart sleep ended (daemon_sleep, then the do-while loop of main runs daemon_eventloop again). */
function restartChild(ctx: Ctx, sup: SimProc): void {
  const s = sup.sup!;
  if (s.mode === 'supervise' && s.restart) forkChild(ctx, sup);
  else terminate(ctx, sup);
}

hooks.supervisorChildGone = childGone;
hooks.supervisorSignal = supervisorSignal;
hooks.supervisorRestart = restartChild;
