// The per-project lock of a simulated host: `<PATH>.<project>.lock`, the same lock file as the local backend's.
import { hostname } from 'node:os';
import { acquireFileLock } from '../backends/file-lock.js';
import type { HostLock } from '../types.js';

/** Take the project lock; a holder that is not alive on this machine is taken over. */
export function acquireSimLock(path: string, project: string, owner: string): Promise<HostLock> {
  return acquireFileLock(`${path}.${project}.lock`, owner, hostname());
}
