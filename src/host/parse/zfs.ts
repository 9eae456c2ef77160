// Parse `zfs list -H -p -t filesystem -o name,origin,mountpoint` (tab-separated, `-` for none).

/** One dataset per line; `-` becomes undefined. */
export function parseZfsList(stdout: string): { name: string; origin?: string; mountpoint?: string }[] {
  const out: { name: string; origin?: string; mountpoint?: string }[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const [name, origin, mountpoint] = line.split('\t');
    const d: { name: string; origin?: string; mountpoint?: string } = { name };
    if (origin && origin !== '-') d.origin = origin;
    if (mountpoint && mountpoint !== '-' && mountpoint !== 'none' && mountpoint !== 'legacy') d.mountpoint = mountpoint;
    out.push(d);
  }
  return out;
}
