// Removing a container: jail(8) does only the kernel's part for a command-line jail, so klee runs the rest itself.
// usr.sbin/jail/jail.c: `jail -r NAME` without a jail.conf entry knows only the name (start_state adds a bare entry
// for a running jail; -r accepts names only: `if (!Rflag) for (...) if (strchr(argv[i], '=')) usage();`), so its
// intparams are empty: no exec.stop runs, the ip4.addr/ip6.addr aliases it added stay, mount=/mount.devfs stay mounted.
// The commands of one removal, in order, are built here: this is where jail(8)'s full stop order (exec.stop, signal,
// wait, jail -r, unmount, addresses) goes when klee supervises the container's processes (docs/planner.md).
import type { OwnedJail } from '../../host/ownership.js';
import type { ContainerSpec } from '../../spec/types.js';
import { aliasesOf, type Observed } from '../observed.js';
import type { PlannedCommand } from '../types.js';
import { paramName } from './jail-argv.js';
import { createdMounts, trimSlashes } from './mount.js';

/** Kleene's stop command (its `exec.stop` default), run inside the jail before it is removed. */
export const DEFAULT_STOP = ['/bin/sh', '/etc/rc.shutdown', 'jail'];

/** The stop command: the file's `exec.stop=...` jail_params (run with sh -c, in order) or Kleene's default; best effort. */
export function stopCommand(jail: string, spec?: ContainerSpec): PlannedCommand {
  const stops = (spec?.jailParams ?? []).filter((p) => paramName(p) === 'exec.stop' && p.includes('=')).map((p) => p.slice(p.indexOf('=') + 1));
  const argv = stops.length ? ['jexec', jail, '/bin/sh', '-c', stops.join(' && ')] : ['jexec', jail, ...DEFAULT_STOP];
  return { argv, mayFail: true };
}

/** What a removal needs to know besides the jail: interfaces the plan destroys, and the host's mounts per jail root (mount.ts jailMounts). */
export interface RemovalContext {
  obs: Observed;
  destroyed: ReadonlySet<string>;
  mounts: () => ReadonlyMap<string, string[]>;
}

/**
 * Everything that removes a running container, in order: its stop command (best effort), the aliases jail(8) added
 * for its ip4.addr/ip6.addr that are still on a host interface the plan keeps (`-alias`; an interface the plan
 * destroys after the jail's removal loses its addresses with it), its mounts (`umount -f`), and `jail -r` last.
 */
export function removalCommands(ctx: RemovalContext, j: OwnedJail, spec?: ContainerSpec): PlannedCommand[] {
  const name = j.jail.name;
  const cmds: PlannedCommand[] = [stopCommand(name, spec)];
  for (const a of aliasesOf(ctx.obs, j.container)) {
    if (a.interface === undefined || ctx.destroyed.has(a.interface)) continue;
    cmds.push({ argv: ['ifconfig', a.interface, a.family, a.address, '-alias'] });
  }
  for (const target of ctx.mounts().get(trimSlashes(j.jail.path)) ?? []) cmds.push({ argv: ['umount', '-f', target] });
  cmds.push({ argv: ['jail', '-r', name] });
  return cmds;
}

/**
 * The undo of a `jail -c` (used by --atomic): `jail -r`, then what jail(8) leaves behind for a command-line jail:
 * the aliases of its `ip4.addr=<if>|<a>/32` / `ip6.addr=<if>|<a>/128` and its mounts, read from the create argv.
 */
export function createUndo(argv: string[], jail: string, root: string): string[][] {
  const undo: string[][] = [['jail', '-r', jail]];
  for (const a of argv) {
    const m = /^ip([46])\.addr=([^|]+)\|([^/]+)\/\d+$/.exec(a);
    if (m) undo.push(['ifconfig', m[2], m[1] === '4' ? 'inet' : 'inet6', m[3], '-alias']);
  }
  for (const target of createdMounts(argv, root)) undo.push(['umount', target]);
  return undo;
}
