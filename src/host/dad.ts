// IPv6 addresses of a project that duplicate address detection rejected: the kernel keeps such an address on its
// interface, flagged `duplicated`, and never uses it (another node on the link has it). ifconfig shows the flag
// (sbin/ifconfig/af_inet6.c in6_status); nothing else does, so klee says it.
import type { Ownership } from './ownership.js';
import type { Inet6, Interface } from './types.js';

/** Why an address flag makes it unusable, as a user is told. */
const WHY = 'failed duplicate address detection (duplicated): another node on the link has it, so this host never uses it';

const rejected = (a: Inet6) => a.flags?.includes('duplicated') ?? false;

/** One line per rejected address of the project: its network gateways and aliases, and its vnet containers' own addresses. */
export function duplicatedAddresses(own: Ownership, interfaces: readonly Interface[]): string[] {
  const out: string[] = [];
  const byName = new Map(interfaces.map((i) => [i.name, i]));
  for (const n of own.networks) {
    for (const a of n.iface.inet6.filter(rejected)) {
      const jail = own.aliases.find((x) => x.family === 'inet6' && x.address === a.address);
      out.push(`address ${a.address} on ${n.interface} (${jail ? `container "${jail.container}"` : `network "${n.network}"`}) ${WHY}`);
    }
  }
  // ipnet aliases on interfaces that are not the project's own (a custom network's em0)
  for (const x of own.aliases) {
    if (x.family !== 'inet6' || !x.interface || own.networks.some((n) => n.interface === x.interface)) continue;
    const a = byName.get(x.interface)?.inet6.find((y) => y.address === x.address);
    if (a && rejected(a)) out.push(`address ${a.address} on ${x.interface} (container "${x.container}") ${WHY}`);
  }
  for (const j of own.jails) {
    for (const i of j.jail.inside?.interfaces ?? []) {
      for (const a of i.inet6.filter(rejected)) out.push(`address ${a.address} on ${i.name} inside jail ${j.jail.name} (container "${j.container}") ${WHY}`);
    }
  }
  return out;
}
