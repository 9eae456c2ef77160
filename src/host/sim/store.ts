// Persistence of the simulated host: JSON read, atomic write (temp file + rename), and a lock around each command.
import { open, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { UserError } from '../../errors.js';
import { type FreshOptions, SIM_STATE_VERSION, type SimState, freshState } from './state.js';

const STALE_MS = 5000;

/** Read the state (a fresh host when the file does not exist). */
export async function loadState(path: string, fresh: FreshOptions): Promise<SimState> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return freshState(fresh);
    throw e;
  }
  let st: SimState;
  try {
    st = JSON.parse(text) as SimState;
  } catch {
    throw new UserError(`sim: ${path} is not a simulator state file (invalid JSON)`);
  }
  if (st.version !== SIM_STATE_VERSION) throw new UserError(`sim: ${path} has state version ${String(st.version)}, this klee reads ${SIM_STATE_VERSION}`);
  return st;
}

/** Write the state atomically: a reader sees the old or the new file, never half of one. */
export async function saveState(path: string, st: SimState): Promise<void> {
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(tmp, JSON.stringify(st, null, 1) + '\n');
  await rename(tmp, path);
}

/** Whether a process with this pid exists on this machine (EPERM: it exists, owned by someone else). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Run fn while holding `<path>.lock` (O_EXCL create, retried; a lock whose pid is dead, or older than a few seconds, is stale). */
export async function withStateLock<T>(path: string, fn: () => Promise<T>): Promise<T> {
  const lock = `${path}.lock`;
  for (let attempt = 0; ; attempt++) {
    try {
      const h = await open(lock, 'wx');
      await h.writeFile(String(process.pid));
      await h.close();
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      try {
        const s = await stat(lock);
        // A holder killed mid-command (SIGKILL) never unlinks its lock: when its pid is gone, take it over at once
        // rather than after STALE_MS (an empty file is one being written right now, or older than STALE_MS).
        const pid = Number(await readFile(lock, 'utf8'));
        if (Date.now() - s.mtimeMs > STALE_MS || (pid > 0 && !alive(pid))) await unlink(lock).catch(() => undefined);
      } catch { /* released meanwhile */ }
      await new Promise((r) => setTimeout(r, Math.min(2 + attempt, 20)));
    }
  }
  try {
    return await fn();
  } finally {
    await unlink(lock).catch(() => undefined);
  }
}
