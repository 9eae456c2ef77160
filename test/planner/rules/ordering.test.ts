// The ordering rules, each alone on the kinds' results of one scenario: exactly the edges it adds.
import { describe, expect, it } from 'vitest';
import type { HostState } from '../../../src/host/types.js';
import { wantFile, wantNothing } from '../../../src/planner/desired.js';
import { plan, planKinds } from '../../../src/planner/plan.js';
import {
  afterTheirJail, containersAfterPf, containersAfterWhatTheyUse, containersWaitForWhatTheyTakeOver, Edges, epairsAfterTheOldBridge, networksAfterWhatSitsOnThem,
  onTheirNetwork, ORDERING_RULES, pfAfterContainerRemovals, pfAfterWhatItNames, replacementHalves, servicesAfterTheirConditions, sharedMountsNewestFirst, type OrderingRule, type Planned,
} from '../../../src/planner/rules/ordering.js';
import type { Spec } from '../../../src/spec/types.js';
import { ctr, freshHost, iface, net, spec } from '../builders.js';
import { converged } from '../kinds/world.js';

const P = 'proj';
const lo = net('lo', { subnet: '10.2.3.0/24' });
const br = net('br', { type: 'bridge', subnet: '10.4.6.0/24' });
const a = ctr(P, 'a', { networks: [{ network: 'lo' }] });
const v = ctr(P, 'v', { driver: 'vnet', networks: [{ network: 'br' }] });
const both = spec(P, [lo, br], [a, v]);
const with_ = (s: Spec, f: (t: Spec) => void) => { const t = structuredClone(s); f(t); return t; };
const services = spec(P, [lo], [
  ctr(P, 'db', { networks: [{ network: 'lo' }], command: ['/usr/local/bin/db'], healthcheck: { argv: ['/usr/bin/true'], intervalS: 1, timeoutS: 1, retries: 1, startPeriodS: 0 } }),
  ctr(P, 'app', { networks: [{ network: 'lo' }], command: ['/usr/local/bin/app'], dependsOn: ['db'], conditions: { db: 'service_healthy' } }),
]);
/** The host with every program of the project stopped by `klee stop`. */
const stopped = (h: HostState): HostState => ({ ...h, jails: h.jails.map((j) => ({ ...j, program: { supervisor: false, child: false, stopped: true, log: true } })) });

/** The edges one rule adds to the kinds' actions, as "action <- what it waits for", sorted (`tweak`: change the kinds' results first). */
function edges(rule: OrderingRule, s: Spec, h: HostState, down = false, tweak?: (p: Planned) => void): string[] {
  const k = planKinds(down ? wantNothing(s.project) : wantFile(s, true), h);
  tweak?.(k.planned);
  rule(new Edges(k.actions), k.planned);
  return k.actions.flatMap((x) => [...new Set(x.after)].map((b) => `${x.id} <- ${b}`)).sort();
}

const cases: [OrderingRule, string, () => string[] | Promise<string[]>, string[]][] = [
  [replacementHalves, 'a replacement: create half after delete half', async () => edges(replacementHalves, with_(both, (t) => { t.containers[0].command = ['/bin/true']; }), await converged(both)),
    ['container:a <- container:a:delete']],
  [onTheirNetwork, 'gateway, epair and containers after their network', () => edges(onTheirNetwork, both, freshHost()),
    ['container:a <- network:lo', 'container:v <- network:br', 'epair:v:br <- network:br', 'gateway:br <- network:br']],
  [onTheirNetwork, 'nothing to wait for on a network that is kept as it is', async () => { const h = await converged(both); h.jails = []; return edges(onTheirNetwork, both, h); },
    []],
  [epairsAfterTheOldBridge, 'an epair joining a replaced bridge waits for the old one\'s destruction', async () => edges(epairsAfterTheOldBridge, with_(both, (t) => { t.networks[1].subnet = '10.4.7.0/24'; }), await converged(both)),
    ['epair:v:br <- network:br:delete']],
  [containersAfterWhatTheyUse, 'a vnet container after its gateway, epair and forwarding; depends_on; the dataset', () => edges(containersAfterWhatTheyUse,
    spec(P, [br], [v, ctr(P, 'i', { path: undefined, image: 'zroot/img@1', dependsOn: ['v'] })]), { ...freshHost(), datasets: [] }),
  ['container:i <- container:v', 'container:i <- dataset:i', 'container:v <- epair:v:br', 'container:v <- gateway:br', 'container:v <- sysctl:net.inet.ip.forwarding']],
  [afterTheirJail, 'a removed jail\'s epair and dataset go after it', async () => edges(afterTheirJail, spec(P, [br], []),
    { ...await converged(spec(P, [br], [{ ...v, path: undefined, image: 'zroot/img@1' }])) }),
  ['dataset:v <- container:v', 'epair:v:br <- container:v']],
  [sharedMountsNewestFirst, 'down: two jails of one root, the newer (b, the larger jid) unmounts its devfs first', async () => {
    const shared = spec(P, [lo], [a, ctr(P, 'b', { networks: [{ network: 'lo' }], path: '/jails/a' })]);
    return edges(sharedMountsNewestFirst, shared, await converged(shared), true);
  }, ['container:a <- container:b']],
  [networksAfterWhatSitsOnThem, 'down: an interface after the jails with aliases or epairs on it, and its epairs', async () => edges(networksAfterWhatSitsOnThem, both, await converged(both), true),
    ['network:br <- container:v', 'network:br <- epair:v:br', 'network:lo <- container:a']],
  [networksAfterWhatSitsOnThem, 'a replaced bridge: its old half after the replaced jail on it and a leaked epair in it (not the epair that moves)', async () => {
    const h = await converged(both);
    h.interfaces.push(iface('epair7a', { description: 'klee:proj:old:br', epairPeer: 'epair7b' }), iface('epair7b', { epairPeer: 'epair7a' }));
    h.interfaces.find((i) => i.name === 'kleene1')!.members.push('epair7a');
    return edges(networksAfterWhatSitsOnThem, with_(both, (t) => { t.networks[1].subnet = '10.4.7.0/24'; }), h);
  }, ['network:br:delete <- container:v:delete', 'network:br:delete <- epair:old:br']],
  [containersWaitForWhatTheyTakeOver, 'a container taking the address of a removed jail waits for its removal', async () => edges(containersWaitForWhatTheyTakeOver,
    spec(P, [lo, br], [ctr(P, 'b', { networks: [{ network: 'lo', ip: '10.2.3.1' }] }), v]), await converged(both)),
  ['container:b <- container:a']],
  [containersWaitForWhatTheyTakeOver, 'a rename: the new container on the old one\'s root waits for the old jail\'s removal', async () => edges(containersWaitForWhatTheyTakeOver,
    spec(P, [lo, br], [ctr(P, 'b', { path: '/jails/a', networks: [{ network: 'lo' }] }), v]), await converged(both)),
  ['container:b <- container:a']],
  [containersWaitForWhatTheyTakeOver, 'a container given an epair unit a removed jail holds waits for its removal', async () => {
    const h = await converged(both);
    const renamed = spec(P, [lo, br], [a, ctr(P, 'w', { driver: 'vnet', networks: [{ network: 'br' }] })]);
    const vUnit = h.interfaces.find((i) => i.description === 'klee:proj:v:br')!.name.slice(5, -1);
    // The epair kind picks units no jail holds; were the unit one the old jail frees (a kernel-chosen unit), the order holds.
    return edges(containersWaitForWhatTheyTakeOver, renamed, h, false, (k) => { (k.epairs.stems as Map<string, Map<string, string>>).set('w', new Map([['br', `epair${vUnit}`]])); });
  }, ['container:w <- container:v']],
  [containersWaitForWhatTheyTakeOver, 'a rename of an image container on one path: the new clone waits for the old jail and the old dataset on that mountpoint', async () => {
    const img = (name: string) => ctr(P, name, { path: '/jails/x', image: 'zroot/img@1', networks: [{ network: 'lo' }] });
    return edges(containersWaitForWhatTheyTakeOver, spec(P, [lo], [img('b')]), await converged(spec(P, [lo], [img('a')])));
  }, ['container:b <- container:a', 'dataset:b <- container:a', 'dataset:b <- dataset:a']],
  [pfAfterWhatItNames, 'pf loads after the interfaces and epairs it names, and IPv4 forwarding', () => edges(pfAfterWhatItNames, spec(P, [br], [v]), freshHost()),
    ['pf <- epair:v:br', 'pf <- network:br', 'pf <- sysctl:net.inet.ip.forwarding']],
  [containersAfterPf, 'containers on a network whose rules restrict start after the load; one on a network without rules does not wait', () => edges(containersAfterPf,
    spec(P, [br, net('bare')], [v, ctr(P, 'x', { networks: [{ network: 'bare' }] })]), freshHost()),
  ['container:v <- pf']],
  [containersAfterPf, 'programs started again in kept jails on a network that now restricts: after the load', async () => edges(containersAfterPf,
    with_(services, (t) => { t.networks[0].icc = false; }), stopped(await converged(services))),
  ['service:app <- pf', 'service:db <- pf']],
  [pfAfterContainerRemovals, 'down: the flush after every jail\'s removal (their rules stay while they run)', async () => edges(pfAfterContainerRemovals, both, await converged(both), true),
    ['pf <- container:a', 'pf <- container:v']],
  [pfAfterContainerRemovals, 'a load after the replacement\'s delete half, the replaced container after the load', async () => {
    const s = with_(both, (t) => { t.networks[1].icc = false; t.containers[1].hostname = 'other'; });
    return [...edges(pfAfterContainerRemovals, s, await converged(both)), ...edges(containersAfterPf, s, await converged(both))].sort();
  }, ['container:v <- pf', 'pf <- container:v:delete']],
  [servicesAfterTheirConditions, "a container waiting for its dependency's health: the wait after the dependency, the container after the wait", () => edges(servicesAfterTheirConditions, services, freshHost()),
    ['container:app <- service:db:healthy', 'service:db:healthy <- container:db']],
  [servicesAfterTheirConditions, "programs started again in their kept jails: after their dependencies' start", async () => edges(servicesAfterTheirConditions, services, stopped(await converged(services))),
    ['service:app <- service:db', 'service:app <- service:db:healthy', 'service:db:healthy <- service:db']],
];

describe('ordering rules', () => {
  for (const [rule, name, run, want] of cases) it(`${ORDERING_RULES.find((r) => r.rule === rule)!.name}: ${name}`, async () => expect(await run()).toEqual(want));

  it('every rule is tested above, and the plan\'s edges are exactly the union of the rules\' edges', async () => {
    expect(ORDERING_RULES.filter((r) => !cases.some(([rule]) => rule === r.rule)).map((r) => r.name)).toEqual([]);
    const s = with_(both, (t) => { t.networks[1].subnet = '10.4.7.0/24'; t.containers.push(ctr(P, 'b', { networks: [{ network: 'lo' }], dependsOn: ['a'] })); });
    const h = await converged(both);
    const union = [...new Set(ORDERING_RULES.flatMap(({ rule }) => edges(rule, s, h)))].sort();
    expect(plan(s, h, { host: 'test' }).actions.flatMap((x) => x.after.map((b) => `${x.id} <- ${b}`)).sort()).toEqual(union);
  });

  it('a rule naming an action the plan does not have is a planner bug', async () => {
    const k = planKinds(wantFile(both), freshHost());
    expect(() => new Edges(k.actions).after('container:nope', 'network:lo')).toThrow(/planner bug: an ordering rule names container:nope/);
  });
});
