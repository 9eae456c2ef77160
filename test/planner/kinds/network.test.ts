// The network kind: one decision per file network (create, keep, repair, replace or refuse) and the removal of the others.
import { describe, expect, it } from 'vitest';
import type { HostState } from '../../../src/host/types.js';
import { planNetworks, removeNetworks } from '../../../src/planner/kinds/network.js';
import type { NetworkSpec } from '../../../src/spec/types.js';
import { ctr, freshHost, iface, net, spec } from '../builders.js';
import { converged, world } from './world.js';

const P = 'proj';
const lo = net('lo', { subnet: '10.2.3.0/24' });
const br = net('br', { type: 'bridge', subnet: '10.4.6.0/24' });
const withA = (n: NetworkSpec) => spec(P, [n], [ctr(P, 'a', { driver: n.type === 'bridge' ? 'vnet' : 'ipnet', networks: [{ network: n.name }] })]);
const k0 = (h: HostState) => h.interfaces.find((i) => i.name === 'kleene0')!;

interface Case { name: string; file: NetworkSpec[]; host: () => HostState | Promise<HostState>; containers?: boolean; want: { id: string; op: string; reason: string; argv: string[][] }[]; fields?: string[] }

const cases: Case[] = [
  { name: 'a new network takes the lowest free kleeneN', file: [lo], host: freshHost,
    want: [{ id: 'network:lo', op: 'create', reason: 'not on host', argv: [['ifconfig', 'lo', 'create', 'description', 'klee:proj:lo', 'up', 'name', 'kleene0']] }] },
  { name: 'the name the file asks for is never handed out as a free one', file: [net('x'), net('lo', { interface: 'kleene0' })], host: freshHost,
    want: [
      { id: 'network:x', op: 'create', reason: 'not on host', argv: [['ifconfig', 'lo', 'create', 'description', 'klee:proj:x', 'up', 'name', 'kleene1']] },
      { id: 'network:lo', op: 'create', reason: 'not on host', argv: [['ifconfig', 'lo', 'create', 'description', 'klee:proj:lo', 'up', 'name', 'kleene0']] },
    ] },
  { name: 'our interface as it should be: nothing to do', file: [lo], host: () => converged(withA(lo)), want: [] },
  { name: 'our interface down: brought up', file: [lo], host: async () => { const h = await converged(withA(lo)); k0(h).up = false; return h; },
    want: [{ id: 'network:lo', op: 'update', reason: 'interface down', argv: [['ifconfig', 'kleene0', 'up']] }] },
  { name: 'a lost label is no licence to adopt: the unlabelled interface holding the alias of a jail the file puts on it is never taken', file: [lo], containers: true, host: async () => { const h = await converged(withA(lo)); k0(h).description = undefined; return h; },
    want: [{ id: 'network:lo', op: 'create', reason: 'not on host', argv: [['ifconfig', 'lo', 'create', 'description', 'klee:proj:lo', 'up', 'name', 'kleene1']] }] },
  { name: 'a bridge subnet change seen through its gateway: replaced', file: [{ ...br, subnet: '10.4.7.0/24' }], host: () => converged(withA(br)), fields: ['subnet'],
    want: [
      { id: 'network:br', op: 'replace', reason: 'subnet changed (10.4.6.0/24 → 10.4.7.0/24)', argv: [['ifconfig', 'bridge', 'create', 'description', 'klee:proj:br', 'up', 'name', 'kleene0']] },
      { id: 'network:br:delete', op: 'replace', reason: 'subnet changed (10.4.6.0/24 → 10.4.7.0/24)', argv: [['ifconfig', 'kleene0', 'deletem', 'epair0a'], ['ifconfig', 'kleene0', 'destroy']] },
    ] },
  { name: 'a type change: replaced', file: [{ ...lo, type: 'bridge', gateway: 'none', gateway6: 'none' }], host: () => converged(withA(lo)), fields: ['type'],
    want: [
      { id: 'network:lo', op: 'replace', reason: 'type changed (loopback → bridge)', argv: [['ifconfig', 'bridge', 'create', 'description', 'klee:proj:lo', 'up', 'name', 'kleene0']] },
      { id: 'network:lo:delete', op: 'replace', reason: 'type changed (loopback → bridge)', argv: [['ifconfig', 'kleene0', 'destroy']] },
    ] },
  { name: 'a network the file no longer has: destroyed', file: [], host: () => converged(withA(lo)),
    want: [{ id: 'network:lo', op: 'delete', reason: 'not in file', argv: [['ifconfig', 'kleene0', 'destroy']] }] },
  { name: 'a second interface with our label: the duplicate is destroyed, under a suffixed id', file: [lo],
    host: async () => { const h = await converged(withA(lo)); h.interfaces.push(iface('lo7', { kind: 'loopback', description: 'klee:proj:lo' })); k0(h).up = false; return h; },
    want: [
      { id: 'network:lo', op: 'update', reason: 'interface down', argv: [['ifconfig', 'kleene0', 'up']] },
      { id: 'network:lo:lo7', op: 'delete', reason: 'duplicate label', argv: [['ifconfig', 'lo7', 'destroy']] },
    ] },
  { name: 'a network that became custom: our interface goes, the user\'s stays', file: [net('lo', { type: 'custom', interface: 'em0' })], host: () => converged(withA(lo)),
    want: [{ id: 'network:lo', op: 'delete', reason: 'network is custom now', argv: [['ifconfig', 'kleene0', 'destroy']] }] },
];

describe('planNetworks', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const h = await c.host();
      const { want, obs, alloc } = world(c.containers ? withA(c.file[0]) : spec(P, c.file, []), h);
      const p = planNetworks(want, obs, alloc);
      const actions = [...p.actions, ...removeNetworks(p.removals, new Set())];
      expect(actions.map((a) => ({ id: a.id, op: a.op, reason: a.reason, argv: a.commands.map((x) => x.argv) }))).toEqual(c.want);
      expect(p.problems).toEqual([]);
      const replaced = p.removals.find((r) => r.replacedBy);
      expect(replaced?.reasons.flatMap((r) => r.fields ?? [])).toEqual(c.fields);
    });
  }

  it('down: every interface the project owns is destroyed, for the reason down', async () => {
    const h = await converged(spec(P, [lo, br], []));
    const { want, obs, alloc } = world(spec(P, [lo, br], []), h, true);
    const p = planNetworks(want, obs, alloc);
    expect(p.removals.map((r) => [r.id, r.reasons.map((x) => x.code)])).toEqual([['network:br', ['down']], ['network:lo', ['down']]]);
    expect([...p.destroyed].sort()).toEqual(['kleene0', 'kleene1']);
  });

  it('a collision and a missing custom interface are problems about their network; the custom one is still resolved', async () => {
    const h = freshHost();
    h.interfaces.push(iface('kleene3', { kind: 'loopback', description: 'mine' }));
    const { want, obs, alloc } = world(spec(P, [net('a', { interface: 'kleene3' }), net('c', { type: 'custom', interface: 'em9' })], []), h);
    const p = planNetworks(want, obs, alloc);
    expect(p.problems.map((x) => x.resource)).toEqual(['network:a', 'network:c']);
    expect(p.problems[0].message).toContain('interface "kleene3" already exists on the host and is not this network\'s (description "mine")');
    expect(p.resolved.map((n) => [n.spec.name, n.status])).toEqual([['c', 'keep']]);
  });

  it('removeNetworks: members out first, but not the epairs the plan destroys anyway', async () => {
    const h = await converged(withA(br));
    k0(h).members.push('epair5a');
    const { want, obs, alloc } = world(spec(P, [], []), h);
    const [a] = removeNetworks(planNetworks(want, obs, alloc).removals, new Set(['epair0a']));
    expect(a.commands.map((x) => x.argv)).toEqual([['ifconfig', 'kleene0', 'deletem', 'epair5a'], ['ifconfig', 'kleene0', 'destroy']]);
  });
});
