// Parse a nullfs mount "host:jail[:ro|rw]" (absolute paths, no ".." segments; default rw).
import type { MountSpec } from './types.js';

/** A parsed mount or the reason it is not one. */
export type MountResult = { ok: true; mount: MountSpec } | { ok: false; message: string; hint?: string };

/** Parse one mounts entry. */
export function parseMount(s: string): MountResult {
  const parts = s.split(':');
  if (parts.length < 2 || parts.length > 3) return { ok: false, message: `mount "${s}" is not host:jail[:ro|rw]`, hint: 'paths cannot contain ":"' };
  const [source, target, mode = 'rw'] = parts;
  if (mode !== 'ro' && mode !== 'rw') return { ok: false, message: `mount "${s}" has mode "${mode}": expected ro or rw` };
  for (const [what, p] of [['host path', source], ['jail path', target]] as const) {
    if (!p.startsWith('/')) return { ok: false, message: `mount "${s}": the ${what} "${p}" must be absolute (start with /)` };
    if (p.split('/').includes('..')) return { ok: false, message: `mount "${s}": the ${what} "${p}" contains a ".." segment` };
  }
  return { ok: true, mount: { source, target, mode } };
}
