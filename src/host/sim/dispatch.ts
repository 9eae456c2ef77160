// Runs one argv in a context: the FreeBSD tools the simulator interprets, found as execvp finds them (programs.ts:
// /sbin/ifconfig, or `ifconfig` through PATH; /usr/bin/ifconfig does not exist). A command klee runs waits for what it
// starts in the foreground (runArgv); a supervised process's command blocks that process instead (runInProcess,
// procs.ts); daemon's child runs as a process of its own (startDetached).
import { type Ctx, type Out, envOf, fail, findJail, ok } from './ctx.js';
import { daemon } from './daemon.js';
import * as jailFiles from './files.js';
import { hostPath, readText, shFiles, test } from './files.js';
import { ifconfig } from './ifconfig.js';
import { jail } from './jail.js';
import { jls } from './jls.js';
import { mount, umount } from './mount.js';
import { pfctl } from './pfctl.js';
import { kill, pkill, pwait, sleep, sleepSeconds, timeout } from './proc-tools.js';
import { type SpawnSpec, hooks, proc, spawnProgram, spawnShell, spawnSleep, spawnTool, statusCode, waitProc } from './procs.js';
import { netstat, route } from './route.js';
import { resolveProgram } from './programs.js';
import * as scratch from './scratch.js';
import { runSh } from './sh.js';
import { printf } from './sh-printf.js';
import { sysctl } from './sysctl.js';
import { date, stat } from './time-tools.js';
import { zfs } from './zfs.js';
import type { SimStatus } from './state.js';

/** The simulated host's own hostname. */
const HOST_NAME = 'freebsd';

/** What an argv is to the simulator: one of its tools, a script for sh, sleep(1), or a program it does not know. */
type Kind =
  | { kind: 'tool'; run: (ctx: Ctx, stdin?: string) => Out }
  | { kind: 'script'; script: string; name: string; args: string[]; fromStdin?: boolean }
  | { kind: 'sleep'; seconds: number }
  | { kind: 'program' };

const ENV_USAGE = 'usage: env [-0iv] [-L|-U user[/class]] [-P utilpath] [-S string]\n           [-u name] [name=value ...] [utility [argument ...]]';

/** How the simulator treats argv in ctx (env(1) resolved into ctx.env). */
function classify(ctx: Ctx, argv: string[]): { ctx: Ctx; argv: string[]; kind: Kind } {
  const prog = resolveProgram(ctx, argv[0]);
  const args = argv.slice(1);
  const tool = (run: (c: Ctx, stdin?: string) => Out): Kind => ({ kind: 'tool', run });
  switch (prog) {
    case 'env': {
      // env [-i] [-u name] [name=value ...] [utility [argument ...]] (usr.bin/env/env.c): -i starts from an empty
      // environment, the assignments are added in order, the utility is found through the new PATH (execvp) and
      // replaces env; without a utility the environment is printed, one `name=value` a line.
      let vars: Record<string, string> = { ...envOf(ctx) };
      let k = 0;
      for (; k < args.length && args[k].startsWith('-'); k++) {
        if (args[k] === '-i' || args[k] === '-') vars = {};
        else if (args[k] === '-u' && args[k + 1] !== undefined) delete vars[args[++k]];
        else if (args[k] === '--') { k++; break; }
        else return { ctx, argv, kind: tool(() => fail(ENV_USAGE)) };
      }
      for (; k < args.length && /^[^=]+=/.test(args[k]); k++) {
        const eq = args[k].indexOf('=');
        // A replaced variable keeps its place, a new one comes last (the order setenv(3) leaves environ in is not
        // settled here from libc's source: docs/simulator.md).
        vars[args[k].slice(0, eq)] = args[k].slice(eq + 1);
      }
      if (k === args.length) return { ctx, argv, kind: tool(() => ok(Object.entries(vars).map(([n, v]) => `${n}=${v}\n`).join(''))) };
      const inner: Ctx = { ...ctx, env: vars };
      if (resolveProgram(inner, args[k]) === undefined && !ctx.jail) return { ctx, argv, kind: tool(() => fail(`env: ${args[k]}: No such file or directory`, 127)) };
      return classify(inner, args.slice(k));
    }
    case 'sh': {
      if (args[0] === '-c' && args.length >= 2) return { ctx, argv, kind: { kind: 'script', script: args[1], name: args[2] ?? 'sh', args: args.slice(3) } };
      // sh -s: the script is the standard input.
      if (args[0] === '-s' && args.length === 1) return { ctx, argv, kind: { kind: 'script', script: '', name: 'sh', args: [], fromStdin: true } };
      const file = args[0];
      if (file === undefined || file.startsWith('-')) return { ctx, argv, kind: tool(() => fail('sh: the simulator runs only sh -c SCRIPT, sh -s or sh FILE', 2)) };
      const text = readText(ctx.st, hostPath(ctx, file));
      // The base system's rc and rc.shutdown start and stop the jail's rc.d services, which are not modelled: they
      // end with status 0 (docs/simulator.md).
      if (text === undefined && (file === '/etc/rc' || file === '/etc/rc.shutdown')) return { ctx, argv, kind: tool(() => ok()) };
      if (text === undefined) return { ctx, argv, kind: tool(() => fail(`sh: cannot open ${file}: No such file or directory`, 2)) };
      return { ctx, argv, kind: { kind: 'script', script: text, name: file, args: args.slice(1) } };
    }
    case 'sleep': {
      const s = sleepSeconds(args);
      return { ctx, argv, kind: s === undefined ? tool(() => fail('usage: sleep number[unit] [...]')) : { kind: 'sleep', seconds: s } };
    }
  }
  // Files: a jail's are kept in the state (files.ts); the host's are the command's scratch space (scratch.ts).
  const common: Record<string, (c: Ctx, stdin?: string) => Out> = {
    ifconfig: (c) => ifconfig(c, args), route: (c) => route(c, args), echo: () => ok(args.join(' ') + '\n'), printf: () => printf(args),
    true: () => ok(), false: () => fail('', 1), hostname: (c) => ok((c.jail ? c.jail.hostname : HOST_NAME) + '\n'), uname: (c) => uname(c, args),
    'freebsd-version': (c) => ok(`${release(c)}\n`), sysctl: (c) => sysctl(c, args), date: (c) => date(c, args), stat: (c) => stat(c, args),
    cat: (c, stdin) => {
      const text = args.length === 0 || args.includes('-') ? input(c, stdin) : stdin;
      return c.jail ? jailFiles.cat(c, args, text) : scratch.cat(c, args, text);
    },
    rm: (c) => (c.jail ? jailFiles.rm(c, args) : scratch.rm(c, args)), mkdir: (c) => (c.jail ? jailFiles.mkdir(c, args) : scratch.mkdir(c, args)),
    mkfifo: (c) => scratch.mkfifo(c, args), test: (c) => test(c, 'test', args), '[': (c) => test(c, '[', args),
    kill: (c) => kill(c, args), pkill: (c) => pkill(c, 'pkill', args), pgrep: (c) => pkill(c, 'pgrep', args),
    daemon: (c) => daemon(c, args), tail: (c) => tail(c, args), pwait: (c) => pwait(c, args),
    timeout: (c) => timeout(c, args, (t, a) => runArgv(t, a)),
  };
  if (prog !== undefined && common[prog]) return { ctx, argv, kind: tool(common[prog]) };
  // Anything else in a jail is the container's own program (docs/simulator.md).
  if (ctx.jail) return { ctx, argv, kind: { kind: 'program' } };
  const host: Record<string, (c: Ctx, stdin?: string) => Out> = {
    jail: (c, stdin) => jail(c, args, input(c, stdin)), jls: (c) => jls(c, args), jexec: (c) => jexec(c, args), netstat: (c) => netstat(c, args),
    pfctl: (c, stdin) => pfctl(c, args, input(c, stdin)), zfs: (c) => zfs(c, args), mount: (c) => mount(c, args), umount: (c) => umount(c, args),
    mv: (c) => scratch.mv(c, args), // the host's files only (a jail's own mv is the container's program)
  };
  if (prog !== undefined && host[prog]) return { ctx, argv, kind: tool(host[prog]) };
  return { ctx, argv, kind: tool(() => fail(`${argv[0]}: not found`, 127)) };
}

/** Run argv in ctx as a command klee runs: what it starts in the foreground is waited for (on the simulated clock). */
export function runArgv(ctx: Ctx, argv: string[], stdin?: string): Out {
  if (argv.length === 0) return ok();
  const c = classify(ctx, argv);
  switch (c.kind.kind) {
    case 'tool': return c.kind.run(c.ctx, stdin);
    case 'script': {
      const shared = stdin === undefined ? c.ctx.stdin : { text: stdin };
      // sh -s reads its script from the input; what the script runs then finds it read.
      const script = c.kind.fromStdin ? input({ ...c.ctx, stdin: shared }, undefined) ?? '' : c.kind.script;
      const files = c.ctx.jail ? { files: shFiles(c.ctx) } : {};
      return runSh({ ...c.ctx, stdin: c.kind.fromStdin ? { text: '' } : shared }, script, (x, a, s) => runArgv(x, a, s), [c.kind.name, ...c.kind.args], files);
    }
    case 'sleep': return sleep(c.ctx, argv.slice(1));
    case 'program': {
      const p = spawnProgram(c.ctx, { argv: c.argv, out: ctx.out });
      return statusOut(waitProc(c.ctx, p));
    }
  }
}

/** A supervised process's foreground command: tools run at once, the rest become its child, which it waits for. */
function runInProcess(ctx: Ctx, argv: string[], stdin: string | undefined, out: string | undefined): Out | { block: number } {
  if (argv.length === 0) return ok();
  const c = classify(ctx, argv);
  const spec: SpawnSpec = { argv: c.argv, out, env: c.ctx.env, ppid: ctx.parent };
  let p;
  switch (c.kind.kind) {
    case 'tool': {
      const prog = argv[0].split('/').pop()!;
      if (['jexec', 'jail', 'pwait', 'timeout'].includes(prog)) return fail(`sim: ${prog} is not modelled inside a supervised process`);
      return c.kind.run({ ...c.ctx, out }, stdin);
    }
    case 'script': p = spawnShell(c.ctx, spec, c.kind.script, c.kind.name, c.kind.args); break;
    case 'sleep': p = spawnSleep(c.ctx, spec, c.kind.seconds); break;
    case 'program': p = spawnProgram(c.ctx, spec); break;
  }
  if (proc(ctx.st, p.pid)) return { block: p.pid };
  return statusOut(p.exitStatus ?? { code: 0 });
}

/**
 * The result of a process that ended with status `s` and printed nothing here: the exit status a shell sees (the code,
 * or 128 + the signal: XCU 2.8.2, statusCode) and the signal that ended it.
 */
function statusOut(s: SimStatus): Out {
  return { stdout: '', stderr: '', code: statusCode(s), ...('signal' in s ? { signal: s.signal } : {}) };
}

/** daemon's child: whatever the command is, a process of its own. */
function startDetached(ctx: Ctx, s: SpawnSpec): number {
  const c = classify(ctx, s.argv);
  const spec = { ...s, argv: c.argv, env: c.ctx.env ?? s.env };
  const k = c.kind;
  if (k.kind === 'script') return spawnShell(c.ctx, spec, k.script, k.name, k.args).pid;
  if (k.kind === 'sleep') return spawnSleep(c.ctx, spec, k.seconds).pid;
  if (k.kind === 'program') return spawnProgram(c.ctx, spec).pid;
  return spawnTool(c.ctx, spec, (inside) => k.run(inside)).pid;
}

hooks.runInProcess = runInProcess;
hooks.startDetached = startDetached;

/** What a command that reads its standard input gets: a `<` redirection, or the shared input (taken: later readers get none). */
export function input(ctx: Ctx, stdin: string | undefined): string | undefined {
  if (stdin !== undefined || !ctx.stdin) return stdin;
  const t = ctx.stdin.text;
  ctx.stdin.text = '';
  return t;
}

/** The host's release as the kernel reports it (kern.osrelease, `14.3-RELEASE`); a jail's is the host's. */
const release = (ctx: Ctx): string => ctx.st.sysctl['kern.osrelease'] ?? '';

function uname(ctx: Ctx, args: string[]): Out {
  // uname's fields in the order usr.bin/uname/uname.c prints them, whatever the order of the flags (-a = -snrvm).
  const fields: [string, string][] = [['s', 'FreeBSD'], ['n', HOST_NAME], ['r', release(ctx)], ['v', `FreeBSD ${release(ctx)} GENERIC`], ['m', 'amd64']];
  const flags = args.join('').replace(/-/g, '').replace(/a/g, 'snrvm');
  if (args.some((a) => !a.startsWith('-')) || /[^snrvm]/.test(flags)) return fail('usage: uname [-abiKmnoprsUv]');
  const shown = fields.filter(([f]) => (flags || 's').includes(f)).map(([, v]) => v);
  return ok(shown.join(' ') + '\n');
}

const JEXEC_USAGE = 'usage: jexec [-l] [-d working-directory] [[-u username] | [-U username]] jail [command ...]';

/**
 * jexec [-l] [-u user|-U user] [-d dir] jail cmd... (usr.sbin/jexec/jexec.c; fixture 22 for the error text). It waits
 * for the command; -l gives it a clean login environment, otherwise it inherits jexec's own.
 */
function jexec(ctx: Ctx, args: string[]): Out {
  let k = 0;
  let user: string | undefined;
  let clean = false;
  while (k < args.length && args[k].startsWith('-')) {
    if (args[k] === '-l') { clean = true; k++; }
    else if ((args[k] === '-U' || args[k] === '-u' || args[k] === '-d') && args[k + 1] !== undefined) {
      if (args[k] === '-U') user = args[k + 1];
      k += 2;
    } else return fail(JEXEC_USAGE);
  }
  const key = args[k];
  if (key === undefined) return fail(JEXEC_USAGE);
  const j = findJail(ctx.st, key);
  if (!j) return fail(`jexec: jail "${key}" not found`);
  const cmd = args.slice(k + 1);
  // jexec passes its environment on, unless -l asks for a login one (jexec.c); the jail has its own file system.
  const inside: Ctx = { st: ctx.st, opts: ctx.opts, jail: j, user, env: clean ? undefined : envOf(ctx), deadline: ctx.deadline, stdin: ctx.stdin };
  return runArgv(inside, cmd.length ? cmd : ['/bin/csh']);
}

const TAIL_USAGE = 'usage: tail [-F | -f | -r] [-q] [-b # | -c # | -n #] [file ...]';

/**
 * tail [-F|-f] [-q] [-n N] FILE... (usr.bin/tail/tail.c: options in any order, `-n +N` counts from the first line,
 * several files get `==> FILE <==` headers). The simulator cannot follow: -F/-f print and return.
 */
function tail(ctx: Ctx, args: string[]): Out {
  let count = '10';
  let quiet = false;
  let k = 0;
  for (; k < args.length && args[k].startsWith('-') && args[k] !== '-'; k++) {
    const a = args[k];
    if (a === '--') { k++; break; }
    if (a === '-F' || a === '-f') continue;
    if (a === '-q') quiet = true;
    else if (a === '-n' && args[k + 1] !== undefined) count = args[++k];
    else if (a.startsWith('-n') && a.length > 2) count = a.slice(2);
    else return fail(TAIL_USAGE);
  }
  const m = /^([+-]?)(\d+)$/.exec(count);
  if (!m) return fail(`tail: illegal offset -- ${count}: Invalid argument`); // expand_number fails: err(1, ...) adds strerror
  const files = args.slice(k);
  if (files.length === 0) return fail(TAIL_USAGE); // stdin: the simulator has none
  const n = Number(m[2]);
  let stdout = '';
  let stderr = '';
  files.forEach((file, i) => {
    const lines = ctx.st.files[hostPath(ctx, file)];
    if (!lines) { stderr += `tail: ${file}: No such file or directory\n`; return; }
    if (files.length > 1 && !quiet) stdout += `${i ? '\n' : ''}==> ${file} <==\n`;
    const sel = m[1] === '+' ? lines.slice(Math.max(0, n - 1)) : n === 0 ? [] : lines.slice(-n);
    stdout += sel.map((l) => l + '\n').join('');
  });
  return { stdout, stderr, code: stderr ? 1 : 0 };
}
