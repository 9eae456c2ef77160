// mount(8) and umount(8): what jail(8) runs for mount= / mount.devfs, the `mount -p` listing, and unmounting.
import { posix } from 'node:path';
import { type Ctx, type Out, fail, findJail, ok } from './ctx.js';
import type { SimState } from './state.js';

// sbin/mount/mount.c usage() (14.x)
const MOUNT_USAGE = 'usage: mount [-adflpruvw] [-F fstab] [-o options] [-t ufs | external_type]\n       mount [-dfpruvw] special | node\n       mount [-dfpruvw] [-o options] [-t ufs | external_type] special node';
// sbin/umount/umount.c usage()
const UMOUNT_USAGE = 'usage: umount [-fnv] special ... | node ... | fsid ...\n       umount -a | -A [-F fstab] [-fnv] [-h host] [-t type]';

/** One mounted file system (the state keeps `type src dst opts [jid]` strings: jid, the jail whose creation mounted it). */
interface Entry { fstype: string; source: string; target: string; options: string; jid?: string }

/** The host's own file systems, always mounted first and never unmounted in the simulator. */
const HOST_MOUNTS: Entry[] = [
  { fstype: 'zfs', source: 'zroot/ROOT/default', target: '/', options: 'rw,nfsv4acls' },
  { fstype: 'devfs', source: 'devfs', target: '/dev', options: 'rw' },
];

function entries(st: SimState): Entry[] {
  return st.mounts.map((m) => {
    const [fstype, source, target, options, jid] = m.split(' ');
    return { fstype, source, target, options, jid };
  });
}

/** flags2opts order (sbin/mount/mount.c), without "ro" which putfsent puts first. */
const FLAG_OPTS = ['sync', 'noexec', 'nosuid', 'union', 'async', 'noatime', 'noclusterr', 'noclusterw', 'nosymfollow', 'suiddir', 'multilabel', 'acls', 'nfsv4acls', 'untrusted', 'nocover', 'emptydir'];

/** putfsent (sbin/mount/mount.c): from and on padded with tabs to 24 columns, "rw" unless read-only, then `\t0 0`. */
function fsent(e: Entry): string {
  const pad24 = (s: string) => s + (s.length < 8 ? '\t' : '') + (s.length < 16 ? '\t' : '') + (s.length < 24 ? '\t' : ' ');
  // flags2opts: only options that are mount flags are listed ("ruleset=N", for example, is not); "rw" unless MNT_RDONLY.
  const given = e.options.split(',');
  const opts = [given.includes('ro') ? 'ro' : 'rw', ...FLAG_OPTS.filter((f) => given.includes(f))].join(',');
  return `${pad24(e.source)}${pad24(e.target)}${e.fstype}\t${opts}${opts.length < 8 ? '\t' : ' '}\t0 0\n`;
}

/** `mount` (list), `mount -p` (fstab form), `mount -t TYPE -o OPTS SRC DST` (what jail(8) runs). */
export function mount(ctx: Ctx, args: string[]): Out {
  const all = [...HOST_MOUNTS, ...entries(ctx.st)];
  if (args.length === 0) return ok(all.map((e) => `${e.source} on ${e.target} (${e.fstype}${e.options.includes('ro') ? ', read-only' : ''})\n`).join(''));
  if (args.length === 1 && args[0] === '-p') return ok(all.map(fsent).join(''));
  let type = 'ufs';
  let opts = 'rw';
  const rest: string[] = [];
  for (let k = 0; k < args.length; k++) {
    if (args[k] === '-t') type = args[++k];
    else if (args[k] === '-o') opts = args[++k];
    else if (args[k].startsWith('-o')) opts = args[k].slice(2);
    else if (args[k].startsWith('-')) return fail(MOUNT_USAGE);
    else rest.push(args[k]);
  }
  const [src, dst] = rest;
  if (!src || !dst || rest.length > 2) return fail(MOUNT_USAGE);
  // mount_nullfs.c: err(EX_USAGE, "%s", target) when the source is missing
  if (type === 'nullfs' && isMissing(ctx, src)) return fail(`mount_nullfs: ${src}: No such file or directory`, 64);
  if (isMissing(ctx, dst)) return fail(`mount: ${dst}: No such file or directory`);
  // devfs, fdescfs and procfs name themselves whatever special was given (e.g. sys/fs/devfs/devfs_vfsops.c:
  // vfs_mountedfrom(mp, "devfs")); the mount point and a nullfs source are kept resolved (resolvedPath).
  ctx.st.mounts.push(`${type} ${['devfs', 'fdescfs', 'procfs'].includes(type) ? type : resolvedPath(src)} ${resolvedPath(dst)} ${opts}`);
  return ok();
}

/**
 * A path as FreeBSD keeps it: a jail's root (kern_jail.c kern_jail_set: namei(), then vn_path_to_global_path()) and a
 * mount point or nullfs source (mount.c mountfs and mount_nullfs.c: checkpath(), realpath(3)) have no "//", "." or
 * ".." segment and no trailing "/", symbolic links resolved; the simulator has no symbolic links, so resolving the
 * spelling is all there is.
 */
export const resolvedPath = (path: string): string => posix.resolve('/', path);

/** Whether a path names one that `?missing=` says does not exist, in any spelling: namei(9) resolves "//", "." and a trailing "/" before it looks. */
export const isMissing = (ctx: Ctx, path: string): boolean => ctx.opts.missing.some((m) => resolvedPath(m) === resolvedPath(path));

/**
 * Mark the mounts a jail's creation just made (st.mounts[from, to)) with its jid, a fifth field: which processes hold
 * that instance (heldByJail). Two jails sharing a root each mount a devfs on the same <root>/dev; the kernel keeps
 * them apart (each instance has its own vnodes, sys/fs/devfs/devfs_vnops.c devfs_allocv), so an unmount by path,
 * which takes the most recent instance, is held by the processes of the jail that made that one.
 */
export function tagMounts(st: SimState, from: number, to: number, jid: number): void {
  for (let i = from; i < to; i++) st.mounts[i] = `${st.mounts[i]} ${jid}`;
}

/** The jail that mounted this for itself (its mount= lines, its devfs, fdescfs, procfs), while it exists. */
function heldByJail(st: SimState, target: string, tag?: string): string | undefined {
  if (tag !== undefined) return st.jails.find((j) => String(j.jid) === tag && !j.dying)?.name;
  for (const j of st.jails) {
    if (j.dying) continue; // removed: jail(8)'s part is over, its processes are gone
    const base = j.path.replace(/\/$/, '');
    const on = (p: string) => j.params[p] === true || j.params[p] === 'true';
    if (on('mount.devfs') && target === `${base}/dev`) return j.name;
    if (on('mount.fdescfs') && target === `${base}/dev/fd`) return j.name;
    if (on('mount.procfs') && target === `${base}/proc`) return j.name;
    if (j.mounts.some((l) => l.trim().split(/\s+/)[1] === target)) return j.name;
  }
  return undefined;
}

/**
 * `umount [-fv] NAME...` (sbin/umount/umount.c checkname): NAME is looked up as a mount point, then as a mounted-from
 * name, most recent mount first, trailing slashes stripped; otherwise statfs(2) of the name (resolved) finds the file
 * system mounted there, or decides the message. Unmounting fails
 * with EBUSY while file systems are mounted below it, and (the simulator's narrow model of "open files") while the
 * jail that mounted it still has processes, unless -f.
 */
export function umount(ctx: Ctx, args: string[]): Out {
  let force = false;
  let verbose = false;
  let k = 0;
  for (; k < args.length && args[k].startsWith('-') && args[k].length > 1; k++) {
    for (const c of args[k].slice(1)) {
      if (c === 'f') force = true;
      else if (c === 'v') verbose = true;
      else if (c !== 'n') return fail(UMOUNT_USAGE);
    }
  }
  const names = args.slice(k);
  if (names.length === 0) return fail(UMOUNT_USAGE);
  let stdout = '';
  let stderr = '';
  for (const raw of names) {
    const list = entries(ctx.st);
    const onPoint = (n: string) => { for (let i = list.length - 1; i >= 0; i--) if (list[i].target === n) return i; return -1; };
    const find = (n: string) => {
      if (onPoint(n) >= 0) return onPoint(n);
      for (let i = list.length - 1; i >= 0; i--) if (list[i].source === n) return i;
      return -1;
    };
    const name = raw.length > 1 ? raw.replace(/\/+$/, '') || '/' : raw;
    // checkname's last resort, statfs(2) of the name, resolves it ("/jails//a/./dev"): the file system on top there.
    const at = [find(raw), find(name), isMissing(ctx, name) ? -1 : onPoint(resolvedPath(name))].find((i) => i >= 0) ?? -1;
    if (at < 0) {
      if (HOST_MOUNTS.some((h) => h.target === name)) stderr += `umount: unmount of ${name} failed: Device busy\n`;
      else if (isMissing(ctx, name)) stderr += `umount: ${name}: statfs: No such file or directory\n`;
      else stderr += `umount: ${name}: not a file system root directory\n`;
      continue;
    }
    const e = list[at];
    // trace=1: record the live processes of the jail that mounted it (a umount klee runs under a live program).
    // The processes of the jail that mounted it hold it (their open files, their working directories); with none
    // left, nothing does (the prison's own reference is to its root, not to what is mounted below).
    const owner = heldByJail(ctx.st, e.target, e.jid);
    const live = owner ? ctx.st.procs.filter((p) => p.jid === findJail(ctx.st, owner)?.jid).map((p) => p.pid) : [];
    const traced = ctx.st.trace?.[ctx.st.trace.length - 1];
    if (traced && live.length) traced.underLive = [...(traced.underLive ?? []), ...live];
    const below = list.some((o) => o.target.startsWith(e.target === '/' ? '/' : `${e.target}/`) && o.target !== e.target);
    if (below || (!force && live.length > 0)) {
      stderr += `umount: unmount of ${e.target} failed: Device busy\n`;
      continue;
    }
    ctx.st.mounts.splice(at, 1);
    if (verbose) stdout += `${e.source}: unmount from ${e.target}\n`;
  }
  return { stdout, stderr, code: stderr ? 1 : 0 };
}
