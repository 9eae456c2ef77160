// The fixed set of commands the probe runs (shared by the probe, the simulator and the tests that count them).

/** Commands run on every probe, concurrently, whatever the size of the project or host. */
export const PROBE_COMMANDS = {
  ifconfig: ['ifconfig', '-a'],
  jls: ['jls', '-n', '--libxo=json'],
  route: ['route', '-n', 'get', '-inet', 'default'],
  sysctl: ['sysctl', 'net.inet.ip.forwarding', 'net.inet6.ip6.forwarding', 'kern.features.vimage', 'security.jail.meta_maxbufsize'],
  version: ['uname', '-sr'],
  pfInfo: ['pfctl', '-s', 'info'],
  pfNat: ['pfctl', '-s', 'nat'],
  pfRules: ['pfctl', '-s', 'rules'],
  pfAnchors: ['pfctl', '-a', 'klee', '-s', 'Anchors'],
  /** The mount table in fstab form: jail(8) leaves a command-line jail's mounts behind on `jail -r` (klee unmounts them). */
  mounts: ['mount', '-p'],
} as const satisfies Record<string, readonly string[]>;

/** The project's own anchor rules (their label carries the hash of what klee loaded). */
export function pfProjectRulesCommand(project: string): string[] {
  return ['pfctl', '-a', `klee/${project}`, '-s', 'rules'];
}

/** Only when the project clones ZFS images. */
export const ZFS_LIST_COMMAND = ['zfs', 'list', '-H', '-p', '-t', 'filesystem', '-o', 'name,origin,mountpoint'];

/** Marker lines separating the parts of the inside probe's output. */
export const INSIDE_MARK = '@@klee-route';

/** One call per own running vnet jail: its interfaces and default routes, read from inside. */
export function insideProbeCommand(jail: string): string[] {
  return ['jexec', jail, '/bin/sh', '-c', `ifconfig -a; echo ${INSIDE_MARK}4; route -n get -inet default; echo ${INSIDE_MARK}6; route -n get -inet6 default`];
}
