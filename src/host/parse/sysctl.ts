// Parse `sysctl name...` (`name: value` lines) and `uname -sr`.

/** `name: value` lines to a map; lines without ": " are ignored (unknown OIDs go to stderr). */
export function parseSysctl(stdout: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of stdout.split(/\r?\n/)) {
    const i = line.indexOf(': ');
    if (i > 0 && !/\s/.test(line.slice(0, i))) out[line.slice(0, i)] = line.slice(i + 2).trim();
  }
  return out;
}

/** The unknown OIDs sysctl(8) reported on stderr (`sysctl: unknown oid 'x'`). */
export function unknownOids(stderr: string): string[] {
  return [...stderr.matchAll(/unknown oid '([^']+)'/g)].map((m) => m[1]);
}

/** `uname -sr` -> { sysname: "FreeBSD", release: "14.1-RELEASE" }; a lone word is taken as the release. */
export function parseUname(stdout: string): { sysname: string; release: string } {
  const t = stdout.trim().split(/\s+/).filter((x) => x !== '');
  if (t.length >= 2) return { sysname: t[0], release: t[1] };
  return { sysname: '', release: t[0] ?? '' };
}
