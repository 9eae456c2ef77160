// Leaked aliases: ipnet addresses left on the project's own interfaces by a jail that is gone (e.g. a killed run,
// or `jail -r` by hand: jail(8) does not remove a command-line jail's aliases, see removal.ts).
import type { PlanContext } from './context.js';
import type { DesiredNetwork } from './desired.js';
import { canonAddr } from './ip.js';

/** One alias to remove. */
export interface LeakedAlias {
  id: string;
  network: string;
  interface: string;
  family: 'inet' | 'inet6';
  address: string;
}

/**
 * Host addresses (/32, /128: what jail(8) adds for `ip4.addr=<if>|<a>/32`) on one of the project's own network
 * interfaces (found by label; never a custom network's interface, which may be the user's) that no jail on the host
 * holds and that are not the network's gateway. Interfaces this plan destroys are skipped (destroying clears them).
 * Jails of any owner count as holders, so a foreign jail's address on our interface is never touched.
 */
export function findLeakedAliases(ctx: PlanContext, nets: DesiredNetwork[]): LeakedAlias[] {
  const destroyed = new Set([...ctx.destroys.values()].map((i) => i.name));
  const held = new Set(ctx.state.jails.flatMap((j) => [...j.ip4, ...j.ip6]).map(canonAddr));
  const out: LeakedAlias[] = [];
  for (const o of ctx.own.networks) {
    if (destroyed.has(o.interface)) continue;
    const d = nets.find((n) => n.interface === o.interface);
    const gateways = new Set([d?.gateway4, d?.gateway6].filter((g): g is string => !!g).map((g) => canonAddr(g.split('/')[0])));
    const candidates = [
      ...o.iface.inet.filter((a) => a.prefixlen === 32 && !a.address.startsWith('127.')).map((a) => ({ family: 'inet' as const, address: a.address })),
      ...o.iface.inet6.filter((a) => a.prefixlen === 128 && canonAddr(a.address) !== '::1' && !/^fe[89ab]/i.test(a.address)).map((a) => ({ family: 'inet6' as const, address: a.address })),
    ];
    for (const c of candidates) {
      const key = canonAddr(c.address);
      if (held.has(key) || gateways.has(key)) continue;
      out.push({ id: `address:leaked:${o.interface}:${c.address}`, network: o.network, interface: o.interface, ...c });
    }
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Delete each leaked alias (`ifconfig <if> inet|inet6 <addr> -alias`), reason `leaked alias`. */
export function planLeakedAliases(ctx: PlanContext, leaks: LeakedAlias[]): void {
  for (const l of leaks) {
    ctx.actions.add({
      id: l.id, op: 'delete', resource: 'address', name: l.network, reason: 'leaked alias',
      commands: [{ argv: ['ifconfig', l.interface, l.family, l.address, '-alias'] }],
      facts: { interface: l.interface, address: l.address },
    });
  }
}
