// The files a command on the host makes for its own use (the ssh wave's private directory, its FIFO, each command's
// output files) and the tools that make and read them there: mkdir, mkfifo, rm, mv, cat. They live as long as the
// command that made them (one simulated command), except below KEPT_DIR, whose files are kept in the state as a real
// host keeps them. The files kept in the state (console logs, and what jails hold: files.ts) are read here too.
import { type Ctx, type Out, fail, ok } from './ctx.js';
import { appendText, removeFile, writeText } from './files.js';
import type { ShFiles } from './sh.js';

/** The host directory whose files outlive the command that wrote them: klee's records (host/jail-record.ts). */
const KEPT_DIR = '/var/db/klee';
const kept = (p: string) => p.startsWith(`${KEPT_DIR}/`);

/** Files, directories and FIFOs made during one command. A FIFO holds the bytes written and not yet read. */
export interface Scratch {
  files: Map<string, string>;
  dirs: Set<string>;
  fifos: Map<string, string>;
}

/** Directories of a fresh FreeBSD host where such files are made (etc/mtree/BSD.root.dist, BSD.var.dist). */
const BASE_DIRS = new Set(['/', '/tmp', '/var', '/var/tmp', '/var/run', '/var/db', '/var/log', '/root']);

/** The scratch space of this command (made on first use; a jail's is its own, as its file system is). */
export function scratchOf(ctx: Ctx): Scratch {
  if (ctx.scratch) return ctx.scratch;
  // The directories of the kept files exist (directories are not kept apart: one is there while a file below it is).
  const dirs = new Set<string>();
  for (const f of Object.keys(ctx.st.files)) if (kept(f)) for (let d = parent(f); d.length > 1 && !BASE_DIRS.has(d); d = parent(d)) dirs.add(d);
  return (ctx.scratch = { files: new Map(), dirs, fifos: new Map() });
}

const norm = (p: string) => (p.length > 1 ? p.replace(/\/+$/, '') : p);
const parent = (p: string) => norm(p).slice(0, Math.max(1, norm(p).lastIndexOf('/')));

/** Whether a directory exists: a base directory or one made here. */
function isDir(sc: Scratch, p: string): boolean {
  return BASE_DIRS.has(norm(p)) || sc.dirs.has(norm(p));
}

/** Whether anything exists at p. */
function exists(sc: Scratch, p: string): boolean {
  return isDir(sc, p) || sc.files.has(norm(p)) || sc.fifos.has(norm(p));
}

/** Why a file cannot be created at p (its directory does not exist), or undefined. */
export function cannotCreate(sc: Scratch, p: string): string | undefined {
  return p.startsWith('/') && isDir(sc, parent(p)) ? undefined : 'No such file or directory';
}

/** mkdir [-p] [-m mode] dir... (bin/mkdir/mkdir.c: `mkdir: X: File exists`, `mkdir: X: No such file or directory`). */
export function mkdir(ctx: Ctx, args: string[]): Out {
  const sc = scratchOf(ctx);
  let k = 0;
  let p = false;
  for (; k < args.length && args[k].startsWith('-'); k++) {
    if (args[k] === '-p') p = true;
    else if (args[k] === '-m' && args[k + 1] !== undefined) k++;
    else return fail('usage: mkdir [-pv] [-m mode] directory ...');
  }
  if (k === args.length) return fail('usage: mkdir [-pv] [-m mode] directory ...');
  let stderr = '';
  for (const d of args.slice(k)) {
    if (exists(sc, d)) { if (!p) stderr += `mkdir: ${d}: File exists\n`; continue; }
    if (!isDir(sc, parent(d)) && !p) { stderr += `mkdir: ${d}: No such file or directory\n`; continue; }
    for (let q = norm(d); !isDir(sc, q); q = parent(q)) sc.dirs.add(q);
  }
  return stderr ? fail(stderr) : ok();
}

/** mkfifo [-m mode] fifo... (usr.bin/mkfifo/mkfifo.c: warn "%s" with errno: `mkfifo: X: File exists`). */
export function mkfifo(ctx: Ctx, args: string[]): Out {
  const sc = scratchOf(ctx);
  const names = args[0] === '-m' ? args.slice(2) : args;
  if (names.length === 0) return fail('usage: mkfifo [-m mode] fifo_name ...');
  let stderr = '';
  for (const f of names) {
    if (exists(sc, f)) stderr += `mkfifo: ${f}: File exists\n`;
    else if (cannotCreate(sc, f)) stderr += `mkfifo: ${f}: No such file or directory\n`;
    else sc.fifos.set(norm(f), '');
  }
  return stderr ? fail(stderr) : ok();
}

/** rm [-f] [-r] file... (bin/rm/rm.c: `rm: X: No such file or directory` unless -f; a directory needs -r). */
export function rm(ctx: Ctx, args: string[]): Out {
  const sc = scratchOf(ctx);
  let k = 0;
  let force = false;
  let rec = false;
  for (; k < args.length && /^-[rRf]+$/.test(args[k]); k++) {
    if (args[k].includes('f')) force = true;
    if (/[rR]/.test(args[k])) rec = true;
  }
  let stderr = '';
  for (const a of args.slice(k)) {
    const p = norm(a);
    if (sc.dirs.has(p)) {
      if (!rec) { stderr += `rm: ${a}: is a directory\n`; continue; }
      for (const m of [sc.files, sc.fifos]) for (const f of [...m.keys()]) if (f.startsWith(`${p}/`)) m.delete(f);
      for (const d of [...sc.dirs]) if (d === p || d.startsWith(`${p}/`)) sc.dirs.delete(d);
    } else if (kept(p) && ctx.st.files[p] !== undefined) removeFile(ctx.st, p);
    else if (!sc.files.delete(p) && !sc.fifos.delete(p) && !force) stderr += `rm: ${a}: No such file or directory\n`;
  }
  return stderr ? fail(stderr) : ok();
}

/**
 * mv [-f] source target (bin/mv/mv.c: rename(2), which replaces the target at once): a file, to a path whose
 * directory exists; `mv: rename X to Y: No such file or directory` otherwise.
 */
export function mv(ctx: Ctx, args: string[]): Out {
  const sc = scratchOf(ctx);
  const rest = args.filter((a, i) => !(i === 0 && /^-[fin]+$/.test(a)));
  if (rest.length !== 2) return fail('usage: mv [-f | -i | -n] [-hv] source target\n       mv [-f | -i | -n] [-v] source ... directory');
  const [from, to] = rest.map(norm);
  const text = sc.files.get(from) ?? (ctx.st.files[from] ? ctx.st.files[from].map((l) => `${l}\n`).join('') : undefined);
  if (text === undefined || cannotCreate(sc, to)) return fail(`mv: rename ${rest[0]} to ${rest[1]}: No such file or directory`);
  sc.files.delete(from);
  if (ctx.st.files[from] !== undefined) removeFile(ctx.st, from);
  if (kept(to)) writeText(ctx.st, to, text);
  else sc.files.set(to, text);
  return ok();
}

/** cat [file...]: a file made here, a console log, else `cat: X: No such file or directory` (bin/cat/cat.c). */
export function cat(ctx: Ctx, args: string[], stdin = ''): Out {
  const sc = scratchOf(ctx);
  if (args.length === 0) return ok(stdin);
  let stdout = '';
  let stderr = '';
  for (const f of args) {
    const p = norm(f);
    const log = ctx.st.files[p];
    if (sc.files.has(p)) stdout += sc.files.get(p);
    else if (log) stdout += log.map((l) => `${l}\n`).join('');
    else if (isDir(sc, p)) stderr += `cat: ${f}: Is a directory\n`;
    else stderr += `cat: ${f}: No such file or directory\n`;
  }
  return { stdout, stderr, code: stderr ? 1 : 0 };
}

/** The file access of a shell on the host: scratch files and FIFOs, and the files kept in the state (read only). */
export function scratchFiles(ctx: Ctx): ShFiles {
  const sc = scratchOf(ctx);
  return {
    read: (p) => {
      const q = norm(p);
      const log = ctx.st.files[q];
      return sc.files.get(q) ?? (log ? log.map((l) => `${l}\n`).join('') : undefined);
    },
    write: (p, text, append) => {
      const q = norm(p);
      if (!sc.files.has(q) && ctx.st.files[q] === undefined) {
        const why = cannotCreate(sc, q);
        if (why) return `sh: cannot create ${p}: ${why}\n`;
      }
      if (kept(q)) (append ? appendText : writeText)(ctx.st, q, text);
      else sc.files.set(q, (append ? sc.files.get(q) ?? '' : '') + text);
      return undefined;
    },
    fifo: (p) => {
      const q = norm(p);
      if (!sc.fifos.has(q)) return undefined;
      return {
        text: () => sc.fifos.get(q) ?? '',
        consume: (n) => { sc.fifos.set(q, (sc.fifos.get(q) ?? '').slice(n)); },
        write: (t) => { sc.fifos.set(q, (sc.fifos.get(q) ?? '') + t); },
      };
    },
  };
}
