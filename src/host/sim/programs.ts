// Where the simulated host's programs live, by FreeBSD's own source layout: a program built from `bin/X` is
// installed in /bin, `sbin/X` and `cddl/sbin/X` in /sbin, `usr.bin/X` in /usr/bin, `usr.sbin/X` in /usr/sbin
// (bin/Makefile SUBDIR lists cat, date, echo, freebsd-version, hostname, kill, mkdir, mv, pkill, pwait, rm, sh, sleep, test;
// bin/pkill links pgrep, bin/test links [). Kept apart from klee's own table
// (src/host/tools.ts) on purpose: a wrong path there must fail here, as it would on FreeBSD.
import { type Ctx, envOf } from './ctx.js';

const BY_SOURCE: [dir: string, programs: string[]][] = [
  ['/bin', ['cat', 'date', 'echo', 'freebsd-version', 'hostname', 'kill', 'mkdir', 'mv', 'pkill', 'pgrep', 'pwait', 'rm', 'sh', 'sleep', 'test', '[']], // bin/
  ['/sbin', ['ifconfig', 'mount', 'pfctl', 'route', 'sysctl', 'umount']], // sbin/
  ['/sbin', ['zfs']], // cddl/sbin/
  ['/usr/bin', ['env', 'false', 'mkfifo', 'netstat', 'printf', 'stat', 'tail', 'timeout', 'true', 'uname']], // usr.bin/
  ['/usr/sbin', ['daemon', 'jail', 'jexec', 'jls']], // usr.sbin/
];

const BY_PATH = new Map<string, string>(BY_SOURCE.flatMap(([dir, progs]) => progs.map((p): [string, string] => [`${dir}/${p}`, p])));

/**
 * The program argv[0] names in this context, as execvp(3) finds it: a path containing `/` must be the program's
 * own path; a bare name is looked up in the directories of PATH (the context's environment), in order. Undefined:
 * no such program on the simulated host.
 */
export function resolveProgram(ctx: Ctx, name: string): string | undefined {
  if (name.includes('/')) return BY_PATH.get(name.replace(/\/{2,}/g, '/'));
  if (name === '') return undefined;
  for (const dir of (envOf(ctx).PATH ?? '').split(':')) {
    const hit = BY_PATH.get(`${dir.replace(/\/$/, '') || '.'}/${name}`);
    if (hit) return hit;
  }
  return undefined;
}
