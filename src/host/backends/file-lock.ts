// A lock file created with O_EXCL holding {pid, host, started, command}; a dead holder's lock is taken over.
import { mkdir, open, readFile, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { LockBusyError, type HostLock } from '../types.js';

/** What a lock file records about its holder. */
export interface LockOwner {
  pid: number;
  host: string;
  started: string;
  command: string;
}

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
  for (let attempt = 0; attempt < 3; attempt++) {
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
    let holder: Partial<LockOwner> = {};
    try {
      holder = JSON.parse(await readFile(path, 'utf8')) as LockOwner;
    } catch {
      // Unreadable (being written right now, or garbage): treat as held unless it stays so.
      if (attempt < 2) { await new Promise((r) => setTimeout(r, 50)); continue; }
    }
    const alive = typeof holder.pid === 'number' && (holder.host !== host || pidAlive(holder.pid));
    if (alive) throw new LockBusyError(`pid ${holder.pid} on ${holder.host} since ${holder.started} (${holder.command}); lock file ${path}`);
    await unlink(path).catch(() => undefined); // stale: its process is gone
  }
  throw new LockBusyError(`could not take ${path}`);
}
