// jail(8) command-line parameter parsing (usr.sbin/jail/jail.c main, config.c add_param) and the kernel's known parameters.
import { JAIL8_BOOL as INTERNAL_BOOL, JAIL8_INT as INTERNAL_INT, jail8ValueProblem, kernelParamType, kernelValueProblem } from '../../spec/jail-param-types.js';

/** Parameters as jail(8) collected them: name -> values (lists keep every value in order). */
export type JailArgs = Map<string, string[]>;

/**
 * The parameters jail(8) handles itself, not passed to the kernel: usr.sbin/jail/config.c intparams[], the PF_INTERNAL
 * entries without PF_CONV (ip4.addr/ip6.addr are also kernel parameters; zfs.dataset is 14.x's).
 */
const INTERNAL = [
  'allow.dying', 'command', 'depend', 'exec.clean', 'exec.consolelog', 'exec.fib', 'exec.jail_user', 'exec.poststart',
  'exec.poststop', 'exec.prepare', 'exec.prestart', 'exec.prestop', 'exec.release', 'exec.created', 'exec.start',
  'exec.stop', 'exec.system_jail_user', 'exec.system_user', 'exec.timeout', 'interface', 'ip_hostname', 'mount',
  'mount.devfs', 'mount.fdescfs', 'mount.procfs', 'mount.fstab', 'stop.timeout', 'vnet.interface', 'zfs.dataset',
];
const INTERNAL_SET = new Set(INTERNAL);
// The PF_BOOL and PF_INT ones among them are JAIL8_BOOL and JAIL8_INT (config.c intparams[]).

/**
 * usr.sbin/jail/jail.c equalopts(): two names are the same parameter when they are equal, or equal but for one "no"
 * at the start of either name, or at the start of the same dot-separated component after an equal prefix.
 */
export function equalopts(a: string, b: string): boolean {
  if (a === b || (a.startsWith('no') && a.slice(2) === b) || (b.startsWith('no') && a === b.slice(2))) return true;
  for (let i = a.indexOf('.'); i >= 0; i = a.indexOf('.', i + 1)) {
    if (a.slice(0, i + 1) !== b.slice(0, i + 1)) return false;
    const x = a.slice(i + 1);
    const y = b.slice(i + 1);
    if ((x.startsWith('no') && x.slice(2) === y) || (y.startsWith('no') && x === y.slice(2))) return true;
  }
  return false;
}

/** The internal parameter a command-line name stands for (config.c add_param matches with equalopts), if any. */
export function internalName(name: string): string | undefined {
  return INTERNAL_SET.has(name) ? name : INTERNAL.find((p) => equalopts(name, p));
}

// Kernel parameters (sys/kern/kern_jail.c and friends; keys of fixture 19's jls -n, plus meta/env from kern_jailmeta.c).
const KERNEL = new Set([
  'jid', 'name', 'path', 'persist', 'dying', 'parent', 'host', 'ip4', 'ip6', 'vnet', 'securelevel', 'enforce_statfs',
  'devfs_ruleset', 'children.max', 'children.cur', 'cpuset.id', 'host.hostname', 'host.domainname', 'host.hostid',
  'host.hostuuid', 'ip4.addr', 'ip6.addr', 'ip4.saddrsel', 'ip6.saddrsel', 'osrelease', 'osreldate', 'sysvmsg',
  'sysvsem', 'sysvshm', 'zfs', 'zfs.mount_snapshot', 'meta', 'env', 'linux', 'linux.osname', 'linux.osrelease',
]);

/** True when the simulated kernel knows the parameter (allow.* are all known). */
export function isKnownParam(name: string, features: { meta: boolean; vimage: boolean }): boolean {
  if (INTERNAL_SET.has(name) || name.startsWith('allow.')) return true;
  if ((name === 'meta' || name === 'env') && !features.meta) return false; // kern_jailmeta.c: FreeBSD 14.3/15.0
  if (name === 'vnet' && !features.vimage) return false; // kern_jail.c: vnet only with options VIMAGE
  return KERNEL.has(name);
}

/** True for parameters jail(8) runs or handles itself. */
export function isInternal(name: string): boolean {
  return INTERNAL_SET.has(name);
}

function add(m: JailArgs, k: string, v: string): void {
  const cur = m.get(k);
  if (cur) cur.push(v);
  else m.set(k, [v]);
}

/**
 * jail(8)'s parameters as given on its command line: the values (JailArgs) and, per PF_BOOL or PF_INT parameter, the
 * name last written for it and its last value (undefined: given without one), which config.c check_intparams judges.
 */
export interface ParsedJailArgs {
  m: JailArgs;
  typed: Map<string, { name: string; value: string | undefined }>;
  /** The kernel's typed parameters given with a value: name as written -> its last value (libjail imports those). */
  kernel: Map<string, string>;
}

/**
 * config.c check_intparams, run before anything else on -c and -m (jail.c main, before import_params): the last value
 * of each PF_BOOL parameter must be true or false (any case) or what strtol reads whole (an empty one passes: strtol
 * stops at its end); of each PF_INT one, what strtol reads whole. One jail_warnx line per parameter refused.
 */
export function intparamErrors(typed: ParsedJailArgs['typed']): string {
  let out = '';
  for (const [k, { name, value }] of typed) {
    if (value === undefined) continue;
    const problem = jail8ValueProblem(INTERNAL_BOOL.has(k) ? 'boolean' : 'integer', value);
    if (problem !== undefined) out += `jail: ${name}: ${problem} "${value}"\n`;
  }
  return out;
}

/**
 * libjail jailparam_import, as jail(8)'s import_params runs it on every parameter before jail_set (lib/libjail/jail.c):
 * one line per kernel parameter whose value its type refuses, named as written ("jail: NAME: unknown boolean value
 * "V""), or ''.
 */
export function importErrors(kernel: ParsedJailArgs['kernel']): string {
  let out = '';
  for (const [name, value] of kernel) {
    const type = kernelParamType(name);
    const problem = type === undefined ? undefined : kernelValueProblem(type, value);
    if (problem !== undefined) out += `jail: ${name}: ${problem} "${value}"\n`;
  }
  return out;
}

/**
 * Parse `name=value`, boolean `name` / `noname` (kept as "true"/"false"), `ip4.addr=a,b` (comma lists),
 * and `command[=...]` taking the rest of argv (jail.c main, "Single jail specified on the command line").
 * A name that is one of jail(8)'s own parameters but for a "no" (`exec.noprestart=cmd`, `nomount.devfs`) is that
 * parameter (config.c add_param, equalopts); a value-less one is a boolean whose value config.c bool_param() reads
 * from a "no" at the start of the name's last component (`mount.nodevfs` is false, `nomount.devfs` true).
 */
export function parseJailArgs(argv: string[]): ParsedJailArgs {
  const m: JailArgs = new Map();
  const typed: ParsedJailArgs['typed'] = new Map();
  const kernel: ParsedJailArgs['kernel'] = new Map();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === 'command' || a.startsWith('command=')) {
      if (a.startsWith('command=')) add(m, 'command', a.slice(8));
      for (i++; i < argv.length; i++) add(m, 'command', argv[i]);
      break;
    }
    const eq = a.indexOf('=');
    const name = eq < 0 ? a : a.slice(0, eq);
    const internal = internalName(name);
    const v = eq < 0 ? undefined : a.slice(eq + 1);
    // config.c add_param: a later setting renames the parameter to the name it was written with, and replaces values
    if (internal !== undefined && (INTERNAL_BOOL.has(internal) || INTERNAL_INT.has(internal))) typed.set(internal, { name, value: v });
    else if (internal === undefined && kernelParamType(name) !== undefined) {
      kernel.delete(name); // the last setting counts; given without a value, libjail imports none (jailparam_import NULL)
      if (v !== undefined) kernel.set(name, v);
    }
    if (internal !== undefined && INTERNAL_BOOL.has(internal)) {
      // bool_param: a "no" at the start of the last component inverts; no value is true, else "true" or a non-zero number.
      const no = name.slice(name.lastIndexOf('.') + 1).startsWith('no');
      const yes = v === undefined || v.toLowerCase() === 'true' || (Number.parseInt(v, 10) || 0) !== 0;
      add(m, internal, no !== yes ? 'true' : 'false');
    } else if (v === undefined) {
      // jailparam_init: "noFOO" is the false form of boolean FOO (libjail jail.c).
      if (internal === undefined && a.startsWith('no') && !a.startsWith('node')) add(m, a.slice(2), 'false');
      else add(m, internal ?? a, 'true');
    } else {
      const k = internal ?? name;
      if (k === 'ip4.addr' || k === 'ip6.addr') for (const x of v.split(',')) add(m, k, x);
      else add(m, k, v);
    }
  }
  return { m, typed, kernel };
}

/** The last value of a parameter (later settings override earlier ones for scalars). */
export function last(m: JailArgs, k: string): string | undefined {
  const v = m.get(k);
  return v ? v[v.length - 1] : undefined;
}
