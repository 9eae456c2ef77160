// Which FreeBSD release the simulated host runs, and what follows from it: the version uname, freebsd-version, jls
// and sysctl print, whether the kernel has the `meta` and `env` jail parameters (sys/kern/kern_jailmeta.c: new in
// 15.0 and 14.3), and whether ifconfig is 14's netlink one (LOWER_UP, family order) or 13's.

/** The releases a test may ask for with ?version= (13.x, 14.0-14.3, 15.0). */
export const RELEASES = ['13.0', '13.1', '13.2', '13.3', '13.4', '13.5', '14.0', '14.1', '14.2', '14.3', '15.0'] as const;

/** A release as `X.Y`. */
export type Release = (typeof RELEASES)[number];

/** A fresh simulated host runs this one: a FreeBSD 14 with `meta`. */
export const DEFAULT_RELEASE: Release = '14.3';

const parts = (r: string): [number, number] => {
  const m = /^(\d+)\.(\d+)/.exec(r);
  return m ? [Number(m[1]), Number(m[2])] : [0, 0];
};

/** Is release `r` (`14.3` or `14.3-RELEASE`) at least `major.minor`? */
export function atLeast(r: string, major: number, minor: number): boolean {
  const [a, b] = parts(r);
  return a > major || (a === major && b >= minor);
}

/** `kern.osrelease` and `uname -r` (`14.3-RELEASE`). */
export const osrelease = (r: Release): string => `${r}-RELEASE`;

/** `kern.osreldate` / the jail's `osreldate` (sys/sys/param.h __FreeBSD_version of the release: MMmmRRR, RRR 0 here). */
export function osreldate(release: string): string {
  const [a, b] = parts(release);
  return String(a * 100000 + b * 1000);
}

/** The kernel has the `meta` and `env` jail parameters (kern_jailmeta.c: FreeBSD 15.0, and 14.3). */
export const hasJailMeta = (release: string): boolean => atLeast(release, 14, 3);

/** ifconfig is the netlink one (sbin/ifconfig/ifconfig_netlink.c, FreeBSD 14.0): LOWER_UP, no `<>` for no flags, inet before inet6. */
export const netlinkIfconfig = (release: string): boolean => atLeast(release, 14, 0);
