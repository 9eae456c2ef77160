// Persistence of the simulated host: JSON read (cached while the file is unchanged), atomic write (temp file + rename),
// and a lock around each command.
import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { UserError } from '../../errors.js';
import { forget, readState, rememberParsed, unchanged, writeState } from './state-cache.js';
import { type FreshOptions, SIM_STATE_VERSION, type SimState, freshState } from './state.js';
import { pidAlive } from '../backends/file-lock.js';
import { SIM_STATE_SHAPE } from './state-shape.js';
import { dict } from '../../dict.js';

const STALE_MS = 5000;
const EMPTY_STALE_MS = 250;

/** The file's text for a state (what commitState writes). */
function serialize(st: SimState): string {
  return JSON.stringify(st, null, 1) + '\n';
}

/** A state as one command sees it under the lock (fresh: there was no file yet). */
export interface Loaded {
  st: SimState;
  fresh?: boolean;
}

/** Read the state for one command (call under withStateLock): parsed again only when the file changed (state-cache.ts). */
export async function loadStateCached(path: string, fresh: FreshOptions): Promise<Loaded> {
  const r = readState(path);
  if (r === undefined) return { st: ownRecords(freshState(fresh)), fresh: true };
  if ('st' in r) return { st: r.st };
  const st = parseState(r.text, path);
  rememberParsed(path, st, r.text, serialize(st));
  return { st };
}

/** After the command: write the state atomically when it changed (or when there was no file yet), and remember it. */
export async function commitState(path: string, loaded: Loaded): Promise<void> {
  const text = serialize(loaded.st);
  if (!loaded.fresh && unchanged(path, loaded.st, text)) return;
  writeState(path, loaded.st, text);
}

/** Forget the cached state of a file (a command failed half-way: its in-memory state may differ from the file). */
export function forgetState(path: string): void {
  forget(path);
}

/**
 * Parse a state file: JSON, this version, every field of SimState's shape (one message naming the file and the
 * field); the records looked up by names from a command's argv (sysctl OIDs, files, pf anchors, jail parameters)
 * become prototype-less, so `sysctl constructor` is an unknown OID, as sbin/sysctl/sysctl.c answers for any name the
 * kernel lacks ("unknown oid"). The file format itself is the simulator's own, not FreeBSD's (docs/simulator.md).
 */
function parseState(text: string, path: string): SimState {
  let st: SimState;
  try {
    st = JSON.parse(text) as SimState;
  } catch {
    throw new UserError(`sim: ${path} is not a simulator state file (invalid JSON)`);
  }
  const version = (st as unknown as { version?: unknown } | null)?.version;
  if (version !== SIM_STATE_VERSION) throw new UserError(`sim: ${path} has state version ${JSON.stringify(version) ?? 'none'}, this klee reads ${SIM_STATE_VERSION}`);
  const bad = SIM_STATE_SHAPE(st, '');
  if (bad) throw new UserError(`sim: ${path} is not a simulator state file: ${bad}`, 'remove it (a fresh host starts) or restore the file klee wrote');
  return ownRecords(st);
}

/** The state with its name-keyed records prototype-less (see parseState). */
export function ownRecords(st: SimState): SimState {
  st.sysctl = dict(st.sysctl);
  st.files = dict(st.files);
  st.mtimes = dict(st.mtimes);
  st.pf.anchors = dict(st.pf.anchors);
  for (const j of st.jails) j.params = dict(j.params);
  return st;
}

// Commands of this process on one state file, queued on a promise chain: each starts when the previous one ends
// (no polling of the lock file between them; with --parallel 8 they used to wait 2-20 ms timer steps).
const queues = new Map<string, Promise<void>>();

/**
 * Run fn while holding `<path>.lock`: queued behind this process's other commands on the file, then the lock file
 * against other processes (O_EXCL create, retried; a lock whose pid is dead, or older than a few seconds, is stale).
 * The file system calls inside are synchronous: the lock is held for them anyway, and each async call cost a trip
 * through libuv's thread pool and the event loop (~2 ms of idle per command on a busy 2-core machine).
 */
export async function withStateLock<T>(path: string, fn: () => Promise<T>): Promise<T> {
  const prev = queues.get(path) ?? Promise.resolve();
  let done!: () => void;
  const turn = new Promise<void>((r) => { done = r; });
  const tail = prev.then(() => turn);
  queues.set(path, tail);
  await prev;
  const lock = `${path}.lock`;
  try {
    await takeLockFile(lock);
    try {
      return await fn();
    } finally {
      try { unlinkSync(lock); } catch { /* already taken over as stale */ }
    }
  } finally {
    done();
    if (queues.get(path) === tail) queues.delete(path);
  }
}

async function takeLockFile(lock: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(lock, 'wx');
      try { writeSync(fd, String(process.pid)); } finally { closeSync(fd); }
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      try {
        const s = statSync(lock);
        // A holder killed mid-command (SIGKILL) never unlinks its lock: when its pid is gone, take it over at once
        // rather than after STALE_MS. An empty file is being written right now, or its writer was killed between
        // create and write (microseconds apart): still empty after EMPTY_STALE_MS, it is stale.
        const text = readFileSync(lock, 'utf8');
        const pid = Number(text);
        const age = Date.now() - s.mtimeMs;
        if (age > STALE_MS || (pid > 0 && !pidAlive(pid)) || (text === '' && age > EMPTY_STALE_MS)) unlinkSync(lock);
      } catch { /* released meanwhile */ }
      await new Promise((r) => setTimeout(r, Math.min(2 + attempt, 20)));
    }
  }
}
