// Removing a container: jail(8) does only the kernel's part for a command-line jail, so klee runs the rest itself.
// usr.sbin/jail/jail.c: `jail -r NAME` without a jail.conf entry knows only the name (start_state adds a bare entry
// for a running jail; -r accepts names only: `if (!Rflag) for (...) if (strchr(argv[i], '=')) usage();`), so its
// intparams are empty: no exec.stop runs, the ip4.addr/ip6.addr aliases it added stay, mount=/mount.devfs stay mounted.
// The commands of one removal, in order, are built here (jail(8)'s stop order, removalCommands), since jail(8) runs
// only its kernel part for us.
import { hasJailMeta, type OwnedAlias, type OwnedJail } from '../../host/ownership.js';
import { removeRecordArgv } from '../../host/jail-record.js';
import type { ContainerSpec } from '../../spec/types.js';
import { aliasAtHome, aliasesOf, type Observed } from '../observed.js';
import type { PlannedCommand } from '../types.js';
import { stopCommands } from './service.js';
import { forgetArgv } from '../../host/program.js';
import { createdMounts } from './mount.js';

/** What a removal needs to know besides the jail: interfaces the plan destroys, and what each removal unmounts (unmount.ts). */
export interface RemovalContext {
  obs: Observed;
  destroyed: ReadonlySet<string>;
  unmounts: ReadonlyMap<string, readonly string[]>;
}

/**
 * The jail's addresses a removal takes off the host: those jail(8) added where klee puts them (aliasAtHome) on an
 * interface the plan keeps (one the plan destroys after the jail's removal loses its addresses with it). `left`: the
 * same addresses found on an unlabelled clone that is no home (a user's `userlo`, or a custom network's clone when
 * down has no file): that interface's own, never taken off.
 */
export function removedAliases(ctx: RemovalContext, j: OwnedJail): { remove: OwnedAlias[]; left: OwnedAlias[] } {
  const remove: OwnedAlias[] = [];
  const left: OwnedAlias[] = [];
  for (const a of aliasesOf(ctx.obs, j.container)) {
    if (a.interface === undefined || ctx.destroyed.has(a.interface)) continue;
    (aliasAtHome(ctx.obs, a) ? remove : left).push(a);
  }
  return { remove, left };
}

/**
 * Everything that removes a running container, in jail(8)'s stop order (jail.c stopcommands: exec.stop, stop.timeout's
 * SIGTERM and wait, remove, unmount, -alias) but with the unmounts and aliases before `jail -r`: the stop ends every
 * process of the jail first (the program with stop_signal, the grace period and SIGKILL, then the rest as term_procs
 * does: kinds/service.ts stopCommands), so `umount` (never `-f`) finds nothing of the jail holding its
 * mounts; a mount still busy fails the removal, which reports it and leaves the jail that attributes it, and the next
 * run repeats the removal whole (docs/decisions.md "Issue 13"). The aliases jail(8) added for its ip4.addr/ip6.addr
 * where klee puts them, on a host interface the plan keeps, go next (`-alias`, removedAliases),
 * then klee's directory in the jail with the environment file (reachable only while the jail exists), `jail -r` last.
 */
export function removalCommands(ctx: RemovalContext, j: OwnedJail, spec?: ContainerSpec): PlannedCommand[] {
  const cmds: PlannedCommand[] = [...stopCommands(j.jail, spec)];
  for (const target of ctx.unmounts.get(j.jail.name) ?? []) cmds.push({ argv: ['umount', target] });
  for (const a of removedAliases(ctx, j).remove) cmds.push({ argv: ['ifconfig', a.interface!, a.family, a.address, '-alias'] });
  cmds.push({ argv: forgetArgv(j.jail.name) }, { argv: ['jail', '-r', j.jail.name] });
  // Its record goes with it (a kernel without `meta`: host/jail-record.ts).
  if (!hasJailMeta(ctx.obs.state)) cmds.push({ argv: removeRecordArgv(j.jail.name) });
  return cmds;
}

/**
 * The undo of a `jail -c` (used by --atomic): klee's directory in the jail, `jail -r`, then what jail(8) leaves behind for a command-line jail:
 * the aliases of its `ip4.addr=<if>|<a>/32` / `ip6.addr=<if>|<a>/128` and its mounts, read from the create argv.
 */
export function createUndo(argv: string[], jail: string, root: string): string[][] {
  // klee's directory in the jail first (the environment file that exec.start wrote): after jail -r nothing can reach it.
  const undo: string[][] = [forgetArgv(jail), ['jail', '-r', jail]];
  for (const a of argv) {
    const m = /^ip([46])\.addr=([^|]+)\|([^/]+)\/\d+$/.exec(a);
    if (m) undo.push(['ifconfig', m[2], m[1] === '4' ? 'inet' : 'inet6', m[3], '-alias']);
  }
  for (const m of createdMounts(argv, root)) undo.push(['umount', m.target]);
  return undo;
}
