// Runs one argv in a context: the FreeBSD tools the simulator interprets, found as execvp finds them (programs.ts:
// /sbin/ifconfig, or `ifconfig` through PATH; /usr/bin/ifconfig does not exist).
import { type Ctx, type Out, envOf, fail, findJail, ok } from './ctx.js';
import { ifconfig } from './ifconfig.js';
import { jail } from './jail.js';
import { jls } from './jls.js';
import { mount, umount } from './mount.js';
import { pfctl } from './pfctl.js';
import { netstat, route } from './route.js';
import { runSh } from './sh.js';
import { printf } from './sh-printf.js';
import { resolveProgram } from './programs.js';
import { cat, mkdir, mkfifo, rm } from './scratch.js';
import { sysctl } from './sysctl.js';
import { zfs } from './zfs.js';

/** The simulated host's own hostname. */
const HOST_NAME = 'freebsd';

/** Run argv in ctx (host or inside a jail). */
export function runArgv(ctx: Ctx, argv: string[], stdin?: string): Out {
  if (argv.length === 0) return ok();
  const prog = resolveProgram(ctx, argv[0]);
  const args = argv.slice(1);
  switch (prog) {
    case 'ifconfig': return ifconfig(ctx, args);
    case 'route': return route(ctx, args);
    case 'sh': return sh(ctx, args, stdin);
    case 'echo': return ok(args.join(' ') + '\n');
    case 'printf': return printf(args);
    case 'true': return ok();
    case 'false': return fail('', 1);
    case 'hostname': return ok((ctx.jail ? ctx.jail.hostname : HOST_NAME) + '\n');
    case 'uname': return uname(args);
    case 'freebsd-version': return ok('14.1-RELEASE\n');
    case 'sysctl': return sysctl(ctx, args);
    case 'env': return env(ctx, args, stdin);
    case 'cat': return cat(ctx, args, stdin);
    case 'mkdir': return mkdir(ctx, args);
    case 'mkfifo': return mkfifo(ctx, args);
    case 'rm': return rm(ctx, args);
    case 'kill': return kill(args);
  }
  // Anything else in a jail is the container's own program (docs/simulator.md).
  if (ctx.jail) return started(ctx, argv);
  switch (prog) {
    case 'jail': return jail(ctx, args);
    case 'jls': return jls(ctx, args);
    case 'jexec': return jexec(ctx, args);
    case 'netstat': return netstat(ctx, args);
    case 'pfctl': return pfctl(ctx, args, stdin);
    case 'zfs': return zfs(ctx, args);
    case 'tail': return tail(ctx, args);
    case 'mount': return mount(ctx, args);
    case 'umount': return umount(ctx, args);
  }
  return fail(`${argv[0]}: not found`, 127);
}

/** A container's own program: recorded as started; it succeeds and prints nothing (docs/simulator.md). */
function started(ctx: Ctx, argv: string[]): Out {
  ctx.jail!.started.push(argv);
  return ok();
}

/**
 * kill [-s signal | -signal] pid... (bin/kill/kill.c): the simulated host runs no processes, so every pid is
 * `kill: N: No such process` (warn, exit 1); a pid that is not a number is `kill: illegal process id: N`.
 */
function kill(args: string[]): Out {
  let k = 0;
  if (args[0] === '-s' && args[1] !== undefined) k = 2;
  else if (args[0]?.startsWith('-') && args[0] !== '-') k = 1;
  const pids = args.slice(k);
  if (pids.length === 0) return fail('usage: kill [-s signal_name] pid ...\n       kill -l [exit_status]\n       kill -signal_name pid ...\n       kill -signal_number pid ...');
  const stderr = pids.map((p) => (/^-?\d+$/.test(p) ? `kill: ${p}: No such process\n` : `kill: illegal process id: ${p}\n`)).join('');
  return fail(stderr);
}

const ENV_USAGE = 'usage: env [-0iv] [-L|-U user[/class]] [-P utilpath] [-S string]\n           [-u name] [name=value ...] [utility [argument ...]]';

/**
 * env [-i] [-u name] [name=value ...] [utility [argument ...]] (usr.bin/env/env.c): -i starts from an empty
 * environment, the assignments are added in order, the utility is found through the new PATH (execvp); without a
 * utility the environment is printed, one `name=value` a line.
 */
function env(ctx: Ctx, args: string[], stdin?: string): Out {
  let vars: Record<string, string> = { ...envOf(ctx) };
  let k = 0;
  for (; k < args.length && args[k].startsWith('-'); k++) {
    if (args[k] === '-i' || args[k] === '-') vars = {};
    else if (args[k] === '-u' && args[k + 1] !== undefined) delete vars[args[++k]];
    else if (args[k] === '--') { k++; break; }
    else return fail(ENV_USAGE);
  }
  for (; k < args.length && /^[^=]+=/.test(args[k]); k++) {
    const eq = args[k].indexOf('=');
    // A replaced variable keeps its place, a new one comes last (the order setenv(3) leaves environ in is not
    // settled here from libc's source: docs/simulator.md).
    vars[args[k].slice(0, eq)] = args[k].slice(eq + 1);
  }
  if (k === args.length) return ok(Object.entries(vars).map(([n, v]) => `${n}=${v}\n`).join(''));
  const inner: Ctx = { ...ctx, env: vars };
  if (resolveProgram(inner, args[k]) === undefined && !ctx.jail) return fail(`env: ${args[k]}: No such file or directory`, 127);
  return runArgv(inner, args.slice(k), stdin);
}

/** sh -c SCRIPT [NAME [ARG...]] or sh -s (the script on stdin); in a jail, any other form is the container's own. */
function sh(ctx: Ctx, args: string[], stdin?: string): Out {
  const run = (c: Ctx, a: string[], input?: string) => runArgv(c, a, input);
  if (args[0] === '-c' && args.length >= 2) return runSh(ctx, args[1], run, args.slice(2), stdin);
  if (args[0] === '-s' && args.length === 1) return runSh(ctx, stdin ?? '', run);
  if (ctx.jail) return started(ctx, ['/bin/sh', ...args]); // e.g. /bin/sh /etc/rc
  return fail('sh: the simulator runs only sh -c and sh -s', 2);
}

// uname's fields in the order usr.bin/uname/uname.c prints them, whatever the order of the flags (-a = -snrvm).
const UNAME: [string, string][] = [['s', 'FreeBSD'], ['n', HOST_NAME], ['r', '14.1-RELEASE'], ['v', 'FreeBSD 14.1-RELEASE GENERIC'], ['m', 'amd64']];

function uname(args: string[]): Out {
  const flags = args.join('').replace(/-/g, '').replace(/a/g, 'snrvm');
  if (args.some((a) => !a.startsWith('-')) || /[^snrvm]/.test(flags)) return fail('usage: uname [-abiKmnoprsUv]');
  const shown = UNAME.filter(([f]) => (flags || 's').includes(f)).map(([, v]) => v);
  return ok(shown.join(' ') + '\n');
}

/** jexec [-l] [-u user|-U user] jail cmd... (usr.sbin/jexec/jexec.c; fixture 22 for the error text). */
function jexec(ctx: Ctx, args: string[]): Out {
  let k = 0;
  while (k < args.length && args[k].startsWith('-')) {
    if (args[k] === '-l') k++;
    else if ((args[k] === '-U' || args[k] === '-u' || args[k] === '-d') && args[k + 1] !== undefined) k += 2;
    else return fail('usage: jexec [-l] [-d working-directory] [[-u username] | [-U username]] jail [command ...]');
  }
  const key = args[k];
  if (key === undefined) return fail('usage: jexec [-l] [-d working-directory] [[-u username] | [-U username]] jail [command ...]');
  const j = findJail(ctx.st, key);
  if (!j) return fail(`jexec: jail "${key}" not found`);
  const cmd = args.slice(k + 1);
  // jexec passes its environment on, unless -l asks for a login one (jexec.c); the jail has its own file system.
  const inside: Ctx = { st: ctx.st, opts: ctx.opts, jail: j, env: args.slice(0, k).includes('-l') ? undefined : ctx.env };
  return runArgv(inside, cmd.length ? cmd : ['/bin/csh']);
}

const TAIL_USAGE = 'usage: tail [-F | -f | -r] [-q] [-b # | -c # | -n #] [file ...]';

/**
 * tail [-F|-f] [-q] [-n N] FILE... of console logs (usr.bin/tail/tail.c: options in any order, `-n +N` counts from the
 * first line, several files get `==> FILE <==` headers). The simulator cannot follow: -F/-f print and return.
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
    const lines = ctx.st.files[file];
    if (!lines) { stderr += `tail: ${file}: No such file or directory\n`; return; }
    if (files.length > 1 && !quiet) stdout += `${i ? '\n' : ''}==> ${file} <==\n`;
    const sel = m[1] === '+' ? lines.slice(Math.max(0, n - 1)) : n === 0 ? [] : lines.slice(-n);
    stdout += sel.map((l) => l + '\n').join('');
  });
  return { stdout, stderr, code: stderr ? 1 : 0 };
}
