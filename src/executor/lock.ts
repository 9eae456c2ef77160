// The per-project lock held on the host for a whole up/down run; a busy lock is a clear user error.
import { userInfo } from 'node:os';
import { LockBusyError, type Host, type HostLock } from '../host/types.js';
import { UserError } from '../errors.js';

/** What we are doing and for whom, as the lock records it (the backend adds pid, machine and start time). */
export function lockOwner(command: string): string {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // no passwd entry (containers): keep "unknown"
  }
  return `klee ${command} by ${user}`;
}

/** Run fn while holding the project's lock; released afterwards, also when fn throws or the run is interrupted. */
export async function withProjectLock<T>(host: Host, project: string, owner: string, fn: () => Promise<T>): Promise<T> {
  let lock: HostLock;
  try {
    lock = await host.acquireLock(project, owner);
  } catch (e) {
    if (e instanceof LockBusyError) {
      throw new UserError(`project "${project}" is locked on ${host.uri} by another klee run: ${e.holder}`,
        'wait for that run to finish; a lock left by a killed run is taken over automatically once its process is gone');
    }
    throw e;
  }
  try {
    return await fn();
  } finally {
    await lock.release();
  }
}
