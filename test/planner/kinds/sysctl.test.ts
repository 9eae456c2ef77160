// The sysctl kind: IP forwarding switched on when NAT or vnet containers routed through the host need it.
import { describe, expect, it } from 'vitest';
import type { HostState } from '../../../src/host/types.js';
import { planSysctls } from '../../../src/planner/kinds/sysctl.js';
import type { Spec } from '../../../src/spec/types.js';
import { ctr, freshHost, net, spec } from '../builders.js';
import { upToContainers } from './world.js';

const P = 'proj';
const v = (o: Parameters<typeof net>[1]) => spec(P, [net('br', { type: 'bridge', ...o })], [ctr(P, 'v', { driver: 'vnet', networks: [{ network: 'br' }] })]);
const run = (s: Spec, h: HostState, natRules = 0) => {
  const u = upToContainers(s, h);
  return planSysctls(u.want, u.obs, u.networks.resolved, natRules);
};
const on = (f: (h: HostState) => void) => { const h = freshHost(); f(h); return h; };

describe('planSysctls', () => {
  const cases: [string, Spec, HostState, number, [string, string][]][] = [
    ['NAT needs IPv4 forwarding', spec(P, [], []), freshHost(), 1, [['sysctl:net.inet.ip.forwarding', 'NAT needs IP forwarding']]],
    ['a vnet container with a default route is routed through the host', v({ subnet: '10.4.6.0/24' }), freshHost(), 0, [['sysctl:net.inet.ip.forwarding', 'vnet containers are routed through the host']]],
    ['without a gateway it is not', v({ subnet: '10.4.6.0/24', gateway: 'none' }), freshHost(), 0, []],
    ['IPv6 has its own switch', v({ subnet6: 'fd00:4::/64' }), freshHost(), 0, [['sysctl:net.inet6.ip6.forwarding', 'vnet containers are routed through the host over IPv6']]],
    ['already on: nothing', v({ subnet: '10.4.6.0/24', subnet6: 'fd00:4::/64' }), on((h) => { h.sysctl.ipForwarding = true; h.sysctl.ip6Forwarding = true; }), 1, []],
  ];
  for (const [name, s, h, nat, want] of cases) {
    it(name, () => {
      const p = run(s, h, nat);
      expect(p.actions.map((a) => [a.id, a.reason])).toEqual(want);
      expect([p.forwarding4, p.forwarding6].filter(Boolean)).toEqual(want.map(([id]) => id));
    });
  }

  it('the command and its undo', () => {
    expect(run(spec(P, [], []), freshHost(), 1).actions[0].commands).toEqual([{ argv: ['sysctl', 'net.inet.ip.forwarding=1'], undo: [['sysctl', 'net.inet.ip.forwarding=0']] }]);
  });
});
