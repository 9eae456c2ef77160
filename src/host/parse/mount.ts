// Parse `mount -p`: the mount table in fstab(5) form (sbin/mount/mount.c putfsent), one mounted file system per line:
//   <from>\t...<on>\t...<fstype>\t<opts>\t<dump> <pass>
// Columns are padded with tabs to multiples of 8 (a space after long fields), e.g.
//   devfs			/jails/db/dev		devfs	rw		0 0
//   /data			/jails/db/var/db	nullfs	rw		0 0

import { hostText } from '../quote.js';

/** How the probe's warning for a mount table it could not read begins (the planner quotes it: kinds/unmount.ts). */
export const MOUNT_TABLE_UNREADABLE = 'cannot read the mount table';

/** One mounted file system. */
export interface Mount {
  source: string;
  target: string;
  fstype: string;
  options: string;
}

/** The mounts in table (mount) order, plus a warning per line that cannot be split unambiguously. */
export function parseMountP(stdout: string): { mounts: Mount[]; warnings: string[] } {
  const mounts: Mount[] = [];
  const warnings: string[] = [];
  stdout.split(/\r?\n/).forEach((line, n) => {
    if (line.trim() === '') return;
    const f = line.trim().split(/\s+/);
    // The last four fields are fixed (fstype, options, dump, pass); putfsent prints paths raw, so a path
    // containing white space makes the first two fields ambiguous: report it instead of guessing.
    const tail = f.slice(-4);
    const head = f.slice(0, -4);
    if (f.length < 6 || !/^\d+$/.test(tail[2]) || !/^\d+$/.test(tail[3])) {
      warnings.push(`mount -p line ${n + 1} is not "<from> <on> <fstype> <options> <dump> <pass>": ${hostText(line.trim())}`);
      return;
    }
    if (head.length !== 2) {
      warnings.push(`mount -p line ${n + 1}: a path contains white space, cannot tell source from target: ${hostText(line.trim())}`);
      return;
    }
    mounts.push({ source: head[0], target: head[1], fstype: tail[0], options: tail[1] });
  });
  return { mounts, warnings };
}
