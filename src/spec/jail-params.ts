// What klee knows about jail(8) parameters: those it sets itself, those that run host commands, and known names.
// Names from jail(8) "Jail Parameters" and usr.sbin/jail/config.c intparams[] (the parameters jail(8) handles itself).
import { JAIL8_BOOL, JAIL8_INT, type ParamType, jail8ValueProblem, kernelParamType, kernelValueProblem } from './jail-param-types.js';

/** Parameters klee sets from another field; the value says which. A user setting them is an error. */
export const SET_BY_KLEE = new Map<string, string>([
  ['name', 'the container name'],
  ['path', 'path (or image)'],
  ['persist', "klee's own lifecycle"],
  ['vnet', 'driver'],
  ['vnet.interface', 'driver and networks'],
  ['ip4.addr', 'networks.<name>.ip'],
  ['ip6.addr', 'networks.<name>.ip6'],
  ['ip4', 'driver'],
  ['ip6', 'driver'],
  ['host.hostname', 'hostname'],
  ['meta', "klee's ownership label"],
  ['exec.consolelog', "klee's console log (klee logs)"],
  // klee writes the container's environment file with exec.start (as root) and runs the program as `user` with
  // daemon(8) -u (docs/decisions.md "Issue 13").
  ['exec.start', "klee's environment file (env)"],
  ['exec.jail_user', 'user'],
  ['command', 'command'],
]);

/**
 * jail(8)'s own exec.* parameters (usr.sbin/jail/config.c intparams[], all PF_INTERNAL) that never run a command on the
 * host: exec.start and exec.stop run inside the jail (command.c run_command: `injail = comparam == IP_EXEC_START ||
 * comparam == IP_COMMAND || comparam == IP_EXEC_STOP`); the others are settings of how commands run.
 * exec.consolelog, exec.start and exec.jail_user are klee's (SET_BY_KLEE). This is an allow-list: every other exec.* name (exec.prepare, exec.prestart, exec.created,
 * exec.poststart, exec.prestop, exec.poststop, exec.release, and any hook a later jail(8) adds) is taken to run on
 * the host as root, and needs allow_host_exec.
 */
const EXEC_NOT_ON_HOST = new Set([
  'exec.start', 'exec.stop', 'exec.clean', 'exec.jail_user', 'exec.system_jail_user', 'exec.system_user',
  'exec.timeout', 'exec.fib',
]);

/** The exec.* hooks config.c intparams[] lists that command.c runs on the host as root (for messages and docs). */
export const HOST_EXEC = new Set(['exec.prepare', 'exec.prestart', 'exec.created', 'exec.poststart', 'exec.prestop', 'exec.poststop', 'exec.release']);

/**
 * The exec.* hook jail(8) reads a written name as when that may run a command on the host (jail8Aliases: one "no"
 * dropped): a known host hook first, nothing when the name is an allow-listed or klee-set one (exec.noclean is
 * exec.clean), else the exec.* name itself: not allow-listed, so taken to run on the host.
 */
export function hostRunName(name: string): string | undefined {
  const aliases = jail8Aliases(name);
  const hook = aliases.find((a) => HOST_EXEC.has(a));
  if (hook !== undefined) return hook;
  if (aliases.some((a) => EXEC_NOT_ON_HOST.has(a) || SET_BY_KLEE.has(a))) return undefined;
  return aliases.find((a) => a.startsWith('exec.'));
}

/** Exact parameter names jail(8) documents (beyond those under KNOWN_PREFIXES). */
const KNOWN_NAMES = new Set([
  'jid', 'parent', 'securelevel', 'devfs_ruleset', 'enforce_statfs', 'children.max', 'children.cur',
  'cpuset.id', 'osrelease', 'osreldate', 'sysvmsg', 'sysvsem', 'sysvshm', 'dying', 'nodying',
  'ip_hostname', 'interface', 'vnet.interface', 'depend', 'stop.timeout', 'zfs.mount_snapshot',
  'ip4.saddrsel', 'ip4.nosaddrsel', 'ip6.saddrsel', 'ip6.nosaddrsel', 'host.domainname', 'host.hostuuid',
  'host.hostid', 'host', 'mount', 'mount.devfs', 'mount.fdescfs', 'mount.procfs', 'mount.fstab', 'linux',
  'linux.osname', 'linux.osrelease', 'linux.oss_version', 'nopersist', ...EXEC_NOT_ON_HOST, ...HOST_EXEC,
]);

/** Families of parameters jail(8) documents by prefix (allow.*, mount.*, ...; exec.* are listed one by one above). */
const KNOWN_PREFIXES = ['allow.', 'mount.', 'host.', 'linux.', 'security.', 'zfs.', 'mac.'];

/** The name part of "name=value" or "name", as written ("no" prefixes kept: jail8Aliases resolves them). */
export function paramName(p: string): string {
  const eq = p.indexOf('=');
  return eq < 0 ? p : p.slice(0, eq);
}

/**
 * The internal parameter names jail(8) takes `name` for: usr.sbin/jail/config.c add_param() matches a command-line
 * parameter to an internal one with equalopts(), which ignores one "no" at the start of the name or of any
 * dot-separated component, whatever the parameter's type. So `exec.noprestart=cmd` and `noexec.prestart=cmd` ARE
 * exec.prestart (run on the host as root), and `exec.noconsolelog=F` is exec.consolelog.
 */
export function jail8Aliases(name: string): string[] {
  const out = new Set([name]);
  if (name.startsWith('no')) out.add(name.slice(2));
  for (let i = name.indexOf('.'); i >= 0; i = name.indexOf('.', i + 1)) {
    if (name.startsWith('no', i + 1)) out.add(name.slice(0, i + 1) + name.slice(i + 3));
  }
  return [...out];
}

/**
 * Why jail(8) would refuse the value of a typed parameter, or undefined: one of its own booleans or integers
 * (config.c check_intparams: a boolean is true, false, empty or an integer; an integer is what strtol(3) reads whole),
 * or one of the kernel's, which libjail's jailparam_import judges (kernelValueProblem). `name` is as written: jail(8)
 * reads `exec.notimeout` as exec.timeout (jail8Aliases), libjail `allow.noraw_sockets` as allow.raw_sockets.
 */
export function typedValueProblem(name: string, value: string): { param: string; type: ParamType; refusal: string } | undefined {
  const aliases = jail8Aliases(name);
  const own = aliases.find((a) => JAIL8_BOOL.has(a)) ?? aliases.find((a) => JAIL8_INT.has(a));
  if (own !== undefined) {
    const type = JAIL8_BOOL.has(own) ? 'boolean' : 'integer';
    const refusal = jail8ValueProblem(type, value);
    return refusal === undefined ? undefined : { param: own, type, refusal };
  }
  const type = kernelParamType(name);
  const refusal = type === undefined ? undefined : kernelValueProblem(type, value);
  return type === undefined || refusal === undefined ? undefined : { param: name, type, refusal };
}

/** True when a parameter name is one jail(8) documents (booleans may be negated with "no", e.g. allow.noset_hostname). */
export function isKnownParam(name: string): boolean {
  if (KNOWN_NAMES.has(name) || SET_BY_KLEE.has(name)) return true;
  const positive = name.replace(/(^|\.)no(?=[a-z])/, '$1');
  return KNOWN_NAMES.has(positive) || KNOWN_PREFIXES.some((p) => name.startsWith(p) && name.length > p.length);
}
