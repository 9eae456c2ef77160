// Gateways: the address a bridge network carries itself (gateway: auto) and the default route of its vnet containers.
import type { Inet4, Inet6, Interface } from '../../host/types.js';
import { isLinkLocal6 } from '../../spec/addr.js';
import type { NetworkSpec } from '../../spec/types.js';
import type { DesiredNetwork } from '../desired.js';
import { deleteHalf, gatewayId } from '../ids.js';
import { addrValue, firstHost, parseSubnet } from '../ip.js';
import { action } from '../action.js';
import { NOT_ON_HOST, reason, type Reason } from '../reason.js';
import type { Action } from '../types.js';

/** The gateway actions of a plan, and what the ordering rules need to know about them. */
export interface GatewayPlan {
  actions: Action[];
  /** Gateway additions: each waits for its network. */
  created: { id: string; network: string }[];
}

/** Routes of a network: the bridge's own address (auto) and the vnet default route (auto or explicit). */
export type GatewayFacts = Pick<DesiredNetwork, 'gateway4' | 'gateway6' | 'route4' | 'route6'>;

/** Kleene's gateway facts of a network (none but for a bridge with a subnet and a gateway other than none). */
export function gatewayFacts(n: NetworkSpec): GatewayFacts {
  const out: GatewayFacts = {};
  if (n.type !== 'bridge') return out;
  for (const [subnet, gw, family] of [[n.subnet, n.gateway, 4], [n.subnet6, n.gateway6, 6]] as const) {
    if (!subnet || gw === 'none') continue;
    const s = parseSubnet(subnet);
    const addr = gw === 'auto' ? firstHost(s) : gw;
    if (family === 4) { out.route4 = addr; if (gw === 'auto') out.gateway4 = `${addr}/${s.len}`; }
    else { out.route6 = addr; if (gw === 'auto') out.gateway6 = `${addr}/${s.len}`; }
  }
  return out;
}

/** The addresses on a bridge or loopback that can be its gateway: not a jail's /32 or /128 alias, not link-local. */
export function gatewayAddrs(iface: Interface, family: 4 | 6): (Inet4 | Inet6)[] {
  return family === 4 ? iface.inet.filter((a) => a.prefixlen < 32) : iface.inet6.filter((a) => a.prefixlen < 128 && !isLinkLocal6(a.address));
}

/** Gateway aliases of every bridge network: add the auto gateway when missing, remove a gateway the file no longer has. */
export function planGateways(nets: readonly DesiredNetwork[]): GatewayPlan {
  const plan: GatewayPlan = { actions: [], created: [] };
  for (const d of nets) if (d.spec.type === 'bridge') for (const family of [4, 6] as const) planFamily(plan, d, family);
  return plan;
}

function planFamily(plan: GatewayPlan, d: DesiredNetwork, family: 4 | 6): void {
  const name = d.spec.name;
  const want = family === 4 ? d.gateway4 : d.gateway6;
  const inet = family === 4 ? 'inet' : 'inet6';
  const id = gatewayId(name, family);
  const [wantAddr] = want ? want.split('/') : [];
  const same = (address: string) => addrValue(address, family) === addrValue(wantAddr ?? '', family);
  // A created or replaced network starts without addresses; a kept one is compared with what its interface has.
  const have = d.kept ? gatewayAddrs(d.kept, family) : [];
  for (const a of have) {
    if (want && same(a.address)) continue;
    const rid = deleteHalf(`${id}:${a.address}`);
    const why = want ? reason('changed', 'gateway changed', [family === 4 ? 'gateway' : 'gateway6']) : reason('unwanted', 'gateway not in file');
    plan.actions.push(gatewayAction(rid, 'delete', name, why, { argv: ['ifconfig', d.interface, inet, a.address, '-alias'], undo: [['ifconfig', d.interface, inet, `${a.address}/${a.prefixlen}`, 'alias']] }, `${a.address}/${a.prefixlen}`, d.interface));
  }
  if (want && !have.some((a) => same(a.address))) {
    const why = d.kept ? reason('drifted', 'gateway missing') : NOT_ON_HOST;
    plan.actions.push(gatewayAction(id, 'create', name, why, { argv: ['ifconfig', d.interface, inet, want, 'alias'], undo: [['ifconfig', d.interface, inet, wantAddr, '-alias']] }, want, d.interface));
    plan.created.push({ id, network: name });
  }
}

function gatewayAction(id: string, op: 'create' | 'delete', network: string, why: Reason, command: Action['commands'][number], address: string, iface: string): Action {
  return action({ id, op, resource: 'gateway', name: network, why: [why], commands: [command], facts: { interface: iface, address } });
}
