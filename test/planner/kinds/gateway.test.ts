// The gateway kind: a bridge's own address (gateway: auto) and the vnet default route, compared with what a kept bridge has.
import { describe, expect, it } from 'vitest';
import type { Interface } from '../../../src/host/types.js';
import type { DesiredNetwork } from '../../../src/planner/desired.js';
import { gatewayFacts, planGateways } from '../../../src/planner/kinds/gateway.js';
import type { NetworkSpec } from '../../../src/spec/types.js';
import { iface, net } from '../builders.js';

const br = (o: Partial<NetworkSpec> = {}) => net('br', { type: 'bridge', subnet: '10.4.6.0/24', ...o });
const desired = (n: NetworkSpec, kept?: Interface): DesiredNetwork =>
  ({ spec: n, interface: 'kleene0', status: kept ? 'keep' : 'create', ...(kept ? { kept } : {}), ...gatewayFacts(n) });
const bridgeWith = (...inet: [string, number][]) => iface('kleene0', { kind: 'bridge', inet: inet.map(([address, prefixlen]) => ({ address, prefixlen })) });

describe('gatewayFacts', () => {
  const cases: [string, NetworkSpec, ReturnType<typeof gatewayFacts>][] = [
    ['auto: the first address is the bridge\'s and the route', br(), { gateway4: '10.4.6.1/24', route4: '10.4.6.1' }],
    ['an explicit gateway is only the route', br({ gateway: '10.4.6.254' }), { route4: '10.4.6.254' }],
    ['none: neither', br({ gateway: 'none' }), {}],
    ['IPv6 likewise', br({ subnet: undefined, subnet6: 'fd00:4::/64' }), { gateway6: 'fd00:4::1/64', route6: 'fd00:4::1' }],
    ['a loopback network has no gateway', net('lo', { subnet: '10.2.3.0/24' }), {}],
  ];
  for (const [name, n, want] of cases) it(name, () => expect(gatewayFacts(n)).toEqual(want));
});

describe('planGateways', () => {
  const cases: [string, DesiredNetwork, { id: string; op: string; reason: string; argv: string[][] }[]][] = [
    ['a new bridge gets its auto gateway', desired(br()), [{ id: 'gateway:br', op: 'create', reason: 'not on host', argv: [['ifconfig', 'kleene0', 'inet', '10.4.6.1/24', 'alias']] }]],
    ['a kept bridge with its gateway: nothing', desired(br(), bridgeWith(['10.4.6.1', 24])), []],
    ['a kept bridge whose gateway was removed by hand: added back', desired(br(), bridgeWith()), [{ id: 'gateway:br', op: 'create', reason: 'gateway missing', argv: [['ifconfig', 'kleene0', 'inet', '10.4.6.1/24', 'alias']] }]],
    ['a jail\'s /32 on the bridge is no gateway', desired(br(), bridgeWith(['10.4.6.1', 24], ['10.4.6.9', 32])), []],
    ['gateway none: the old one is removed', desired(br({ gateway: 'none' }), bridgeWith(['10.4.6.1', 24])),
      [{ id: 'gateway:br:10.4.6.1:delete', op: 'delete', reason: 'gateway not in file', argv: [['ifconfig', 'kleene0', 'inet', '10.4.6.1', '-alias']] }]],
    ['another address than the auto one: replaced by it', desired(br(), bridgeWith(['10.4.6.7', 24])), [
      { id: 'gateway:br:10.4.6.7:delete', op: 'delete', reason: 'gateway changed', argv: [['ifconfig', 'kleene0', 'inet', '10.4.6.7', '-alias']] },
      { id: 'gateway:br', op: 'create', reason: 'gateway missing', argv: [['ifconfig', 'kleene0', 'inet', '10.4.6.1/24', 'alias']] },
    ]],
  ];
  for (const [name, d, want] of cases) {
    it(name, () => {
      const p = planGateways([d]);
      expect(p.actions.map((a) => ({ id: a.id, op: a.op, reason: a.reason, argv: a.commands.map((c) => c.argv) }))).toEqual(want);
      expect(p.created.map((g) => g.id)).toEqual(want.filter((w) => w.op === 'create').map((w) => w.id));
    });
  }

  it('the undo of an addition removes it; the undo of a removal puts it back with its prefix', () => {
    const [del, add] = planGateways([desired(br(), bridgeWith(['10.4.6.7', 24]))]).actions;
    expect(del.commands[0].undo).toEqual([['ifconfig', 'kleene0', 'inet', '10.4.6.7/24', 'alias']]);
    expect(add.commands[0].undo).toEqual([['ifconfig', 'kleene0', 'inet', '10.4.6.1', '-alias']]);
  });
});
