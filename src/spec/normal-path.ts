// The one spelling of an absolute path klee compares roots by (the kernel keeps a jail's path resolved: jls shows it so).

/** A path without repeated '/', '.' segments or a trailing '/' ("/jails//a/./" is "/jails/a"). */
export function normalPath(path: string): string {
  return `/${path.split('/').filter((s) => s !== '' && s !== '.').join('/')}`;
}

/**
 * Where a mount's jail path lies on the host below a jail's root, spelled as `mount -p` shows it (mount_nullfs.c
 * checkpath, realpath(3)): a target of "/" is the root itself ("/jails/a", not "/jails/a/").
 */
export function mountPoint(root: string, target: string): string {
  return normalPath(`${root}/${target}`);
}
