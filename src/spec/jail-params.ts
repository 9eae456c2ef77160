// What klee knows about jail(8) parameters: those it sets itself, those that run host commands, and known names.
// Names from jail(8) "Jail Parameters" and usr.sbin/jail/jail.c's internal parameters (exec.*, mount.*, ...).

/** Parameters klee sets from another field; the value says which. A user setting them is an error. */
export const SET_BY_KLEE: Record<string, string> = {
  name: 'the container name',
  path: 'path (or image)',
  persist: "klee's own lifecycle",
  vnet: 'driver',
  'vnet.interface': 'driver and networks',
  'ip4.addr': 'networks.<name>.ip',
  'ip6.addr': 'networks.<name>.ip6',
  ip4: 'driver',
  ip6: 'driver',
  'host.hostname': 'hostname',
  meta: "klee's ownership label",
  'exec.consolelog': "klee's console log (klee logs)",
  command: 'command',
};

/** Parameters that run commands on the host as root (jail(8): exec.prestart ... exec.poststop). */
export const HOST_EXEC = new Set(['exec.prestart', 'exec.created', 'exec.poststart', 'exec.prestop', 'exec.poststop']);

/** Exact parameter names jail(8) documents (beyond those under KNOWN_PREFIXES). */
const KNOWN_NAMES = new Set([
  'jid', 'parent', 'securelevel', 'devfs_ruleset', 'enforce_statfs', 'children.max', 'children.cur',
  'cpuset.id', 'osrelease', 'osreldate', 'sysvmsg', 'sysvsem', 'sysvshm', 'dying', 'nodying',
  'ip_hostname', 'interface', 'vnet.interface', 'depend', 'stop.timeout', 'zfs.mount_snapshot',
  'ip4.saddrsel', 'ip4.nosaddrsel', 'ip6.saddrsel', 'ip6.nosaddrsel', 'host.domainname', 'host.hostuuid',
  'host.hostid', 'host', 'mount', 'mount.devfs', 'mount.fdescfs', 'mount.procfs', 'mount.fstab', 'linux',
  'linux.osname', 'linux.osrelease', 'linux.oss_version', 'nopersist',
]);

/** Families of parameters jail(8) documents by prefix (allow.*, exec.*, mount.*, ...). */
const KNOWN_PREFIXES = ['allow.', 'exec.', 'mount.', 'host.', 'linux.', 'security.', 'zfs.', 'mac.'];

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

/** True when a parameter name is one jail(8) documents (booleans may be negated with "no", e.g. allow.noset_hostname). */
export function isKnownParam(name: string): boolean {
  if (KNOWN_NAMES.has(name) || name in SET_BY_KLEE) return true;
  const positive = name.replace(/(^|\.)no(?=[a-z])/, '$1');
  return KNOWN_NAMES.has(positive) || KNOWN_PREFIXES.some((p) => name.startsWith(p) && name.length > p.length);
}
