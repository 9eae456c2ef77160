// jail(8) command-line parameter parsing (usr.sbin/jail/jail.c main, config.c add_param) and the kernel's known parameters.

/** Parameters as jail(8) collected them: name -> values (lists keep every value in order). */
export type JailArgs = Map<string, string[]>;

// Parameters jail(8) handles itself (config.c intparams), not passed to the kernel.
const INTERNAL = /^(exec\.[a-z_]+|mount|mount\.devfs|mount\.fdescfs|mount\.procfs|mount\.fstab|vnet\.interface|interface|ip_hostname|command|depend|allow\.dying|stop\.timeout|zfs\.dataset)$/;

// Kernel parameters (sys/kern/kern_jail.c and friends; keys of fixture 19's jls -n, plus meta/env from kern_jailmeta.c).
const KERNEL = new Set([
  'jid', 'name', 'path', 'persist', 'dying', 'parent', 'host', 'ip4', 'ip6', 'vnet', 'securelevel', 'enforce_statfs',
  'devfs_ruleset', 'children.max', 'children.cur', 'cpuset.id', 'host.hostname', 'host.domainname', 'host.hostid',
  'host.hostuuid', 'ip4.addr', 'ip6.addr', 'ip4.saddrsel', 'ip6.saddrsel', 'osrelease', 'osreldate', 'sysvmsg',
  'sysvsem', 'sysvshm', 'zfs', 'zfs.mount_snapshot', 'meta', 'env', 'linux', 'linux.osname', 'linux.osrelease',
]);

/** True when the simulated kernel knows the parameter (allow.* are all known). */
export function isKnownParam(name: string, features: { meta: boolean; vimage: boolean }): boolean {
  if (INTERNAL.test(name) || name.startsWith('allow.')) return true;
  if ((name === 'meta' || name === 'env') && !features.meta) return false; // kern_jailmeta.c: FreeBSD 14.3/15.0
  if (name === 'vnet' && !features.vimage) return false; // kern_jail.c: vnet only with options VIMAGE
  return KERNEL.has(name);
}

/** True for parameters jail(8) runs or handles itself. */
export function isInternal(name: string): boolean {
  return INTERNAL.test(name);
}

function add(m: JailArgs, k: string, v: string): void {
  const cur = m.get(k);
  if (cur) cur.push(v);
  else m.set(k, [v]);
}

/**
 * Parse `name=value`, boolean `name` / `noname` (kept as "true"/"false"), `ip4.addr=a,b` (comma lists),
 * and `command[=...]` taking the rest of argv (jail.c main, "Single jail specified on the command line").
 */
export function parseJailArgs(argv: string[]): JailArgs {
  const m: JailArgs = new Map();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === 'command' || a.startsWith('command=')) {
      if (a.startsWith('command=')) add(m, 'command', a.slice(8));
      for (i++; i < argv.length; i++) add(m, 'command', argv[i]);
      break;
    }
    const eq = a.indexOf('=');
    if (eq < 0) {
      // jailparam_init: "noFOO" is the false form of boolean FOO (libjail jail.c).
      if (a.startsWith('no') && !a.startsWith('node')) add(m, a.slice(2), 'false');
      else add(m, a, 'true');
      continue;
    }
    const k = a.slice(0, eq);
    const v = a.slice(eq + 1);
    if (k === 'ip4.addr' || k === 'ip6.addr') for (const x of v.split(',')) add(m, k, x);
    else add(m, k, v);
  }
  return m;
}

/** The last value of a parameter (later settings override earlier ones for scalars). */
export function last(m: JailArgs, k: string): string | undefined {
  const v = m.get(k);
  return v ? v[v.length - 1] : undefined;
}
