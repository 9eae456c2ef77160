// The value types of jail parameters and what jail(8) accepts for each: shared by the loader and the simulated host.

/** A typed parameter's kind: how jail(8) (or libjail for the kernel's) reads its value. */
export type ParamType = 'boolean' | 'integer' | 'jailsys';

/** jail(8)'s own boolean parameters (usr.sbin/jail/config.c intparams[], PF_BOOL). */
export const JAIL8_BOOL = new Set(['allow.dying', 'exec.clean', 'exec.system_jail_user', 'ip_hostname', 'mount.devfs', 'mount.fdescfs', 'mount.procfs']);
/** jail(8)'s own integer parameters (config.c intparams[], PF_INT). */
export const JAIL8_INT = new Set(['exec.fib', 'exec.timeout', 'stop.timeout']);

/**
 * The kernel's typed parameters a user may set, by their sysctl format: sys/kern/kern_jail.c SYSCTL_JAIL_PARAM "I"
 * (int) and "LU" (host.hostid, read with strtoul), "B" (persist, ip4/ip6.saddrsel, every allow.*), and the
 * SYSCTL_JAIL_PARAM_SYS_NODE ones, "E,jailsys" (sys/sys/jail.h): host, ip4, ip6, vnet in kern_jail.c, sysvmsg /
 * sysvsem / sysvshm in sys/kern/sysv_msg.c, sysv_sem.c, sysv_shm.c, linux in sys/compat/linux/linux_mib.c.
 */
const KERNEL_TYPES = new Map<string, ParamType>([
  ...['jid', 'securelevel', 'osreldate', 'enforce_statfs', 'devfs_ruleset', 'children.max', 'host.hostid'].map((n) => [n, 'integer'] as const),
  ...['persist', 'ip4.saddrsel', 'ip6.saddrsel'].map((n) => [n, 'boolean'] as const),
  ...['host', 'ip4', 'ip6', 'vnet', 'sysvmsg', 'sysvsem', 'sysvshm', 'linux'].map((n) => [n, 'jailsys'] as const),
]);

/**
 * The type libjail gives a kernel parameter written as `name` (lib/libjail/jail.c jailparam_type: a name the kernel
 * lacks may be the "no" form of a boolean, nononame() dropping "no" from its last component), if klee knows it.
 */
export function kernelParamType(name: string): ParamType | undefined {
  const last = name.lastIndexOf('.') + 1;
  const positive = name.startsWith('no', last) ? name.slice(0, last) + name.slice(last + 2) : undefined;
  for (const n of positive === undefined ? [name] : [name, positive]) {
    const t = KERNEL_TYPES.get(n) ?? (n.startsWith('allow.') && n.length > 6 ? 'boolean' : undefined);
    if (t !== undefined && (n === name || t === 'boolean')) return t;
  }
  return undefined;
}

/** strtol(3) base 10 reading all of a non-empty string: blanks (isspace), a sign, digits, and nothing after. */
const WHOLE_STRTOL = /^[ \t\n\v\f\r]*[+-]?\d+$/;

/**
 * Why usr.sbin/jail/config.c check_intparams refuses the value of one of jail(8)'s own parameters, in its words, or
 * undefined: a PF_BOOL one is true or false (any case), empty or what strtol reads whole; a PF_INT one what strtol
 * reads whole.
 */
export function jail8ValueProblem(type: 'boolean' | 'integer', value: string): string | undefined {
  if (WHOLE_STRTOL.test(value)) return undefined;
  if (type === 'integer') return 'non-integer value';
  return /^(true|false)$/i.test(value) || value === '' ? undefined : 'unknown boolean value';
}

/**
 * Why libjail's jailparam_import (lib/libjail/jail.c) refuses a kernel parameter's value, in its words, or undefined:
 * a boolean is "true" or "false" (any case) or an integer, a jailsys "disable", "inherit" or "new" (any case), empty
 * (new) or an integer, an integer what strtol reads whole (jailparam_import_enum; an empty string is read whole).
 */
export function kernelValueProblem(type: ParamType, value: string): string | undefined {
  const int = value === '' || WHOLE_STRTOL.test(value);
  if (type === 'boolean') return int || /^(true|false)$/i.test(value) ? undefined : 'unknown boolean value';
  if (type === 'jailsys') return int || /^(disable|inherit|new)$/i.test(value) ? undefined : 'unknown jailsys value';
  return int ? undefined : 'non-integer value';
}
