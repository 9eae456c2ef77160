// A lock file holding {pid, host, started, command}, made whole and then linked into place (never seen empty);
// a dead holder's lock is taken over.
// Used by the local backend (/var/run/klee/<project>.lock) and the simulator (<PATH>.<project>.lock).
import { link, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { LockBusyError, type HostLock } from '../types.js';

/** What a lock file records about its holder. */
export interface LockOwner {
  pid: number;
  host: string;
  started: string;
  command: string;
}

/**
 * A lock file without a holder (empty or unreadable: not written by this code, which links a whole file into place)
 * older than this is stale. It used to be 250 ms for the gap between create and write, which a loaded machine
 * exceeded: a second run then took over a live lock and both ran at once.
 */
const EMPTY_STALE_MS = 5_000;

/** Whether a local pid is alive (EPERM means it exists but is not ours). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Take the lock at `path` or throw LockBusyError naming the live holder. */
export async function acquireFileLock(path: string, command: string, host: string): Promise<HostLock> {
  await mkdir(dirname(path), { recursive: true });
  const me: LockOwner = { pid: process.pid, host, started: new Date().toISOString(), command };
  // link(2) fails with EEXIST when the path exists, and the file it links is already complete: there is no moment
  // at which another run could read a half-written lock.
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(tmp, `${JSON.stringify(me)}\n`, { mode: 0o644 });
  try {
    return await takeLock(path, tmp, host);
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

/** Link `tmp` (the whole lock file) to `path`, or throw LockBusyError naming the live holder. */
async function takeLock(path: string, tmp: string, host: string): Promise<HostLock> {
  for (let attempt = 0; attempt < 10; attempt++) {
    try {
      await link(tmp, path);
      let released = false;
      return {
        async release() {
          if (released) return;
          released = true;
          await unlink(path).catch(() => undefined);
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let holder: Partial<LockOwner> | undefined;
    try {
      holder = JSON.parse(await readFile(path, 'utf8')) as LockOwner;
    } catch {
      holder = undefined;
    }
    if (!holder || typeof holder.pid !== 'number') {
      // Not one this code wrote (it links whole files): being written by another tool right now, or left broken;
      // a file still without a holder after EMPTY_STALE_MS is stale.
      const age = await stat(path).then((st) => Date.now() - st.mtimeMs, () => 0);
      if (age > EMPTY_STALE_MS) await unlink(path).catch(() => undefined);
      else await new Promise((r) => setTimeout(r, 50));
      continue;
    }
    if (holder.host !== host || pidAlive(holder.pid)) {
      throw new LockBusyError(`${holder.command} (pid ${holder.pid} on ${holder.host}, since ${holder.started}); lock file ${path}`);
    }
    await unlink(path).catch(() => undefined); // stale: its process is gone
  }
  throw new LockBusyError(`unknown holder of ${path}`);
}
