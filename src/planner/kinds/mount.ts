// Mounts: the nullfs mounts a container asks for, and where jail(8) mounts a jail's file systems, in the order to
// unmount them. No action of its own: a mount is made by the container's `jail -c` and unmounted by its removal
// (unmount.ts decides which, container-removal.ts runs them).
import type { MountRecord } from '../../host/labels.js';
import type { ContainerSpec } from '../../spec/types.js';
import { mountPoint } from '../../spec/normal-path.js';

/** The number of path components: deeper mounts are unmounted first. */
const depth = (p: string) => p.split('/').filter(Boolean).length;

/** Mounts (with their position in the argv) in unmount order: deepest first, then latest first. */
const unmountOrder = <T extends { target: string; index: number }>(mounts: T[]) =>
  mounts.sort((a, b) => depth(b.target) - depth(a.target) || b.index - a.index);

/** The `mount=<fstab line>` jail parameters of a container's mounts (jail(8) "mount"), below its root (a normalPath). */
export function mountParams(c: ContainerSpec, root: string): string[] {
  return c.mounts.map((m) => `mount=${m.source} ${mountPoint(root, m.target)} nullfs ${m.mode} 0 0`);
}

/**
 * What a jail's creation mounts (jail.c startcommands: IP_MOUNT, IP_MOUNT_DEVFS, _FDESCFS, _PROCFS; command.c
 * run_command: a mount= line is an fstab(5) line `from on fstype ...`, devfs on <path>/dev, fdescfs on <path>/dev/fd,
 * procfs on <path>/proc), below its root (a normalPath), in unmount order: the jail's own mounts, recorded in its
 * meta (labels.ts jailMeta).
 */
export function createdMounts(argv: readonly string[], root: string): MountRecord[] {
  const on = (p: string) => argv.includes(p) || argv.includes(`${p}=true`);
  const out: MountRecord[] = [];
  for (const a of argv) {
    if (!a.startsWith('mount=')) continue;
    const [, target, fstype] = a.slice('mount='.length).trim().split(/\s+/);
    if (target && fstype) out.push({ fstype, target });
  }
  if (on('mount.devfs')) out.push({ fstype: 'devfs', target: `${root}/dev` });
  if (on('mount.fdescfs')) out.push({ fstype: 'fdescfs', target: `${root}/dev/fd` });
  if (on('mount.procfs')) out.push({ fstype: 'procfs', target: `${root}/proc` });
  return unmountOrder(out.map((m, index) => ({ ...m, index }))).map(({ fstype, target }) => ({ fstype, target }));
}
