// The epair kind: one epair per vnet container and network, reused when it exists, moved into its bridge, removed when unused.
import { describe, expect, it } from 'vitest';
import { epairGroup } from '../../../src/host/labels.js';
import type { HostState } from '../../../src/host/types.js';
import { nameRef } from '../../../src/planner/kernel-names.js';
import { planEpairs } from '../../../src/planner/kinds/epair.js';
import { ctr, freshHost, iface, net, spec } from '../builders.js';
import { converged, upToContainers } from './world.js';

const P = 'proj';
const br = net('br', { type: 'bridge', subnet: '10.4.6.0/24' });
const v = (name: string) => ctr(P, name, { driver: 'vnet', networks: [{ network: 'br' }] });
const file = (...names: string[]) => spec(P, [br], names.map(v));
const k0 = (h: HostState) => h.interfaces.find((i) => i.name === 'kleene0')!;
const G = epairGroup(P, 'br');
const strayEpair = (h: HostState, unit: number, label: string, groups = ['epair', G]) =>
  h.interfaces.push(iface(`epair${unit}a`, { description: label, epairPeer: `epair${unit}b`, groups }), iface(`epair${unit}b`, { epairPeer: `epair${unit}a` }));
const newA = `${nameRef('epair:a:br')}a`;

function run(s: ReturnType<typeof file>, h: HostState, down = false) {
  const u = upToContainers(s, h, down);
  return planEpairs(u.want, u.obs, u.desired, u.nets, u.networks.destroyed);
}
const rows = (p: ReturnType<typeof run>) => p.actions.map((a) => ({ id: a.id, op: a.op, reason: a.reason, argv: a.commands.map((c) => c.argv) }));
/** Bastille's renamed epair (fixture 18): it holds a unit nobody can read from its name. */
const bastille = (h: HostState) => h.interfaces.push(iface('e0a_bastille0', { kind: 'epair', description: 'vnet0 host interface for Bastille jail web' }), iface('e0b_bastille0', { kind: 'epair' }));

const cases: { name: string; file: ReturnType<typeof file>; host: () => HostState | Promise<HostState>; down?: boolean; want: ReturnType<typeof rows> }[] = [
  { name: 'a new one: the kernel chooses its unit (a renamed epair holds one its name does not show), and later commands use the name it prints', file: file('a'), host: () => { const h = freshHost(); strayEpair(h, 0, 'not ours'); bastille(h); return h; },
    want: [{ id: 'epair:a:br', op: 'create', reason: 'not on host', argv: [['ifconfig', 'epair', 'create', 'description', 'klee:proj:a:br', 'group', G, 'up'], ['ifconfig', 'kleene0', 'addm', newA]] }] },
  { name: 'an existing one in its bridge: reused, nothing to do', file: file('a'), host: () => converged(file('a')), want: [] },
  { name: 'an existing one outside its bridge: added again', file: file('a'), host: async () => { const h = await converged(file('a')); k0(h).members = []; return h; },
    want: [{ id: 'epair:a:br', op: 'update', reason: 'not a member of kleene0', argv: [['ifconfig', 'kleene0', 'addm', 'epair0a']] }] },
  { name: 'an existing one not in its network\'s group (made before klee grouped them): put in it', file: file('a'), host: async () => { const h = await converged(file('a')); h.interfaces.find((i) => i.name === 'epair0a')!.groups = ['epair']; return h; },
    want: [{ id: 'epair:a:br', op: 'update', reason: `not in group ${G}`, argv: [['ifconfig', 'epair0a', 'group', G]] }] },
  { name: 'one of a container the file no longer has: destroyed with it', file: file(), host: () => converged(file('a')),
    want: [{ id: 'epair:a:br', op: 'delete', reason: 'not in file', argv: [['ifconfig', 'epair0a', 'destroy']] }] },
  { name: 'one of ours that no jail uses: leaked', file: file('a'), host: async () => { const h = await converged(file('a')); strayEpair(h, 7, 'klee:proj:old:br'); return h; },
    want: [{ id: 'epair:old:br', op: 'delete', reason: 'leaked epair', argv: [['ifconfig', 'epair7a', 'destroy']] }] },
  { name: 'a second one for the same container and network: removed under a suffixed id', file: file('a'), host: async () => { const h = await converged(file('a')); strayEpair(h, 7, 'klee:proj:a:br'); k0(h).members = ['epair7a']; return h; },
    want: [
      { id: 'epair:a:br', op: 'update', reason: 'not a member of kleene0', argv: [['ifconfig', 'kleene0', 'addm', 'epair0a']] },
      { id: 'epair:a:br:epair7a', op: 'delete', reason: 'leaked epair', argv: [['ifconfig', 'epair7a', 'destroy']] },
    ] },
  { name: 'down: every epair of the project goes, for the reason down', file: file(), host: async () => { const h = await converged(file('a')); strayEpair(h, 7, 'klee:proj:old:br'); return h; }, down: true,
    want: [
      { id: 'epair:a:br', op: 'delete', reason: 'down', argv: [['ifconfig', 'epair0a', 'destroy']] },
      { id: 'epair:old:br', op: 'delete', reason: 'down', argv: [['ifconfig', 'epair7a', 'destroy']] },
    ] },
];

describe('planEpairs', () => {
  for (const c of cases) it(c.name, async () => expect(rows(run(c.file, await c.host(), c.down))).toEqual(c.want));

  it('the epair of each container (an existing one by name, a new one by the name the kernel will print) and the a sides it destroys', async () => {
    const h = await converged(file('a'));
    strayEpair(h, 7, 'klee:proj:old:br');
    const p = run(file('b', 'a'), h);
    expect([...p.stems].map(([c, m]) => [c, [...m]])).toEqual([['b', [['br', nameRef('epair:b:br')]]], ['a', [['br', 'epair0']]]]);
    expect(p.actions.find((a) => a.id === 'epair:b:br')!.commands[0].prints).toEqual({ key: 'epair:b:br', suffix: 'a' });
    expect([...p.destroyed]).toEqual(['epair7a']);
    expect(p.placed).toEqual([{ id: 'epair:b:br', network: 'br', op: 'create' }]);
  });

  it('moving to another bridge takes it out of the old one first, unless the plan destroys the old one', async () => {
    const two = spec(P, [br, net('br2', { type: 'bridge', subnet: '10.4.7.0/24' })], [v('a')]);
    const h = await converged(two);
    const moved = spec(P, two.networks, [ctr(P, 'a', { driver: 'vnet', networks: [{ network: 'br2' }] })]);
    h.interfaces.push(iface('epair3a', { description: 'klee:proj:a:br2', epairPeer: 'epair3b', groups: ['epair', epairGroup(P, 'br2')] }), iface('epair3b', { epairPeer: 'epair3a' }));
    k0(h).members.push('epair3a');
    expect(rows(run(moved, h)).find((r) => r.id === 'epair:a:br2')!.argv).toEqual([['ifconfig', 'kleene0', 'deletem', 'epair3a'], ['ifconfig', 'kleene1', 'addm', 'epair3a']]);
    const dropped = spec(P, [moved.networks[1]], moved.containers);
    expect(rows(run(dropped, h)).find((r) => r.id === 'epair:a:br2')!.argv).toEqual([['ifconfig', 'kleene1', 'addm', 'epair3a']]);
  });
});
