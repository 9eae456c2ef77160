// The address kind: aliases a jail left on the project's interfaces (removed) and aliases a running ipnet jail lost (put back).
import { describe, expect, it } from 'vitest';
import type { HostState } from '../../../src/host/types.js';
import { findLeakedAliases, planAddresses } from '../../../src/planner/kinds/address.js';
import { planContainers } from '../../../src/planner/kinds/container.js';
import type { Spec } from '../../../src/spec/types.js';
import { ctr, jail, net, spec } from '../builders.js';
import { converged, upToContainers } from './world.js';

const P = 'proj';
const lo = net('lo', { subnet: '10.2.3.0/24' });
const br = net('br', { type: 'bridge', subnet: '10.4.6.0/24' });
const file = spec(P, [lo, br], [ctr(P, 'a', { networks: [{ network: 'lo' }] })]);
const onIf = (h: HostState, name: string) => h.interfaces.find((i) => i.name === name)!;

function run(s: Spec, h: HostState) {
  const u = upToContainers(s, h);
  const leaked = findLeakedAliases(u.obs, u.networks);
  const c = planContainers(u.desired, { want: u.want, obs: u.obs, nets: u.nets, destroyed: u.networks.destroyed, epairs: new Map(), datasetReplaced: new Map(), datasetDestroyed: new Map() });
  return planAddresses(u.want, u.obs, leaked, c.kept);
}
const rows = (p: ReturnType<typeof run>) => p.actions.map((a) => ({ id: a.id, op: a.op, reason: a.reason, argv: a.commands.map((c) => c.argv) }));

const cases: { name: string; host: () => HostState | Promise<HostState>; file?: Spec; want: ReturnType<typeof rows> }[] = [
  { name: 'a converged host: nothing', host: () => converged(file), want: [] },
  { name: 'a /32 on our loopback that no jail holds: leaked, removed', host: async () => { const h = await converged(file); onIf(h, 'kleene0').inet.push({ address: '10.2.3.7', prefixlen: 32 }); return h; },
    want: [{ id: 'address:leaked:kleene0:10.2.3.7', op: 'delete', reason: 'leaked alias', argv: [['ifconfig', 'kleene0', 'inet', '10.2.3.7', '-alias']] }] },
  { name: 'a foreign jail\'s address on our interface is never touched', host: async () => { const h = await converged(file); onIf(h, 'kleene0').inet.push({ address: '10.2.3.7', prefixlen: 32 }); h.jails.push(jail('theirs', { jid: 5, ip4: ['10.2.3.7'] })); return h; }, want: [] },
  { name: 'the bridge\'s gateway is no leak; nor is anything on the user\'s custom interface', host: async () => { const h = await converged(file); onIf(h, 'kleene1').inet.push({ address: '10.4.6.1', prefixlen: 32 }); onIf(h, 'em0').inet.push({ address: '10.0.2.99', prefixlen: 32 }); return h; },
    file: spec(P, [lo, { ...br, gateway: 'auto' }, net('lan', { type: 'custom', interface: 'em0' })], file.containers), want: [] },
  { name: 'a running ipnet jail whose alias was removed by hand: put back', host: async () => { const h = await converged(file); onIf(h, 'kleene0').inet = []; return h; },
    want: [{ id: 'address:a:lo', op: 'update', reason: 'alias missing on host', argv: [['ifconfig', 'kleene0', 'inet', '10.2.3.1/32', 'alias']] }] },
];

describe('planAddresses', () => {
  for (const c of cases) it(c.name, async () => expect(rows(run(c.file ?? file, await c.host()))).toEqual(c.want));

  it('what the rules read: the leaked addresses, and the network each repair waits for', async () => {
    const h = await converged(file);
    onIf(h, 'kleene0').inet = [{ address: '10.2.3.7', prefixlen: 32 }];
    const p = run(file, h);
    expect([p.leaked.map((l) => l.address), p.repaired]).toEqual([['10.2.3.7'], [{ id: 'address:a:lo', network: 'lo' }]]);
  });
});
