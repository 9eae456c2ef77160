// Mounts: the nullfs mounts a container asks for, where jail(8) mounts them, and which mounts below a jail's root the
// host has (`mount -p`), in the order to unmount them. No action of its own: a mount is made by the container's
// `jail -c` and unmounted by its removal (container-removal.ts).
import type { HostState } from '../../host/types.js';
import type { ContainerSpec } from '../../spec/types.js';

/** The number of path components: deeper mounts are unmounted first. */
const depth = (p: string) => p.split('/').filter(Boolean).length;

/** Mount points (with their position in the mount table or argv) in unmount order: deepest first, then latest first. */
const unmountOrder = (mounts: { target: string; index: number }[]) =>
  mounts.sort((a, b) => depth(b.target) - depth(a.target) || b.index - a.index).map((m) => m.target);

/** A path without trailing "/": how jail roots are compared. */
export const trimSlashes = (p: string) => p.replace(/\/+$/, '');

/** The `mount=<fstab line>` jail parameters of a container's mounts (jail(8) "mount"), below its root. */
export function mountParams(c: ContainerSpec, root: string): string[] {
  const base = root.endsWith('/') ? root.slice(0, -1) : root;
  return c.mounts.map((m) => `mount=${m.source} ${base}${m.target} nullfs ${m.mode} 0 0`);
}

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

/** Where jail(8) mounts a jail's file systems (jail.c startcommands: IP_MOUNT, IP_MOUNT_DEVFS, _FDESCFS, _PROCFS), in unmount order. */
export function createdMounts(argv: string[], root: string): string[] {
  const base = trimSlashes(root);
  const on = (p: string) => argv.includes(p) || argv.includes(`${p}=true`);
  const out = argv.filter((a) => a.startsWith('mount=')).map((a) => a.slice('mount='.length).trim().split(/\s+/)[1]).filter((t): t is string => !!t);
  if (on('mount.devfs')) out.push(`${base}/dev`);
  if (on('mount.fdescfs')) out.push(`${base}/dev/fd`);
  if (on('mount.procfs')) out.push(`${base}/proc`);
  return unmountOrder(out.map((target, index) => ({ target, index })));
}
