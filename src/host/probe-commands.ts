// The fixed set of commands the probe runs (shared by the probe, the simulator and the tests that count them).
import { pfAnchor } from './labels.js';

/** Commands run on every probe, concurrently, whatever the size of the project or host. */
export const PROBE_COMMANDS = {
  ifconfig: ['ifconfig', '-a'],
  /** -d: dying jails too (jls(8) "List dying as well as active jails"): being removed, they hold what they held. */
  jls: ['jls', '-d', '-n', '--libxo=json'],
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
  return ['pfctl', '-a', pfAnchor(project), '-s', 'rules'];
}

/** The project's own anchor's translation rules (nat, rdr; their tag carries klee's mark). */
export function pfProjectNatCommand(project: string): string[] {
  return ['pfctl', '-a', pfAnchor(project), '-s', 'nat'];
}

/** What the probe reads of the project's anchor: its rules and its translation rules (kept as they are for orphans). */
export function pfProjectCommands(project: string): string[][] {
  return [pfProjectRulesCommand(project), pfProjectNatCommand(project)];
}

/** Only when the project clones ZFS images. */
export const ZFS_LIST_COMMAND = ['zfs', 'list', '-H', '-p', '-t', 'filesystem', '-o', 'name,origin,mountpoint'];

/** Marker lines separating the parts of the inside probe's output. */
export const INSIDE_MARK = '@@klee-route';

/** Marker line opening each jail's part of the inside probe batch: `@@klee-jail <jail>`. */
export const INSIDE_JAIL_MARK = '@@klee-jail';
/** Marker line after a jail's `ifconfig -a` output (its stderr included) when that jexec failed: `@@klee-failed <status>`. */
export const INSIDE_FAILED_MARK = '@@klee-failed';

/**
 * The inside probe's script, the same for any number of jails: the jail names come only as positional parameters
 * ("$@", quoted), never in the script's text. Per jail: its marker, `ifconfig -a` (a failure: its message and status),
 * then the IPv4 and IPv6 default routes after INSIDE_MARK4/6 (route's "not in table" on stderr is no route).
 */
export const INSIDE_BATCH_SCRIPT = `for j in "$@"; do echo "${INSIDE_JAIL_MARK} $j"; jexec "$j" ifconfig -a 2>&1 || echo "${INSIDE_FAILED_MARK} $?"; echo ${INSIDE_MARK}4; jexec "$j" route -n get -inet default; echo ${INSIDE_MARK}6; jexec "$j" route -n get -inet6 default; done`;

/** One host command for all own running vnet jails (the probe's command count does not grow with them). */
export function insideProbeBatchCommand(jails: readonly string[]): string[] {
  return ['/bin/sh', '-c', INSIDE_BATCH_SCRIPT, 'sh', ...jails];
}

/** Prints each of its arguments that is not a directory (a mount point jail(8) check_path would refuse: command.c). */
export const MOUNT_POINTS_SCRIPT = 'for p in "$@"; do [ -d "$p" ] || echo "$p"; done';

/** One host command checking all the file's mount points (host paths), given as positional parameters. */
export function mountPointsCommand(paths: readonly string[]): string[] {
  return ['/bin/sh', '-c', MOUNT_POINTS_SCRIPT, 'sh', ...paths];
}
