// Parse a nullfs mount "host:jail[:ro|rw]" (absolute paths, no ".." segments; default rw).
import type { MountSpec } from './types.js';
import { normalPath } from './normal-path.js';

/** FreeBSD's PATH_MAX, including the terminating NUL (sys/sys/syslimits.h). */
export const PATH_MAX = 1024;

/** A parsed mount or the reason it is not one. */
export type MountResult = { ok: true; mount: MountSpec } | { ok: false; message: string; hint?: string };

/** Parse one mounts entry (its paths normalPath'd). */
export function parseMount(s: string): MountResult {
  const parts = s.split(':');
  if (parts.length < 2 || parts.length > 3) return { ok: false, message: `mount "${s}" is not host:jail[:ro|rw]`, hint: 'paths cannot contain ":"' };
  const [source, target, mode = 'rw'] = parts;
  if (mode !== 'ro' && mode !== 'rw') return { ok: false, message: `mount "${s}" has mode "${mode}": expected ro or rw` };
  for (const [what, p] of [['host path', source], ['jail path', target]] as const) {
    if (!p.startsWith('/')) return { ok: false, message: `mount "${s}": the ${what} "${p}" must be absolute (start with /)` };
    if (p.split('/').includes('..')) return { ok: false, message: `mount "${s}": the ${what} "${p}" contains a ".." segment` };
    // jail(8) splits a mount= line at white space and decodes backslash escapes (usr.sbin/jail/command.c IP_MOUNT:
    // strtok(" \t\f\v\r\n"), strunvis): such a path would reach mount(8) cut in pieces or changed.
    if (/[\s\\]/.test(p)) return { ok: false, message: `mount "${s}": the ${what} "${p}" contains white space or a backslash`, hint: 'jail(8) splits mount lines at white space: use a path without spaces (a symlink, for instance)' };
    if (Buffer.byteLength(p) >= PATH_MAX) return { ok: false, message: `mount "${s.slice(0, 40)}...": the ${what} is ${Buffer.byteLength(p)} bytes, longer than PATH_MAX (${PATH_MAX})` };
  }
  // Both paths as mount_nullfs keeps them (mount_nullfs.c: checkpath, realpath(3)): the mount record matches `mount -p`.
  return { ok: true, mount: { source: normalPath(source), target: normalPath(target), mode } };
}
