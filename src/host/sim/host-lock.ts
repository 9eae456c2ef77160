// The per-project lock of a simulated host: `<PATH>.<project>.lock` with the holder's pid, hostname, start and owner.
import { open, readFile, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { type HostLock, LockBusyError } from '../types.js';

const EMPTY_STALE_MS = 250;

interface Holder { pid: number; hostname: string; started: string; owner: string }

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Take the project lock; a holder that is not alive on this machine is taken over. */
export async function acquireSimLock(path: string, project: string, owner: string): Promise<HostLock> {
  const file = `${path}.${project}.lock`;
  const me: Holder = { pid: process.pid, hostname: hostname(), started: new Date().toISOString(), owner };
  for (let attempt = 0; attempt < 10; attempt++) {
    try {
      const h = await open(file, 'wx');
      await h.writeFile(JSON.stringify(me) + '\n');
      await h.close();
      let released = false;
      return {
        async release() {
          if (released) return;
          released = true;
          await unlink(file).catch(() => undefined);
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let holder: Holder | undefined;
      try { holder = JSON.parse(await readFile(file, 'utf8')) as Holder; } catch { holder = undefined; }
      if (holder && holder.hostname === me.hostname && !alive(holder.pid)) {
        await unlink(file).catch(() => undefined); // stale: its process is gone
        continue;
      }
      if (!holder) {
        // Being written right now, or its writer was killed (SIGKILL) between create and write, microseconds apart:
        // a file still without a holder after EMPTY_STALE_MS is stale.
        const age = await stat(file).then((st) => Date.now() - st.mtimeMs, () => 0);
        if (age > EMPTY_STALE_MS) await unlink(file).catch(() => undefined);
        else await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      throw new LockBusyError(`${holder.owner} (pid ${holder.pid} on ${holder.hostname}, since ${holder.started})`);
    }
  }
  throw new LockBusyError(`unknown holder of ${file}`);
}
