// fast-check generators of valid projects (as models, see model.ts) and of edits to them.
import fc from 'fast-check';
import { type CtrModel, type NetModel, type ProjectModel, normalise } from './model.js';

const NET_NAMES = ['front', 'back', 'lan', 'db', 'mgmt'];
const CTR_NAMES = ['web', 'db', 'app', 'cache', 'dns', 'ntp', 'api'];
const COMMANDS: (string[] | undefined)[] = [undefined, ['/usr/sbin/daemon', '-f', '/bin/sleep', '1000'], ['/bin/sh', '-c', 'echo started'], ['/usr/local/bin/serve', '--port', '80']];

const netArb: fc.Arbitrary<NetModel> = fc.record({
  name: fc.constantFrom(...NET_NAMES),
  type: fc.constantFrom('loopback' as const, 'bridge' as const, 'custom' as const),
  v4: fc.option(fc.record({ base: fc.integer({ min: 1, max: 199 }), len: fc.constantFrom(24 as const, 28 as const) }), { nil: undefined }),
  v6: fc.option(fc.record({ base: fc.integer({ min: 1, max: 199 }), len: fc.constantFrom(64 as const, 120 as const) }), { nil: undefined }),
  noGateway: fc.boolean(),
}, { requiredKeys: ['name', 'type'] });

const endpointArb = fc.record({
  net: fc.constantFrom(...NET_NAMES),
  off4: fc.option(fc.integer({ min: 2, max: 60 }), { nil: undefined }),
  off6: fc.option(fc.integer({ min: 2, max: 60 }), { nil: undefined }),
}, { requiredKeys: ['net'] });

const envArb = fc.dictionary(fc.constantFrom('A', 'MODE', 'PORT'), fc.constantFrom('1', 'prod', 'x y'), { maxKeys: 2 });

const ctrArb: fc.Arbitrary<CtrModel> = fc.record({
  name: fc.constantFrom(...CTR_NAMES),
  driver: fc.constantFrom('host' as const, 'ipnet' as const, 'ipnet' as const, 'vnet' as const, 'vnet' as const, 'disabled' as const),
  nets: fc.array(endpointArb, { minLength: 1, maxLength: 2 }),
  command: fc.constantFrom(...COMMANDS),
  env: envArb,
  ports: fc.option(fc.array(fc.constantFrom(80, 443, 53), { minLength: 1, maxLength: 2 }), { nil: undefined }),
  dependsOn: fc.array(fc.constantFrom(...CTR_NAMES), { maxLength: 2 }),
}, { requiredKeys: ['name', 'driver', 'nets', 'dependsOn'] });

/** A valid project model (normalised); names vary so two projects may share a host. */
export const projectArb: fc.Arbitrary<ProjectModel> = fc.record({
  name: fc.constantFrom('gen', 'prop', 'p1'),
  nets: fc.array(netArb, { minLength: 1, maxLength: 3 }),
  ctrs: fc.array(ctrArb, { minLength: 1, maxLength: 4 }),
}).map(normalise);

/** One edit of a project, as a user would make it. */
export type Edit =
  | { kind: 'add-container'; ctr: CtrModel }
  | { kind: 'remove-container'; pick: number }
  | { kind: 'change-address'; pick: number; off4?: number; off6?: number }
  | { kind: 'change-command'; pick: number; command?: string[] }
  | { kind: 'change-env'; pick: number; env: Record<string, string> }
  | { kind: 'change-subnet'; pick: number; base: number; len: 24 | 28 }
  | { kind: 'switch-driver'; pick: number; driver: CtrModel['driver'] }
  | { kind: 'add-network'; net: NetModel; joiner: number }
  | { kind: 'remove-network'; pick: number };

const pick = fc.nat({ max: 99 });

/** An edit (applied with applyEdit, which keeps the project valid). */
export const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('add-container' as const), ctr: ctrArb }),
  fc.record({ kind: fc.constant('remove-container' as const), pick }),
  fc.record({ kind: fc.constant('change-address' as const), pick, off4: fc.option(fc.integer({ min: 2, max: 60 }), { nil: undefined }), off6: fc.option(fc.integer({ min: 2, max: 60 }), { nil: undefined }) }, { requiredKeys: ['kind', 'pick'] }),
  fc.record({ kind: fc.constant('change-command' as const), pick, command: fc.constantFrom(...COMMANDS) }, { requiredKeys: ['kind', 'pick'] }),
  fc.record({ kind: fc.constant('change-env' as const), pick, env: envArb }),
  fc.record({ kind: fc.constant('change-subnet' as const), pick, base: fc.integer({ min: 1, max: 199 }), len: fc.constantFrom(24 as const, 28 as const) }),
  fc.record({ kind: fc.constant('switch-driver' as const), pick, driver: fc.constantFrom('host' as const, 'ipnet' as const, 'vnet' as const, 'disabled' as const) }),
  fc.record({ kind: fc.constant('add-network' as const), net: netArb, joiner: pick }),
  fc.record({ kind: fc.constant('remove-network' as const), pick }),
);

/** The project after an edit, normalised (an edit that makes no sense for this project changes little or nothing). */
export function applyEdit(m0: ProjectModel, e: Edit): ProjectModel {
  const m = structuredClone(m0);
  const ctr = (k: number) => m.ctrs[k % Math.max(1, m.ctrs.length)];
  switch (e.kind) {
    case 'add-container': m.ctrs.push(structuredClone(e.ctr)); break;
    case 'remove-container': {
      const gone = ctr(e.pick);
      if (!gone) break;
      m.ctrs = m.ctrs.filter((c) => c !== gone);
      for (const c of m.ctrs) c.dependsOn = c.dependsOn.filter((d) => d !== gone.name);
      break;
    }
    case 'change-address': {
      const ep = ctr(e.pick)?.nets[0];
      if (ep) { ep.off4 = e.off4; ep.off6 = e.off6; }
      break;
    }
    case 'change-command': if (ctr(e.pick)) ctr(e.pick).command = e.command; break;
    case 'change-env': if (ctr(e.pick)) ctr(e.pick).env = e.env; break;
    case 'change-subnet': { const n = m.nets[e.pick % m.nets.length]; n.v4 = { base: e.base, len: e.len }; break; }
    case 'switch-driver': {
      const c = ctr(e.pick);
      if (!c) break;
      if ((e.driver === 'ipnet' || e.driver === 'vnet') && c.nets.length === 0) c.nets = m.nets.map((n) => ({ net: n.name }));
      c.driver = e.driver;
      break;
    }
    case 'add-network': {
      m.nets.push(structuredClone(e.net));
      const c = ctr(e.joiner);
      if (c && (c.driver === 'ipnet' || c.driver === 'vnet')) c.nets.push({ net: e.net.name });
      break;
    }
    case 'remove-network': {
      if (m.nets.length <= 1) break;
      const gone = m.nets[e.pick % m.nets.length];
      m.nets = m.nets.filter((n) => n !== gone);
      for (const c of m.ctrs) c.nets = c.nets.filter((x) => x.net !== gone.name);
      break;
    }
  }
  return normalise(m);
}
