// Sysctls: IP forwarding, switched on when NAT or vnet containers routed through the host need it (inet(4), inet6(4));
// `down` leaves it on (other software on the host may rely on it).
import type { DesiredNetwork, Want } from '../desired.js';
import { FORWARDING6_ID, FORWARDING_ID } from '../ids.js';
import type { Observed } from '../observed.js';
import { action } from '../action.js';
import { reason } from '../reason.js';
import type { Action } from '../types.js';

/** The sysctl actions of a plan. */
export interface SysctlPlan {
  actions: Action[];
  /** `sysctl net.inet.ip.forwarding=1`, when planned. */
  forwarding4?: string;
  /** `sysctl net.inet6.ip6.forwarding=1`, when planned. */
  forwarding6?: string;
}

/** Plan `sysctl net.inet.ip.forwarding=1` (NAT rules or routed vnet traffic) and the inet6 one (IPv6 routed vnet traffic). */
export function planSysctls(want: Want, obs: Observed, nets: readonly DesiredNetwork[], natRules: number): SysctlPlan {
  const { sysctl } = obs.state;
  const vnet = want.containers.filter((c) => c.driver === 'vnet');
  // A vnet container with a default route (auto or explicit gateway) on one of its networks is routed through the host.
  const routedOver = (route: 'route4' | 'route6') => vnet.some((c) => c.networks.some((a) => nets.find((n) => n.spec.name === a.network)?.[route]));
  const plan: SysctlPlan = { actions: [] };
  if ((natRules > 0 || routedOver('route4')) && !sysctl.ipForwarding) {
    plan.actions.push(forwarding(FORWARDING_ID, 'net.inet.ip.forwarding', natRules > 0 ? 'NAT needs IP forwarding' : 'vnet containers are routed through the host'));
    plan.forwarding4 = FORWARDING_ID;
  }
  // IPv6 has its own switch (inet6(4): net.inet6.ip6.forwarding); vnet containers with an IPv6 default route need it.
  if (routedOver('route6') && !sysctl.ip6Forwarding) {
    plan.actions.push(forwarding(FORWARDING6_ID, 'net.inet6.ip6.forwarding', 'vnet containers are routed through the host over IPv6'));
    plan.forwarding6 = FORWARDING6_ID;
  }
  return plan;
}

function forwarding(id: string, name: string, why: string): Action {
  return action({
    id, op: 'update', resource: 'sysctl', name, why: [reason('needed', why)],
    commands: [{ argv: ['sysctl', `${name}=1`], undo: [['sysctl', `${name}=0`]] }], facts: { value: '0 → 1' },
  });
}
