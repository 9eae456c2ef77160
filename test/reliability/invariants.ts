// What a host may never hold after any klee run, failed or not: half-made resources (found in the sim's state file).

const labelled = (i: any) => String(i.description ?? '').startsWith('klee:');
const fullLength = (fam: 'inet' | 'inet6', a: any) => a.prefixlen === (fam === 'inet' ? 32 : 128);

/**
 * Half-made resources on the host, as readable lines (empty = none):
 * - an interface the fresh host lacks that carries no klee label (nor is the b side of a labelled epair);
 * - an alias (a /32 or /128 the fresh host lacks) that no jail holds (marked `(klee's)` on a labelled interface,
 *   where the next run removes it as leaked);
 * - a vnet jail without an epair its exec.created moved in;
 * - a mount the fresh host lacks that lies below no jail's root.
 */
export function halfMade(state: Record<string, any>, fresh: Record<string, any>): string[] {
  const out: string[] = [];
  const ifaces = state.interfaces as any[];
  const jails = state.jails as any[];
  const freshIf = new Map((fresh.interfaces as any[]).map((i) => [i.name, i]));
  for (const i of ifaces.filter((x) => x.vnet === 0)) {
    const f = freshIf.get(i.name);
    if (!f && !labelled(i) && !ifaces.some((p) => p.name === i.peer && labelled(p))) out.push(`unlabelled interface ${i.name}`);
    for (const fam of ['inet', 'inet6'] as const) {
      for (const a of i[fam]) {
        if (f?.[fam].some((x: any) => x.address === a.address)) continue;
        if (!fullLength(fam, a)) continue; // a bridge's gateway carries the subnet's prefix
        const held = jails.some((j) => (fam === 'inet' ? j.ip4 : j.ip6).includes(a.address));
        if (!held) out.push(`alias ${a.address} on ${i.name}${labelled(i) ? " (klee's)" : ''} without a jail`);
      }
    }
  }
  for (const j of jails.filter((x) => x.vnet)) {
    const created = String(j.params['exec.created'] ?? '');
    for (const m of created.matchAll(/\/sbin\/ifconfig (epair\d+b) vnet /g)) {
      if (!ifaces.some((i) => i.name === m[1] && i.vnet === j.jid)) out.push(`jail ${j.name} without its ${m[1]}`);
    }
  }
  const freshMounts = new Set(fresh.mounts as string[]);
  for (const m of state.mounts as string[]) {
    if (freshMounts.has(m)) continue;
    const dst = m.split(' ')[2];
    if (!jails.some((j) => dst === j.path || dst.startsWith(`${j.path.replace(/\/$/, '')}/`))) out.push(`mount ${dst} without a jail`);
  }
  return out;
}
