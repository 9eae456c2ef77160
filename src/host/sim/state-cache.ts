// The simulator's parsed state, kept between commands of this process while its file's bytes are unchanged.
// A hit is decided by the file's whole content (compared byte for byte), not by its mtime/size/inode, which another
// process can reproduce within one clock tick after an inode is reused. The bytes live in reused Buffers: holding the
// file's text as a string across commands made V8 promote ~2 MB per command to the old generation (peak RSS of a
// 1,000-container `up` 135 -> 200 MB); a Buffer swapped with a scratch one allocates nothing per command.
import { closeSync, fstatSync, openSync, readSync, renameSync, writeSync } from 'node:fs';
import type { SimState } from './state.js';
import { UserError } from '../../errors.js';

/** A file's cached state: its bytes on disk and the canonical serialisation of the state (the same when we wrote it). */
interface Entry {
  st: SimState;
  file: Buffer;
  fileLen: number;
  canon: Buffer;
  canonLen: number;
}

const MAX_FILES = 8;
const entries = new Map<string, Entry>();
let scratch: Buffer = Buffer.allocUnsafe(1 << 16);

function room(n: number): Buffer {
  if (scratch.length < n) scratch = Buffer.allocUnsafe(Math.ceil(n * 1.5));
  return scratch;
}

function readInto(fd: number, buf: Buffer, n: number): number {
  let got = 0;
  while (got < n) {
    const k = readSync(fd, buf, got, n - got, got);
    if (k === 0) break;
    got += k;
  }
  return got;
}

/**
 * The state file cannot be read (a directory, no permission): a UserError naming it, never an internal error. The
 * file is the simulator's own (docs/simulator.md; FreeBSD has no counterpart), so the words are klee's.
 */
function unreadable(path: string, e: unknown): UserError {
  const code = (e as NodeJS.ErrnoException).code;
  return new UserError(code === 'EISDIR' ? `sim: ${path} is a directory, not a simulator state file` : `sim: cannot read ${path}: ${code ?? (e as Error).message}`,
    'sim:PATH names the state file (created when missing), e.g. -H sim:.klee/host.json');
}

/**
 * The cached state when the file's bytes are those last read or written here; else the file's text (undefined: no file).
 * A path that cannot be read is a UserError.
 */
export function readState(path: string): { st: SimState } | { text: string } | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') { entries.delete(path); return undefined; }
    throw unreadable(path, e);
  }
  try {
    const size = fstatSync(fd).size;
    const buf = room(size);
    const n = readInto(fd, buf, size);
    const hit = entries.get(path);
    if (hit && n === size && hit.fileLen === n && buf.compare(hit.file, 0, n, 0, n) === 0) {
      entries.delete(path);
      entries.set(path, hit); // most recently used last
      return { st: hit.st };
    }
    entries.delete(path);
    return { text: buf.toString('utf8', 0, n) };
  } catch (e) {
    throw unreadable(path, e);
  } finally {
    closeSync(fd);
  }
}

/** Remember a state just parsed from `text` (the file's content) whose canonical serialisation is `canon`. */
export function rememberParsed(path: string, st: SimState, text: string, canon: string): void {
  const file = Buffer.from(text);
  const c = canon === text ? file : Buffer.from(canon);
  remember(path, { st, file, fileLen: file.length, canon: c, canonLen: c.length });
}

/** Whether `text` is the canonical serialisation of the cached state (the command changed nothing). */
export function unchanged(path: string, st: SimState, text: string): boolean {
  const e = entries.get(path);
  if (!e || e.st !== st) return false;
  const buf = room(Buffer.byteLength(text));
  const n = buf.write(text);
  return n === e.canonLen && buf.compare(e.canon, 0, n, 0, n) === 0;
}

/** Write `text` atomically (temp file + rename) and remember it as the file's bytes and the state's serialisation. */
export function writeState(path: string, st: SimState, text: string): void {
  const prev = entries.get(path);
  entries.delete(path);
  const buf = room(Buffer.byteLength(text));
  const n = buf.write(text);
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    let off = 0;
    while (off < n) off += writeSync(fd, buf, off, n - off);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  // The scratch now holds the file's bytes: it becomes the entry's buffer, and the entry's previous one the scratch.
  scratch = prev?.file ?? Buffer.allocUnsafe(buf.length);
  remember(path, { st, file: buf, fileLen: n, canon: buf, canonLen: n });
}

/** Forget a file's cached state (a command failed half-way: the state in memory may differ from the file). */
export function forget(path: string): void {
  entries.delete(path);
}

function remember(path: string, e: Entry): void {
  entries.set(path, e);
  while (entries.size > MAX_FILES) entries.delete(entries.keys().next().value as string);
}
