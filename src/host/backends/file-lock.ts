// A lock file created with O_EXCL holding {pid, host, started, command}; a dead holder's lock is taken over.
// Used by the local backend (/var/run/klee/<project>.lock) and the simulator (<PATH>.<project>.lock).
import { mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { LockBusyError, type HostLock } from '../types.js';

/** What a lock file records about its holder. */
export interface LockOwner {
  pid: number;
  host: string;
  started: string;
  command: string;
}

/** A lock file still empty after this long was left by a process killed between create and write. */
const EMPTY_STALE_MS = 250;

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
  for (let attempt = 0; attempt < 10; attempt++) {
    try {
      const fh = await open(path, 'wx', 0o644);
      await fh.writeFile(`${JSON.stringify(me)}\n`);
      await fh.close();
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
      // Being written right now, or its writer was killed (SIGKILL) between create and write:
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
