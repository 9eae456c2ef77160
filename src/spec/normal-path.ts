// The one spelling of an absolute path klee compares roots by (the kernel keeps a jail's path resolved: jls shows it so).

/** A path without repeated '/', '.' segments or a trailing '/' ("/jails//a/./" is "/jails/a"). */
export function normalPath(path: string): string {
  return `/${path.split('/').filter((s) => s !== '' && s !== '.').join('/')}`;
}
