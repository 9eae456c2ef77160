// The process tools: kill(1), pkill(1)/pgrep(1) (bin/pkill/pkill.c), pwait(1) (bin/pwait/pwait.c), sleep(1) and
// timeout(1). Inside a jail they see only that jail's processes (the kernel's prison visibility for kvm_getprocs and
// kill(2)); on the host every process.
import { type Ctx, type Out, fail, findJail, ok } from './ctx.js';
import { hostPath, readText } from './files.js';
import { pidfileLocked } from './daemon.js';
import { SimTimeout, proc, signalProc, statusCode, waitUntil } from './procs.js';
import { SIGKILL, SIGTERM, signalName, signalNumber } from './signals.js';
import type { SimProc } from './state.js';

/** Processes a command in ctx can see. */
function visible(ctx: Ctx): SimProc[] {
  return ctx.jail ? ctx.st.procs.filter((p) => p.jid === ctx.jail!.jid) : ctx.st.procs;
}

/** MAXCOMLEN (sys/sys/param.h: 19): ki_comm, the name pgrep matches, is the executable's base name cut to it. */
const comm = (p: SimProc): string => (p.sup ? 'daemon' : (p.argv[0] ?? '').split('/').pop()!.slice(0, 19));

const KILL_USAGE = 'usage: kill [-s signal_name] pid ...\n       kill -l [exit_status]\n       kill -signal_name pid ...\n       kill -signal_number pid ...';

/** kill [-s SIG | -SIG] PID... (bin/kill/kill.c). */
export function kill(ctx: Ctx, args: string[]): Out {
  let sig = SIGTERM;
  let k = 0;
  if (args[0] === '-s') {
    const n = args[1] === undefined ? undefined : signalNumber(args[1]);
    if (n === undefined) return fail(args[1] === undefined ? KILL_USAGE : `kill: unknown signal ${args[1]}; valid signals:\n${allSignals()}`, 2);
    sig = n; k = 2;
  } else if (args[0]?.startsWith('-') && args[0] !== '--' && args[0].length > 1) {
    const n = signalNumber(args[0].slice(1));
    if (n === undefined) return fail(`kill: unknown signal ${args[0].slice(1)}; valid signals:\n${allSignals()}`, 2);
    sig = n; k = 1;
  }
  if (args[k] === '--') k++;
  const pids = args.slice(k);
  if (pids.length === 0) return fail(KILL_USAGE, 2);
  let stderr = '';
  for (const a of pids) {
    if (!/^-?\d+$/.test(a)) { stderr += `kill: illegal process id: ${a}\n`; continue; }
    const target = visible(ctx).find((p) => p.pid === Number(a));
    if (!target || !signalProc(ctx, target.pid, sig)) stderr += `kill: ${a}: No such process\n`;
  }
  return { stdout: '', stderr, code: stderr ? 1 : 0 };
}

function allSignals(): string {
  return Array.from({ length: 31 }, (_, i) => signalName(i + 1)).join(' ');
}

/** pkill.c takepid: the pid in a pidfile; with -L the file must be locked (its daemon alive), else "can be locked". */
function takepid(ctx: Ctx, prog: string, file: string, lock: boolean): number | Out {
  const path = hostPath(ctx, file);
  const text = readText(ctx.st, path);
  if (text === undefined) return fail(`${prog}: Cannot open pidfile \`${file}': No such file or directory`, 3);
  if (lock && !pidfileLocked(ctx.st, path)) return fail(`${prog}: File '${file}' can be locked`, 3);
  const line = text.split('\n')[0];
  if (text === '') return fail(`${prog}: Pidfile \`${file}' is empty`, 3);
  const m = /^\s*(-?\d+)(\s.*)?$/.exec(line);
  const pid = m ? Number(m[1]) : NaN;
  if (!m || pid < 5 || pid > 99999) return fail(`${prog}: Invalid pid in file \`${file}'`, 3); // MIN_PID, MAX_PID
  return pid;
}

/** pkill [-SIG] / pgrep with -F, -L, -P, -j, -f, -x, -v, -n, -o, -l, -q, -d and patterns (bin/pkill/pkill.c main). */
export function pkill(ctx: Ctx, prog: 'pkill' | 'pgrep', args: string[]): Out {
  const usage = () => fail(`usage: ${prog} ${prog === 'pgrep' ? '[-LSfilnoqvx] [-d delim]' : '[-signal] [-ILfilnovx]'} [-F pidfile] [-G gid] [-M core] [-N system]\n             [-P ppid] [-U uid] [-c class] [-g pgrp] [-j jail]\n             [-s sid] [-t tty] [-u euid] pattern ...`, 2);
  let sig = SIGTERM;
  let a = args;
  // pkill only: a first argument -SIG or -N is the signal (numeric, or a name with an optional "SIG").
  if (prog === 'pkill' && a[0]?.startsWith('-')) {
    const n = signalNumber(a[0].slice(1));
    if (n !== undefined && a[0].length > 1) { sig = n; a = a.slice(1); }
  }
  let pidfile: string | undefined;
  let lock = false;
  let quiet = false;
  let full = false;
  let exact = false;
  let inverse = false;
  let longfmt = false;
  let newest = false;
  let oldest = false;
  let delim = '\n';
  let criteria = false;
  const ppids: number[] = [];
  const jids: number[] = [];
  let k = 0;
  for (; k < a.length && a[k].startsWith('-') && a[k] !== '-'; k++) {
    if (a[k] === '--') { k++; break; }
    for (let i = 1; i < a[k].length; i++) {
      const c = a[k][i];
      const takes = 'FGMNPUcdgjstu'.includes(c);
      let v: string | undefined;
      if (takes) {
        v = a[k].slice(i + 1) || a[++k];
        if (v === undefined) return usage();
      }
      switch (c) {
        case 'F': pidfile = v; criteria = true; break;
        case 'L': lock = true; break;
        case 'P': for (const x of v!.split(',')) { if (x === '') return usage(); ppids.push(parseInt(x, 10)); } criteria = true; break;
        case 'j': for (const x of v!.split(',')) {
          const j = x === 'any' ? -1 : x === 'none' ? 0 : /^\d+$/.test(x) ? Number(x) || -1 : findJail(ctx.st, x)?.jid; // jail_getid: live jails only
          if (j === undefined) return fail(`${prog}: Invalid jail ID or name \`${x}'`, 2);
          jids.push(j);
        } criteria = true; break;
        case 'q': if (prog !== 'pgrep') return usage(); quiet = true; break;
        case 'd': if (prog !== 'pgrep') return usage(); delim = v!; break;
        case 'f': full = true; break;
        case 'x': exact = true; break;
        case 'v': inverse = true; break;
        case 'l': longfmt = true; break;
        case 'n': newest = criteria = true; break;
        case 'o': oldest = criteria = true; break;
        case 'i': case 'S': case 'I': case 'a': case 'D': break;
        default: return takes ? fail(`${prog}: the simulator does not model -${c}`) : usage();
      }
      if (takes) break;
    }
  }
  const patterns = a.slice(k);
  if (patterns.length) criteria = true;
  if (!criteria) return usage();
  if (newest && oldest) return fail(`${prog}: Options -n and -o are mutually exclusive`, 3);
  let fromFile: number | undefined;
  if (pidfile !== undefined) {
    const p = takepid(ctx, prog, pidfile, lock);
    if (typeof p !== 'number') return p;
    fromFile = p;
  } else if (lock) return fail(`${prog}: Option -L doesn't make sense without -F`, 3);
  let regexes: RegExp[];
  try { regexes = patterns.map((p) => new RegExp(p)); } catch { return fail(`${prog}: Cannot compile regular expression \`${patterns[0]}'`, 2); }
  const procs = [...visible(ctx)]; // the list as kvm_getprocs took it: signals sent below change the live one
  const name = (p: SimProc) => (full ? p.argv.join(' ') : comm(p));
  // pkill.c main: a process is selected when it matches every criterion given (-F's pid among them)
  let selected = procs.filter((p) => {
    if (fromFile !== undefined && p.pid !== fromFile) return false;
    if (regexes.length && !regexes.some((r) => { const m = r.exec(name(p)); return m !== null && (!exact || (m.index === 0 && m[0].length === name(p).length)); })) return false;
    if (ppids.length && !ppids.includes(p.ppid)) return false;
    if (jids.length && !jids.some((j) => (j === -1 ? p.jid > 0 : p.jid === j))) return false;
    return true;
  });
  // -n/-o keep the newest/oldest of the selected ones, before -v inverts
  if (newest || oldest) {
    const best = [...selected].sort((x, y) => (newest ? y.started - x.started || y.pid - x.pid : x.started - y.started || x.pid - y.pid))[0];
    selected = best ? [best] : [];
  }
  // pkill.c main's action loop: `pkill -l` prints "kill -SIG PID" for each selected process (under -v too, which then
  // acts on the others), and when it printed none, "No matching processes belonging to you were found" on stderr.
  // grepact prints the delimiter between matches and one newline after the last (`if (rv && pgrep && !quiet)`);
  // killact counts a process only when kill(2) reached it.
  let stdout = '';
  let matched = false;
  for (const p of procs) {
    const sel = selected.includes(p);
    if (sel && longfmt && prog === 'pkill') stdout += `kill -${sig} ${p.pid}\n`;
    if (sel === inverse) continue;
    if (prog === 'pgrep') {
      if (!quiet) stdout += (matched ? delim : '') + (longfmt ? `${p.pid} ${name(p)}` : String(p.pid));
      matched = true;
    } else if (signalProc(ctx, p.pid, sig)) matched = true;
  }
  if (matched && prog === 'pgrep' && !quiet) stdout += '\n';
  const stderr = prog === 'pkill' && longfmt && selected.length === 0 ? 'No matching processes belonging to you were found\n' : '';
  return { stdout, stderr, code: matched ? 0 : 1 };
}

/** A duration as pwait -t, sleep and timeout read it: a number with an optional s, m, h (and d) unit; seconds or undefined. */
function seconds(s: string, units: string): number | undefined {
  const m = /^(\d+(?:\.\d*)?|\.\d+)([a-z]?)$/.exec(s);
  if (!m || (m[2] && !units.includes(m[2]))) return undefined;
  return Number(m[1]) * ({ '': 1, s: 1, m: 60, h: 3600, d: 86400 } as Record<string, number>)[m[2]];
}

/**
 * The milliseconds an interval timer runs for `s` seconds, as pwait.c main and timeout.c set_interval arm it:
 * it_value = whole seconds + whole microseconds of the rest; a zero it_value disarms the timer (setitimer(2)), so
 * 0 (or anything under a microsecond) is no time limit at all: undefined.
 */
function itimerMs(s: number): number | undefined {
  const usec = Math.trunc(s) * 1e6 + Math.trunc((s - Math.trunc(s)) * 1e6);
  return usec === 0 ? undefined : usec / 1000;
}

/**
 * pwait [-t timeout] [-ov] pid... (bin/pwait/pwait.c): wait for processes to end; 124 when the timeout passes first;
 * `-t 0` waits without limit (itimerMs).
 */
export function pwait(ctx: Ctx, args: string[]): Out {
  const usage = fail('usage: pwait [-t timeout] [-ov] pid ...', 64);
  let timeout: number | undefined;
  let oflag = false;
  let verbose = false;
  let k = 0;
  for (; k < args.length && args[k].startsWith('-') && args[k].length > 1; k++) {
    if (args[k] === '--') { k++; break; }
    for (let i = 1; i < args[k].length; i++) {
      const c = args[k][i];
      if (c === 'o') oflag = true;
      else if (c === 'v') verbose = true;
      else if (c === 't') {
        const v = args[k].slice(i + 1) || args[++k];
        if (v === undefined) return usage;
        const m = /^(\d+(?:\.\d*)?|\.\d+)(.*)$/.exec(v);
        if (!m) return fail('pwait: timeout value', 65);
        if (m[2] !== '' && !['s', 'm', 'h'].includes(m[2])) return fail('pwait: timeout unit', 65);
        timeout = seconds(v, 'smh')!;
        if (timeout > 100000000) return fail('pwait: timeout value', 65);
        break;
      } else return usage;
    }
  }
  const pids = args.slice(k);
  if (pids.length === 0) return usage;
  let stderr = '';
  let stdout = '';
  const waited: SimProc[] = [];
  for (const a of pids) {
    const s = a.startsWith('/proc/') ? a.slice(6) : a;
    if (!/^\d+$/.test(s)) { stderr += `pwait: ${s}: bad process id\n`; continue; }
    const p = visible(ctx).find((x) => x.pid === Number(s));
    if (!p) {
      stderr += `pwait: ${s}: No such process\n`; // kevent EVFILT_PROC: ESRCH
      if (oflag) return { stdout, stderr, code: 0 };
      continue;
    }
    if (!waited.includes(p)) waited.push(p);
  }
  if (waited.length === 0) return { stdout, stderr, code: 0 };
  const gone = (p: SimProc) => !ctx.st.procs.includes(p);
  const done = () => (oflag ? waited.some(gone) : waited.every(gone));
  const ms = timeout === undefined ? undefined : itimerMs(timeout);
  const r = waitUntil(ctx, done, ms === undefined ? Infinity : ctx.st.clock.now + ms, ['pwait', ...args]);
  for (const p of waited.filter(gone)) {
    if (!verbose) continue;
    const s = p.exitStatus ?? { code: 0 };
    stdout += 'code' in s ? `${p.pid}: exited with status ${s.code}.\n` : `${p.pid}: killed by signal ${s.signal}.\n`;
  }
  if (r === 'timeout') return { stdout: stdout + (verbose ? 'timeout\n' : ''), stderr, code: 124 };
  return { stdout, stderr, code: 0 };
}

/** sleep NUMBER[unit]... (bin/sleep/sleep.c: the arguments are added up; s, m, h, d units). */
export function sleep(ctx: Ctx, args: string[]): Out {
  const total = sleepSeconds(args);
  if (total === undefined) return fail('usage: sleep number[unit] [...]');
  waitUntil(ctx, () => false, ctx.st.clock.now + total * 1000, ['sleep', ...args]);
  return ok();
}

/** The seconds a sleep(1) command line sleeps, or undefined when it is malformed. */
export function sleepSeconds(args: string[]): number | undefined {
  if (args.length === 0) return undefined;
  let total = 0;
  for (const a of args) {
    const s = seconds(a, 'smhd');
    if (s === undefined) return undefined;
    total += s;
  }
  return total;
}

/**
 * timeout [-s SIG] [-k DURATION] [--preserve-status] DURATION COMMAND... (usr.bin/timeout/timeout.c): run the command;
 * when DURATION passes, send it SIG (TERM), then KILL after -k; exit 124 when it timed out. A DURATION or -k of 0 arms
 * no timer (timeout.c set_interval, itimerMs): the command, or the wait after SIG, has no time limit.
 */
export function timeout(ctx: Ctx, args: string[], run: (ctx: Ctx, argv: string[]) => Out): Out {
  const usage = fail('Usage: timeout [-k time | --kill-after time] [-s sig | --signal sig] [--foreground]\n               [--preserve-status] [--verbose] <duration> <command> <arg ...>', 125);
  let sig = SIGTERM;
  let killAfter: number | undefined;
  let preserve = false;
  let k = 0;
  for (; k < args.length && args[k].startsWith('-'); k++) {
    const a = args[k];
    if (a === '--') { k++; break; }
    if (a === '--preserve-status') preserve = true;
    else if (a === '--foreground' || a === '--verbose' || a === '-v') continue;
    else if (a === '-s' || a === '--signal') { const n = signalNumber(args[++k] ?? ''); if (n === undefined) return fail(`timeout: invalid signal: ${args[k]}`, 125); sig = n; }
    else if (a === '-k' || a === '--kill-after') { const s = seconds(args[++k] ?? '', 'smhd'); if (s === undefined) return fail(`timeout: invalid duration: ${args[k]}`, 125); killAfter = s; }
    else return usage;
  }
  const d = seconds(args[k] ?? '', 'smhd');
  if (d === undefined) return args[k] === undefined ? usage : fail(`timeout: invalid duration: ${args[k]}`, 125);
  const cmd = args.slice(k + 1);
  if (cmd.length === 0) return usage;
  const first = itimerMs(d);
  const second = killAfter === undefined ? undefined : itimerMs(killAfter);
  if (first === undefined) return run(ctx, cmd);
  try {
    return run({ ...ctx, deadline: ctx.st.clock.now + first }, cmd);
  } catch (e) {
    if (!(e instanceof SimTimeout)) throw e;
    const p = e.pid === undefined ? undefined : proc(ctx.st, e.pid);
    if (p) signalProc(ctx, p.pid, sig);
    if (p && ctx.st.procs.includes(p)) {
      const left = () => !ctx.st.procs.includes(p);
      if (second !== undefined) {
        if (waitUntil({ ...ctx, deadline: undefined }, left, ctx.st.clock.now + second, cmd) === 'timeout') signalProc(ctx, p.pid, SIGKILL);
      } else waitUntil({ ...ctx, deadline: undefined }, left, Infinity, cmd); // timeout(1) waits for the child to go
    }
    const s = p?.exitStatus;
    return { stdout: '', stderr: '', code: preserve && s ? statusCode(s) : 124 };
  }
}

