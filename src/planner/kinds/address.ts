// Addresses on the host's interfaces that are the project's own but no network or jail creates itself: aliases a jail
// left behind (removed), and the alias of a running ipnet jail that was removed by hand (added back).
// Which address each container gets is chosen in address-choice.ts; jail(8) adds and the removal takes off the rest.
import type { OwnedJail } from '../../host/ownership.js';
import type { DesiredContainer, Want } from '../desired.js';
import { addressId } from '../ids.js';
import { canonAddr } from '../ip.js';
import { aliasesOf, type Observed } from '../observed.js';
import { action } from '../action.js';
import { DOWN, reason } from '../reason.js';
import type { Action, PlannedCommand } from '../types.js';
import type { NetworkPlan } from './network.js';

/** One alias to remove. */
export interface LeakedAlias {
  id: string;
  network: string;
  interface: string;
  family: 'inet' | 'inet6';
  address: string;
}

/** The address actions of a plan, and what the ordering rules need to know. */
export interface AddressPlan {
  actions: Action[];
  /** Leaked aliases removed: a container taking one of their addresses waits for the removal. */
  leaked: LeakedAlias[];
  /** Aliases put back: each waits for its network. */
  repaired: { id: string; network: string }[];
}

/**
 * Host addresses (/32, /128: what jail(8) adds for `ip4.addr=<if>|<a>/32`) on one of the project's own network
 * interfaces (found by label; never a custom network's interface, which may be the user's) that no jail on the host
 * holds and that are not the network's gateway. Interfaces this plan destroys are skipped (destroying clears them).
 * Jails of any owner count as holders, so a foreign jail's address on our interface is never touched.
 */
export function findLeakedAliases(obs: Observed, nets: NetworkPlan): LeakedAlias[] {
  const held = new Set(obs.state.jails.flatMap((j) => [...j.ip4, ...j.ip6]).map(canonAddr));
  const out: LeakedAlias[] = [];
  for (const o of obs.own.networks) {
    if (nets.destroyed.has(o.interface)) continue;
    const d = nets.resolved.find((n) => n.interface === o.interface);
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

/** Remove each leaked alias (`ifconfig <if> inet|inet6 <addr> -alias`); put back the aliases running ipnet jails lost. */
export function planAddresses(want: Want, obs: Observed, leaked: LeakedAlias[], kept: readonly { d: DesiredContainer; jail: OwnedJail }[]): AddressPlan {
  const actions: Action[] = leaked.map((l) => action({
    id: l.id, op: 'delete', resource: 'address', name: l.network, why: [want.down ? DOWN : reason('leaked', 'leaked alias')],
    commands: [{ argv: ['ifconfig', l.interface, l.family, l.address, '-alias'] }], facts: { interface: l.interface, address: l.address },
  }));
  const repaired: AddressPlan['repaired'] = [];
  for (const { d, jail } of kept) {
    if (d.spec.driver !== 'ipnet') continue;
    for (const a of repairAliases(obs, jail, d)) {
      actions.push(a.action);
      repaired.push({ id: a.action.id, network: a.network });
    }
  }
  return { actions, leaked, repaired };
}

/** A running ipnet jail whose alias was removed by hand: add it back (klee's removal takes it off again, container-removal.ts). */
function repairAliases(obs: Observed, j: OwnedJail, d: DesiredContainer): { action: Action; network: string }[] {
  const out: { action: Action; network: string }[] = [];
  for (const a of d.attachments) {
    const cmds: PlannedCommand[] = [];
    for (const [family, ip, len] of [['inet', a.ip, 32], ['inet6', a.ip6, 128]] as const) {
      if (!ip) continue;
      const al = aliasesOf(obs, j.container).find((x) => canonAddr(x.address) === canonAddr(ip));
      if (al && al.interface === undefined) cmds.push({ argv: ['ifconfig', a.interface, family, `${ip}/${len}`, 'alias'], undo: [['ifconfig', a.interface, family, ip, '-alias']] });
    }
    if (cmds.length === 0) continue;
    out.push({
      network: a.network,
      action: action({
        id: addressId(d.spec.name, a.network), op: 'update', resource: 'address', name: `${d.spec.name}:${a.network}`, why: [reason('drifted', 'alias missing on host')],
        commands: cmds, facts: { interface: a.interface, address: [a.ip, a.ip6].filter(Boolean).join(',') },
      }),
    });
  }
  return out;
}
