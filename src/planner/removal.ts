// Removing a container: jail(8) does only the kernel's part for a command-line jail, so klee runs the rest itself.
// usr.sbin/jail/jail.c: `jail -r NAME` without a jail.conf entry knows only the name (start_state adds a bare entry
// for a running jail; -r accepts names only: `if (!Rflag) for (...) if (strchr(argv[i], '=')) usage();`), so its
// intparams are empty: no exec.stop runs, the ip4.addr/ip6.addr aliases it added stay, mount=/mount.devfs stay mounted.
import type { OwnedJail } from '../host/ownership.js';
import type { HostState } from '../host/types.js';
import type { ContainerSpec } from '../spec/types.js';
import type { PlanContext } from './context.js';
import { aliasesOfContainer } from './alias-index.js';
import { paramName } from './jail-argv.js';
import type { PlannedCommand } from './types.js';

/** Kleene's stop command (its `exec.stop` default), run inside the jail before it is removed. */
export const DEFAULT_STOP = ['/bin/sh', '/etc/rc.shutdown', 'jail'];

/** The stop command: the file's `exec.stop=...` jail_params (run with sh -c, in order) or Kleene's default; best effort. */
export function stopCommand(jail: string, spec?: ContainerSpec): PlannedCommand {
  const stops = (spec?.jailParams ?? []).filter((p) => paramName(p) === 'exec.stop' && p.includes('=')).map((p) => p.slice(p.indexOf('=') + 1));
  const argv = stops.length ? ['jexec', jail, '/bin/sh', '-c', stops.join(' && ')] : ['jexec', jail, ...DEFAULT_STOP];
  return { argv, mayFail: true };
}

/** The number of path components: deeper mounts are unmounted first. */
const depth = (p: string) => p.split('/').filter(Boolean).length;

/** Mount points (with their position in the mount table or argv) in unmount order: deepest first, then latest first. */
const unmountOrder = (mounts: { target: string; index: number }[]) =>
  mounts.sort((a, b) => depth(b.target) - depth(a.target) || b.index - a.index).map((m) => m.target);

/** A path without trailing "/": how jail roots are compared. */
const trimSlashes = (p: string) => p.replace(/\/+$/, '');

/**
 * The mounts of every jail of the state (from `mount -p`), keyed by its root without trailing "/", each in the order
 * to unmount them: deepest first, then most recent first (nullfs mounts below the root before `<root>/dev`). A mount
 * belongs to the jail with the longest root containing it, so a jail nested in another's tree keeps its own; a jail's
 * root itself (an image's ZFS clone) is no jail's to unmount. One pass over the mounts for all jails (a scan of every
 * mount and every jail per removed jail was quadratic for `down`).
 */
export function jailMounts(state: HostState): Map<string, string[]> {
  const roots = new Set(state.jails.map((j) => trimSlashes(j.path)).filter((r) => r !== ''));
  const byRoot = new Map<string, { target: string; index: number }[]>();
  (state.mounts ?? []).forEach(({ target }, index) => {
    if (roots.has(target)) return;
    // The longest jail root above the mount point: "/a/b" before "/a" for "/a/b/c".
    for (let k = target.lastIndexOf('/'); k > 0; k = target.lastIndexOf('/', k - 1)) {
      const owner = target.slice(0, k);
      if (!roots.has(owner)) continue;
      const list = byRoot.get(owner);
      if (list) list.push({ target, index });
      else byRoot.set(owner, [{ target, index }]);
      return;
    }
  });
  const out = new Map<string, string[]>();
  for (const [root, mounts] of byRoot) out.set(root, unmountOrder(mounts));
  return out;
}

/**
 * Everything that removes a running container, in order: its stop command (best effort), `jail -r`, the aliases
 * jail(8) added for its ip4.addr/ip6.addr that are still on a host interface the plan keeps (`-alias`), and its
 * mounts (`umount`).
 */
export function removalCommands(ctx: PlanContext, j: OwnedJail, spec?: ContainerSpec): PlannedCommand[] {
  const name = j.jail.name;
  const cmds: PlannedCommand[] = [stopCommand(name, spec)];
  // An interface this plan destroys (after the jail's removal) loses its addresses with it: no -alias needed there.
  const destroyed = new Set([...ctx.destroys.values()].map((i) => i.name));
  for (const a of aliasesOfContainer(ctx.own, j.container)) {
    if (a.interface === undefined || destroyed.has(a.interface)) continue;
    cmds.push({ argv: ['ifconfig', a.interface, a.family, a.address, '-alias'] });
  }
  ctx.jailMounts ??= jailMounts(ctx.state);
  for (const target of ctx.jailMounts.get(trimSlashes(j.jail.path)) ?? []) cmds.push({ argv: ['umount', '-f', target] });
  cmds.push({ argv: ['jail', '-r', name] });
  return cmds;
}

/** Where jail(8) mounts a jail's file systems (jail.c startcommands: IP_MOUNT, IP_MOUNT_DEVFS, _FDESCFS, _PROCFS). */
function createdMounts(argv: string[], root: string): string[] {
  const base = trimSlashes(root);
  const on = (p: string) => argv.includes(p) || argv.includes(`${p}=true`);
  const out = argv.filter((a) => a.startsWith('mount=')).map((a) => a.slice('mount='.length).trim().split(/\s+/)[1]).filter((t): t is string => !!t);
  if (on('mount.devfs')) out.push(`${base}/dev`);
  if (on('mount.fdescfs')) out.push(`${base}/dev/fd`);
  if (on('mount.procfs')) out.push(`${base}/proc`);
  return unmountOrder(out.map((target, index) => ({ target, index })));
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
