// jail(8): -c (start commands in jail.c's startcommands order, undone on failure), -r, -m; command-line jails only.
import { canon6, parse4 } from './addr.js';
import { type Ctx, type Out, concat, envOf, fail, findJail, ok } from './ctx.js';
import { appendText } from './files.js';
import { destroyIface, moveIface } from './iface-ops.js';
import { type JailArgs, type ParsedJailArgs, importErrors, intparamErrors, isInternal, isKnownParam, last, parseJailArgs } from './jail-params.js';
import type { SimJail, SimState } from './state.js';
import { runArgv } from './dispatch.js';
import { isMissing, resolvedPath, tagMounts } from './mount.js';
import { dict } from '../../dict.js';
import { SimForever, hooks, jailProcs, killJailProcs, signalProc, waitUntil } from './procs.js';
import { SIGTERM } from './signals.js';

// usr.sbin/jail/jail.c usage()
const USAGE = `usage: jail [-dhilqv] [-J jid_file] [-u username] [-U username]
            -[cmr] param=value ... [command=command ...]
       jail [-dqv] [-f file] [-e separator] -[cmr] [jail]
       jail [-qv] [-f file] -[rR] ['*' | jail ...]
       jail [-dhilqv] [-J jid_file] [-u username] [-U username]
            [-n jailname] [-s securelevel]
            path hostname [ip[,...]] command ...
`;

/** Run jail(8); stdin is its standard input, which the commands it runs inherit (command.c run_command forks them). */
export function jail(ctx: Ctx, args: string[], stdin?: string): Out {
  let op = '';
  let iflag = false;
  let verbose = 0; // jail.c main: -q sets verbose = -1, -v verbose = 1 (the last one given wins)
  let k = 0;
  for (; k < args.length && args[k].startsWith('-') && args[k].length > 1; k++) {
    for (const c of args[k].slice(1)) {
      if ('cmr'.includes(c)) op += c;
      else if (c === 'i') iflag = true;
      else if (c === 'q') verbose = -1;
      else if (c === 'v') verbose = 1;
      else if (c !== 'd') return fail(USAGE);
    }
  }
  const rest = args.slice(k);
  if (op === 'r') return remove(ctx, rest, verbose);
  if (op === 'c' || op === 'm') {
    if (rest.length === 0 || (rest.length === 1 && !rest[0].includes('='))) return fail(USAGE); // config-file form: no /etc/jail.conf here
    const { m, typed, kernel } = parseJailArgs(rest);
    const bad = intparamErrors(typed);
    if (bad) return { stdout: '', stderr: bad, code: 1 };
    return op === 'c' ? create({ ...ctx, stdin: { text: stdin ?? '' } }, m, iflag, kernel) : modify(ctx, m, kernel);
  }
  return fail(USAGE);
}

/**
 * A command jail(8) runs (usr.sbin/jail/command.c run_command, default_command): a string holding one of
 * `!"$&'()*;<>?[\]`{|}~` runs as `/bin/sh -c STRING`, unless that first character is a lone `&` at the very end
 * (then the rest runs in the background); otherwise it is split at blanks (" \t\f\v\r\n") and run directly.
 */
export function commandArgv(s: string): string[] {
  const at = s.search(/[!"$&'()*;<>?[\]\\`{|}~]/);
  if (at >= 0 && !(s[at] === '&' && at === s.length - 1)) return ['/bin/sh', '-c', s];
  return (at >= 0 ? s.slice(0, at) : s).split(/[ \t\f\v\r\n]+/).filter(Boolean);
}

/** command.c run_command: j->comline, the argv joined with spaces, is what "<comline>: failed" quotes. */
const comline = (argv: string[]): string => argv.join(' ');

interface Run {
  out: Out;
  log?: string;
  st: SimState;
}

/**
 * Run one step's command and wait for it (command.c run_command forks it, add_proc and next_proc wait for its exit);
 * failure prints "<comline>: failed", or "<comline>: exited on signal N" (finish_command). Output of in-jail steps
 * (exec.start, command) goes to exec.consolelog when set; host-side steps (exec.created, ...) print to jail(8)'s own
 * output (command.c run_command: `if (injail && (conslog = ...))`). A command that never exits would keep jail(8)
 * waiting for ever: the simulator refuses it (docs/simulator.md).
 */
function step(r: Run, ctx: Ctx, argv: string[], comline: string): boolean {
  const inJail = ctx.jail !== undefined;
  let res: Out;
  try {
    res = runArgv(inJail ? { ...ctx, out: r.log } : ctx, argv);
  } catch (e) {
    if (!(e instanceof SimForever)) throw e;
    throw new SimForever(e.waitedFor, `jail: ${comline}: jail(8) would wait forever: it waits for every exec.* and command= until it exits (usr.sbin/jail/command.c run_command, next_proc), and ${e.waitedFor.join(' ')} runs until it is signalled; start long-running programs with daemon(8)`);
  }
  if (r.log !== undefined && inJail) {
    appendText(r.st, r.log, res.stdout + res.stderr);
    r.out = concat(r.out, { stdout: '', stderr: '', code: res.code });
  } else r.out = concat(r.out, res);
  if (res.code !== 0) {
    // command-line jails have no name, so jail_warnx prints no "name: " prefix (jail.c jail_warnx)
    const why = res.signal !== undefined ? `exited on signal ${res.signal}` : 'failed';
    r.out = { ...r.out, stderr: r.out.stderr + `jail: ${comline}: ${why}\n`, code: 1 };
    return false;
  }
  return true;
}

interface Alias { iface: string; family: 'inet' | 'inet6'; address: string; prefixlen: number; argv: string[] }

/** `IF|ADDR[/len]` entries become ifconfig alias commands (command.c IP__IP4_IFADDR / IP__IP6_IFADDR). */
function aliasCommands(m: JailArgs, family: 'inet' | 'inet6', down: boolean): Alias[] {
  const out: Alias[] = [];
  for (const v of m.get(family === 'inet' ? 'ip4.addr' : 'ip6.addr') ?? []) {
    const bar = v.indexOf('|');
    const iface = bar >= 0 ? v.slice(0, bar) : last(m, 'interface');
    if (!iface) continue;
    const addr = bar >= 0 ? v.slice(bar + 1) : v;
    const [a, len] = addr.split('/');
    const argv = ['/sbin/ifconfig', iface, family];
    let prefixlen: number;
    if (len === undefined) {
      argv.push(a, family === 'inet' ? 'netmask' : 'prefixlen', family === 'inet' ? '255.255.255.255' : '128');
      prefixlen = family === 'inet' ? 32 : 128;
    } else {
      argv.push(addr);
      prefixlen = Number(len);
    }
    argv.push(down ? '-alias' : 'alias');
    out.push({ iface, family, address: family === 'inet' ? a : canon6(a) ?? a, prefixlen, argv });
  }
  return out;
}

/**
 * command.c check_path: a mount point must be an absolute path whose every component below the jail's path exists
 * (lstat) and is no symbolic link (the simulator has none); the first missing one fails the step before mount runs,
 * with jail_warnx's text (no name prefix for a command-line jail). Undefined when the path is fine.
 */
function checkPath(ctx: Ctx, pname: string, path: string, root: string): string | undefined {
  if (!path.startsWith('/')) return `jail: ${pname}: ${path}: not an absolute pathname\n`;
  const base = root.replace(/\/+$/, '');
  if (!path.startsWith(`${base}/`)) return undefined;
  for (let k = path.indexOf('/', base.length + 1); ; k = path.indexOf('/', k + 1)) {
    const part = k < 0 ? path : path.slice(0, k);
    if (isMissing(ctx, part)) return `jail: ${pname}: ${part}: No such file or directory\n`;
    if (k < 0) return undefined;
  }
}

/**
 * A mount= line as command.c run_command IP_MOUNT reads it: its first four blank-separated fields (strtok on
 * " \t\f\v\r\n"; the rest, an fstab line's dump and pass numbers, are ignored). No field: nothing to run (null);
 * one or two: jail_warnx's "mount: LINE: missing information" (a string); three: `mount -t TYPE SRC DST`; four:
 * `mount -t TYPE -o OPTS SRC DST`. The mount point is the second field. (strunvis of the first two, which decodes
 * an fstab's \040, is not modelled: klee writes no such escapes.)
 */
function mountLine(line: string): { argv: string[]; target: string } | string | null {
  const f = line.split(/[ \t\f\v\r\n]+/).filter(Boolean).slice(0, 4);
  if (f.length === 0) return null;
  if (f.length < 3) return `jail: mount: ${line}: missing information\n`;
  const [src, target, type, opts] = f;
  return { argv: ['/sbin/mount', '-t', type, ...(opts === undefined ? [] : ['-o', opts]), src, target], target };
}

function create(ctx: Ctx, m: JailArgs, iflag: boolean, kernel: ParsedJailArgs['kernel']): Out {
  const st = ctx.st;
  for (const key of m.keys()) if (!isKnownParam(key, st.features)) return fail(`jail: unknown parameter: ${key}`); // libjail jailparam_init
  const refused = importErrors(kernel);
  if (refused) return { stdout: '', stderr: refused, code: 1 };
  const name = last(m, 'name');
  if (name && findJail(st, name)) return fail(`jail: "${name}" already exists`); // jail.c jail_quoted_warnx
  const r: Run = { out: ok(), log: last(m, 'exec.consolelog'), st };
  const undo: (() => void)[] = [];
  const failed = (): Out => {
    for (const u of undo.reverse()) u(); // command.c: a failed start runs the finished steps' stop side in reverse
    undo.length = 0;
    return { ...r.out, code: 1 };
  };
  try {
    return createSteps(ctx, m, iflag, r, undo, failed);
  } catch (e) {
    // What would hang jail(8) is refused as if it had never run: its finished steps are undone, its processes gone.
    if (e instanceof SimForever) failed();
    throw e;
  }
}

function createSteps(ctx: Ctx, m: JailArgs, iflag: boolean, r: Run, undo: (() => void)[], failed: () => Out): Out {
  const st = ctx.st;
  // A step jail(8) refuses itself: jail_warnx's message on its stderr (then run_command returns -1, and the steps
  // done are undone).
  const warn = (text: string): void => { r.out = { ...r.out, stderr: r.out.stderr + text }; };
  const refuse = (text: string): Out => { warn(text); return failed(); };
  // exec.prepare runs first, on the host: jail(8) "before assigning IP addresses and mounting filesystems".
  for (const c of m.get('exec.prepare') ?? []) { const argv = commandArgv(c); if (!step(r, ctx, argv, comline(argv))) return failed(); }
  // IP__IP4_IFADDR, IP__IP6_IFADDR
  for (const fam of ['inet', 'inet6'] as const) {
    const downs = aliasCommands(m, fam, true);
    for (const [n, a] of aliasCommands(m, fam, false).entries()) {
      if (!step(r, ctx, a.argv, a.argv.join(' '))) return failed();
      undo.push(() => runArgv(ctx, downs[n].argv));
    }
  }
  // IP_MOUNT, IP_MOUNT_DEVFS, IP_MOUNT_FDESCFS, IP_MOUNT_PROCFS: each checks its mount point (check_path) before it
  // mounts, and is unmounted again when a later step fails.
  const path = last(m, 'path') ?? '/';
  const root = path.replace(/\/$/, '');
  const mountedFrom = st.mounts.length;
  const mountStep = (pname: string, argv: string[], target: string): boolean => {
    const bad = checkPath(ctx, pname, target, path);
    if (bad) { warn(bad); return false; }
    if (!step(r, ctx, argv, argv.join(' '))) return false;
    undo.push(() => runArgv(ctx, ['/sbin/umount', target]));
    return true;
  };
  for (const line of m.get('mount') ?? []) {
    const ml = mountLine(line);
    if (ml === null) continue;
    if (typeof ml === 'string') return refuse(ml);
    if (!mountStep('mount', ml.argv, ml.target)) return failed();
  }
  // command.c: mount -t devfs -oruleset=N . <path>/dev (devfs_ruleset, else 4: devfsrules_jail), then
  // mount -t fdescfs . <path>/dev/fd and mount -t procfs . <path>/proc (14.x).
  const fsMounts: [string, string[], string][] = [
    ['mount.devfs', ['-t', 'devfs', `-oruleset=${last(m, 'devfs_ruleset') ?? '4'}`, '.'], '/dev'],
    ['mount.fdescfs', ['-t', 'fdescfs', '.'], '/dev/fd'],
    ['mount.procfs', ['-t', 'procfs', '.'], '/proc'],
  ];
  for (const [param, opts, sub] of fsMounts) {
    if (last(m, param) === 'true' && !mountStep(param, ['/sbin/mount', ...opts, root + sub], root + sub)) return failed();
  }
  const mountedTo = st.mounts.length;
  for (const c of m.get('exec.prestart') ?? []) { const argv = commandArgv(c); if (!step(r, ctx, argv, comline(argv))) return failed(); }
  // IP__OP: create_jail checks the path, then the kernel's jail_set (sys/kern/kern_jail.c).
  const kerr = kernelCheck(ctx, m, path);
  if (kerr) return refuse(`jail: ${kerr}\n`);
  const j = newJail(st, m, path);
  st.jails.push(j);
  // command.c IP__OP: -i prints the new jid right after create_jail, before exec.created runs; a later failure leaves
  // it printed.
  if (iflag) r.out = concat(r.out, ok(`${j.jid}\n`));
  tagMounts(st, mountedFrom, mountedTo, j.jid);
  creating.add(j.jid);
  undo.push(() => removeJail(st, j)); // the kernel's removal kills the jail's processes first
  // In-jail commands run as exec.jail_user (command.c: `injail ? IP_EXEC_JAIL_USER : ...`) with jail(8)'s stdin. Their
  // environment (command.c run_command): with exec.clean or a user, a login one (environ emptied, PATH, then the login
  // class's PATH and variables, USER, HOME, SHELL); else jail(8)'s own.
  const user = last(m, 'exec.jail_user');
  const login = last(m, 'exec.clean') === 'true' || user !== undefined;
  const inside: Ctx = { st, opts: ctx.opts, jail: j, user, env: login ? undefined : envOf(ctx), stdin: ctx.stdin };
  try {
    return started(ctx, r, m, j, inside, failed);
  } finally {
    creating.delete(j.jid);
  }
}

// Jails jail(8) is still creating: jail(8) keeps them persistent until its commands ran (jail.c clear_persist).
const creating = new Set<number>();

/** The steps after the kernel created the jail: exec.created, vnet.interface, exec.start, command, exec.poststart. */
function started(ctx: Ctx, r: Run, m: JailArgs, j: SimJail, inside: Ctx, failed: () => Out): Out {
  const st = ctx.st;
  for (const c of m.get('exec.created') ?? []) { const argv = commandArgv(c); if (!step(r, ctx, argv, comline(argv))) return failed(); }
  for (const ifn of m.get('vnet.interface') ?? []) {
    const argv = ['/sbin/ifconfig', ifn, 'vnet', String(j.jid)];
    if (!step(r, ctx, argv, argv.join(' '))) return failed();
  }
  for (const c of m.get('exec.start') ?? []) { const argv = commandArgv(c); if (!step(r, inside, argv, comline(argv))) return failed(); }
  const cmd = m.get('command');
  if (cmd) {
    // command.c IP_COMMAND: a command-line jail (j->name == NULL) runs the command= values as the argv itself, even a
    // single value with blanks or metacharacters; only jail.conf jails go through default_command.
    if (!step(r, inside, cmd, comline(cmd))) return failed();
  }
  for (const c of m.get('exec.poststart') ?? []) { const argv = commandArgv(c); if (!step(r, ctx, argv, comline(argv))) return failed(); }
  // Without persist the jail lives only as long as a process runs in it (jail.c clear_persist, kern_jail.c).
  if (!j.params['persist'] && jailProcs(st, j.jid).length === 0) removeJail(st, j);
  return r.out;
}

/** An ip4.addr/ip6.addr value without its `iface|` and `/mask` (config.c: what jail(8) passes to the kernel). */
const bare = (v: string): string => v.split('|').pop()!.split('/')[0];

/** The kernel's create-time checks; returns jail_errmsg or undefined. */
function kernelCheck(ctx: Ctx, m: JailArgs, path: string): string | undefined {
  const st = ctx.st;
  if (isMissing(ctx, path)) return `path ${path}: No such file or directory`; // jail.c create_jail
  const name = last(m, 'name');
  if (name && /^\d+$/.test(name)) return 'name cannot be numeric (unless it is the jid)'; // kern_jail.c
  const big = metaTooLarge(st, m);
  if (big) return big;
  const vnet = last(m, 'vnet');
  const isVnet = vnet === 'true' || vnet === 'new';
  // sys/kern/kern_jail.c kern_jail_set: any ip4/ip6 setting (ip4.addr, ip4=inherit|new|disable, ...) sets PR_IP4_USER /
  // PR_IP6_USER in ch_flags, and `(ch_flags & PR_VNET) && (ch_flags & (PR_IP4_USER | PR_IP6_USER))` is refused.
  if (isVnet && ['ip4.addr', 'ip6.addr', 'ip4', 'ip6'].some((k) => m.get(k))) return 'vnet jails cannot have IP address restrictions';
  const ip4 = (m.get('ip4.addr') ?? []).map(bare);
  const bad = ip4.find((a) => parse4(a) === null);
  if (bad !== undefined) return `could not get address for ${bad}`;
  const ip6 = (m.get('ip6.addr') ?? []).map((v) => canon6(bare(v)) ?? bare(v));
  // kern_jail.c EADDRINUSE: an address another jail of this vnet holds, unless both jails have exactly one address
  // of that family ("We permit them if there is no more than one IP on each jail").
  for (const [fam, mine] of [['4', ip4], ['6', ip6]] as const) {
    // (a dying jail is skipped: prison_ip_conflict_check passes over prisons that are not alive, prison_isalive)
    const clash = st.jails.some((j) => {
      const theirs = fam === '4' ? j.ip4 : j.ip6;
      return !j.vnet && !j.dying && !(mine.length === 1 && theirs.length === 1) && mine.some((a) => theirs.includes(a));
    });
    if (clash) return `IPv${fam} addresses clash`;
  }
  return undefined;
}

/**
 * kern_jailmeta.c jm_osd_method_set, which kern_jail.c kern_jail_set calls on a create and on an update (PR_METHOD_SET):
 * a meta or env value longer than security.jail.meta_maxbufsize, its NUL included, is EFBIG; the kernel sets no errmsg,
 * so libjail's jailparam_set says "jail_set: <strerror>" (lib/libjail/jail.c).
 */
function metaTooLarge(st: SimState, m: JailArgs): string | undefined {
  const maxbuf = Number(st.sysctl['security.jail.meta_maxbufsize'] ?? 0);
  for (const p of ['meta', 'env']) {
    const v = last(m, p);
    if (v !== undefined && maxbuf > 0 && Buffer.byteLength(v) + 1 > maxbuf) return 'jail_set: File too large';
  }
  return undefined;
}

function newJail(st: SimState, m: JailArgs, path: string): SimJail {
  const jid = ++st.counters.jid;
  const params: SimJail['params'] = dict();
  for (const [k, vs] of m) {
    if (k === 'ip4.addr' || k === 'ip6.addr' || isInternal(k)) {
      params[k] = vs.length === 1 && !k.endsWith('.addr') ? vs[0] : vs;
    } else {
      const v = vs[vs.length - 1];
      params[k] = v === 'true' ? true : v === 'false' ? false : v;
    }
  }
  const vnet = params['vnet'] === true || params['vnet'] === 'new';
  const j: SimJail = {
    jid, name: last(m, 'name') ?? String(jid), path: resolvedPath(path), hostname: last(m, 'host.hostname') ?? '', vnet, params,
    ip4: (m.get('ip4.addr') ?? []).map(bare), ip6: (m.get('ip6.addr') ?? []).map((v) => canon6(bare(v)) ?? bare(v)),
    routes: {}, mounts: m.get('mount') ?? [],
  };
  if (vnet) {
    // A new vnet has its own lo0 (down, no address: fixtures 17, 26) and pflog0 (seed 002, inside a vnet container).
    st.interfaces.push({ name: 'lo0', kind: 'loopback', index: ++st.counters.ifindex, cloned: false, up: false, mtu: 16384, groups: ['lo'], inet: [], inet6: [], members: [], vnet: jid });
    st.interfaces.push({ name: 'pflog0', kind: 'pflog', index: ++st.counters.ifindex, cloned: false, up: false, mtu: 33160, groups: ['pflog'], inet: [], inet6: [], members: [], vnet: jid });
  }
  return j;
}

/**
 * Kernel removal: its processes are killed (kern_jail.c prison_remove: SIGKILL), a vnet's own interfaces destroyed,
 * moved-in ones returned to the host with addresses cleared. A jail something still holds (?dying=) stays listed as
 * dying (`jls -d`) with its name free; whether the kernel tears down a dying jail's vnet at once or when it is freed is
 * not modelled apart: its interfaces return now.
 */
export function removeJail(st: SimState, j: SimJail, dying = false): void {
  killJailProcs(st, j.jid);
  for (const i of st.interfaces.filter((x) => x.vnet === j.jid)) {
    if (i.cloner === undefined && (i.name === 'lo0' || i.name === 'pflog0') && i.kind !== 'physical') destroyIface(st, i);
    else moveIface(st, i, 0);
  }
  if (dying) j.dying = true;
  else st.jails = st.jails.filter((x) => x !== j);
}

/**
 * `jail -r NAME`: with no jail.conf entry jail(8) knows only the name (jail.c start_state: "Allow -[rR] to specify a
 * currently running jail" adds a bare entry), so no exec.stop runs and ip4.addr aliases and mounts stay; the kernel
 * returns vnet interfaces.
 */
function remove(ctx: Ctx, names: string[], verbose: number): Out {
  if (names.length === 0 || names.some((n) => n.includes('='))) return fail(USAGE);
  // jail.c main: `docf = !Rflag && stat(cfname) == 0` (cfname is /etc/jail.conf without -f) and
  // `note_remove = docf || argc > 1 || wild_jail_name(argv[0])`; command.c prints "NAME: removed" once the jail is
  // gone when verbose > 0, or verbose == 0 and note_remove. The file's entries are not read here: a jail named in
  // /etc/jail.conf would also run that entry's exec.prestop/exec.stop (docs/simulator.md).
  const noteRemove = ctx.st.files[JAIL_CONF] !== undefined || names.length > 1; // wildcard names ("*") are not simulated
  const note = verbose > 0 || (verbose === 0 && noteRemove);
  let out = ok();
  for (const n of names) {
    const j = findJail(ctx.st, n);
    if (!j) { out = concat(out, fail(`jail: "${n}" not found`)); continue; }
    termProcs(ctx, j);
    removeJail(ctx.st, j, ctx.opts.dying?.includes(j.name));
    if (note) out = concat(out, ok(`${n}: removed\n`));
  }
  return { ...out, code: out.stderr ? 1 : 0 };
}

/** jail(8)'s configuration file when no -f is given (usr.sbin/jail/jailp.h CONF_FILE, jail.c's default cfname). */
const JAIL_CONF = '/etc/jail.conf';

/** Stop timeout of a jail without a jail.conf entry: its intparams are empty, so command.c's DEFAULT_STOP_TIMEOUT. */
const STOP_TIMEOUT_S = 10;

/**
 * IP_STOP_TIMEOUT (command.c term_procs): SIGTERM to every process of the jail, then wait for them up to stop.timeout;
 * what is left dies in jail_remove (removeJail).
 */
function termProcs(ctx: Ctx, j: SimJail): void {
  const signalled = jailProcs(ctx.st, j.jid);
  for (const p of signalled) signalProc(ctx, p.pid, SIGTERM);
  const gone = () => signalled.every((p) => !ctx.st.procs.includes(p));
  waitUntil({ st: ctx.st, opts: ctx.opts }, gone, ctx.st.clock.now + STOP_TIMEOUT_S * 1000, ['jail', '-r', j.name]);
}

// A jail without persist goes away when its last process ends (kern_jail.c: prison_proc_free drops the last
// reference of a non-persistent prison), unless jail(8) is still creating it.
hooks.jailEmptied = (ctx, jid) => {
  const j = ctx.st.jails.find((x) => x.jid === jid);
  if (j && !j.params['persist'] && !creating.has(jid)) removeJail(ctx.st, j);
};

/** `jail -m name=N param=value`: update parameters of a running jail. */
function modify(ctx: Ctx, m: JailArgs, kernel: ParsedJailArgs['kernel']): Out {
  const key = last(m, 'name') ?? last(m, 'jid');
  const j = key ? findJail(ctx.st, key) : undefined;
  if (!j) return fail(key ? `jail: "${key}" not found` : 'jail: no jail specified');
  for (const k of m.keys()) if (!isKnownParam(k, ctx.st.features)) return fail(`jail: unknown parameter: ${k}`);
  const refused = importErrors(kernel);
  if (refused) return { stdout: '', stderr: refused, code: 1 };
  const big = metaTooLarge(ctx.st, m);
  if (big) return fail(`jail: ${big}`);
  for (const [k, vs] of m) {
    if (k === 'name' || k === 'jid') continue;
    if (k === 'vnet' || k === 'path') return fail(`jail: ${k} cannot be changed after creation`); // jail.c rdtun_params
    const v = vs[vs.length - 1];
    j.params[k] = v === 'true' ? true : v === 'false' ? false : v;
    if (k === 'host.hostname') j.hostname = v;
  }
  return ok();
}
