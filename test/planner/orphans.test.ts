// Orphans (compose's semantics): the project's containers and networks the file does not name stay as they are,
// listed with a warning, unless orphans go too (--remove-orphans; down without a file); what stands in the way is a
// problem naming the orphan.
import { describe, expect, it } from 'vitest';
import { PlanError } from '../../src/planner/errors.js';
import { plan, planDown } from '../../src/planner/plan.js';
import type { Plan } from '../../src/planner/types.js';
import { ctr, net, spec } from './builders.js';
import { convergedSim } from './sim-apply.js';

const P = 'proj';
const opts = { host: 'test' };
const lo = net('lo', { subnet: '10.2.3.0/24' });
const br = net('br', { type: 'bridge', subnet: '10.4.6.0/24' });
const first = spec(P, [lo, br], [
  ctr(P, 'a', { networks: [{ network: 'lo', ip: '10.2.3.5' }] }),
  ctr(P, 'v', { driver: 'vnet', networks: [{ network: 'br' }] }),
  ctr(P, 'i', { path: undefined, image: 'zroot/img@1', networks: [{ network: 'lo' }] }),
]);
const ids = (p: Plan) => p.actions.map((a) => `${a.op} ${a.id}`);
const problems = (f: () => unknown): string[] => {
  try { f(); } catch (e) { if (e instanceof PlanError) return e.problems; throw e; }
  throw new Error('expected a PlanError');
};

describe('orphans', () => {
  it('a second file with the same project name: the first one\'s containers, epairs, datasets, networks and pf rules are left as they are, and listed', async () => {
    const { h } = await convergedSim(first);
    const second = spec(P, [net('other', { subnet: '10.9.0.0/24' })], [ctr(P, 'b', { networks: [{ network: 'other' }] })]);
    const p = plan(second, h, opts);
    expect(ids(p)).toEqual(['create network:other', 'update pf', 'create container:b']);
    expect(p.orphans).toEqual({ containers: ['a', 'i', 'v'], networks: ['br', 'lo'] });
    expect(p.warnings).toContain('orphans: containers a, i, v and networks br, lo of project proj are not in the file: left as they are; `klee up --remove-orphans` removes them');
    // The load keeps every rule of the orphans as it is listed, mark and all.
    const text = p.actions.find((a) => a.id === 'pf')!.commands[0].stdin!;
    for (const r of h.pf.projectRules!) expect(text).toContain(`"klee:${r.hash}:${r.owner}"`);
    const gone = plan(second, h, { ...opts, removeOrphans: true });
    expect(gone.orphans).toBeUndefined();
    expect(ids(gone).filter((x) => x.startsWith('delete')).sort()).toEqual([
      'delete container:a', 'delete container:i', 'delete container:v', 'delete dataset:i', 'delete epair:v:br', 'delete network:br', 'delete network:lo',
    ]);
  });

  it('down with the file removes what it names; orphans stay unless --remove-orphans; down without a file removes everything', async () => {
    const { h } = await convergedSim(first);
    const named = spec(P, [br], [first.containers[1]]);
    const d = planDown(P, h, { ...opts, spec: named });
    expect(ids(d).sort()).toEqual(['delete container:v', 'delete epair:v:br', 'delete network:br', 'update pf']);
    expect(d.warnings).toContain('orphans: containers a, i and network lo of project proj are not in the file: left as they are; `klee down --remove-orphans` removes them too');
    expect(ids(planDown(P, h, { ...opts, spec: named, removeOrphans: true })).length).toBe(ids(planDown(P, h, opts)).length);
    expect(ids(planDown(P, h, opts))).toContain('delete dataset:i');
  });

  it('what an orphan stands in the way of is a problem naming it: a network replaced or removed under it, its root, its explicit address', async () => {
    const { h } = await convergedSim(first);
    const loMoved = { ...lo, subnet: '10.2.4.0/24' };
    expect(problems(() => plan(spec(P, [loMoved, br], [first.containers[1]]), h, opts))).toEqual([
      'network "lo" would be replaced (interface kleene0), but container "a", which the file does not have (an orphan), sits on it; klee leaves orphans as they are: pass --remove-orphans to remove it too',
      'network "lo" would be replaced (interface kleene0), but container "i", which the file does not have (an orphan), sits on it; klee leaves orphans as they are: pass --remove-orphans to remove it too',
    ]);
    expect(problems(() => planDown(P, h, { ...opts, spec: spec(P, [lo], []) }))).toHaveLength(2);
    const renamed = spec(P, [lo, br], [ctr(P, 'b', { path: '/jails/a', networks: [{ network: 'lo', ip: '10.2.3.5' }] }), first.containers[1], first.containers[2]]);
    expect(problems(() => plan(renamed, h, opts))).toEqual([
      'container "b": address 10.2.3.5 on network "lo" is held by jail proj_a (container "a", which the file does not have: an orphan); klee leaves orphans as they are: pass --remove-orphans to remove it too, or choose another address',
      'container "b": its root /jails/a is the root of jail proj_a (container "a", which the file does not have: an orphan); klee leaves orphans as they are: pass --remove-orphans to remove it too, or give "b" another path',
    ]);
  });

  it('a rename with a shared root: with --remove-orphans the new jail waits for the old one\'s removal, and the host converges', async () => {
    const { sim, h } = await convergedSim(first);
    const renamed = spec(P, [lo, br], [ctr(P, 'b', { path: '/jails/a', networks: [{ network: 'lo' }] }), first.containers[1], first.containers[2]]);
    const p = plan(renamed, h, { ...opts, removeOrphans: true });
    expect(p.actions.find((a) => a.id === 'container:b')!.after).toContain('container:a');
    const after = await sim.apply(p);
    expect(after.jails.map((j) => j.name).sort()).toEqual(['proj_b', 'proj_i', 'proj_v']);
    expect(plan(renamed, after, opts).actions).toEqual([]);
  });
});
