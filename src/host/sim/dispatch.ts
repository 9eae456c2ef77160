// Runs one argv in a context: the FreeBSD tools the simulator interprets, by base name (/sbin/ifconfig = ifconfig).
import { type Ctx, type Out, fail, findJail, ok } from './ctx.js';
import { ifconfig } from './ifconfig.js';
import { jail } from './jail.js';
import { jls } from './jls.js';
import { mount, umount } from './mount.js';
import { pfctl } from './pfctl.js';
import { netstat, route } from './route.js';
import { runSh } from './sh.js';
import { sysctl } from './sysctl.js';
import { zfs } from './zfs.js';

/** The simulated host's own hostname. */
const HOST_NAME = 'freebsd';

/** Run argv in ctx (host or inside a jail). */
export function runArgv(ctx: Ctx, argv: string[], stdin?: string): Out {
  if (argv.length === 0) return ok();
  const prog = argv[0].split('/').pop()!;
  const args = argv.slice(1);
  switch (prog) {
    case 'ifconfig': return ifconfig(ctx, args);
    case 'route': return route(ctx, args);
    case 'sh': return sh(ctx, args);
    case 'echo': return ok(args.join(' ') + '\n');
    case 'true': return ok();
    case 'false': return fail('', 1);
    case 'hostname': return ok((ctx.jail ? ctx.jail.hostname : HOST_NAME) + '\n');
    case 'uname': return uname(args);
    case 'freebsd-version': return ok('14.1-RELEASE\n');
    case 'sysctl': return sysctl(ctx, args);
    case 'env': return env(ctx, args);
  }
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

function env(ctx: Ctx, args: string[]): Out {
  let k = 0;
  while (k < args.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(args[k])) k++;
  if (k === args.length) return ok(args.map((a) => a + '\n').join(''));
  return runArgv(ctx, args.slice(k));
}

function sh(ctx: Ctx, args: string[]): Out {
  if (args[0] === '-c' && args.length >= 2) return runSh(ctx, args[1], (c, a) => runArgv(c, a), args.slice(2));
  if (ctx.jail) return started(ctx, ['/bin/sh', ...args]); // e.g. /bin/sh /etc/rc
  return fail('sh: the simulator runs only sh -c', 2);
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
  const inside: Ctx = { st: ctx.st, opts: ctx.opts, jail: j };
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
