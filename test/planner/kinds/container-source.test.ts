// The file a project was last applied from (src/planner/kinds/container-source.ts), on the real simulated host: recorded
// in each jail's meta outside the configuration hash, updated in place (jail -m) when only it changed, and warned about
// before the plan, naming both files.
import { describe, expect, it } from 'vitest';
import { parseJailMeta } from '../../../src/host/labels.js';
import { plan } from '../../../src/planner/plan.js';
import type { Spec } from '../../../src/spec/types.js';
import { ctr, net, spec } from '../builders.js';
import { simBox } from '../sim-apply.js';

const P = 'proj';
const base = spec(P, [net('lo', { subnet: '10.2.3.0/24' }), net('br', { type: 'bridge', subnet: '10.4.6.0/24' })],
  [ctr(P, 'a', { networks: [{ network: 'lo' }] }), ctr(P, 'v', { driver: 'vnet', networks: [{ network: 'br' }] })]);
const A = '/ci/runner-1/infra/kleene.yaml';
const B = 'github.com/acme/infra#deploy/kleene.yaml';

/** A simulated host with `s` applied from `source`. */
async function appliedFrom(s: Spec, source?: string) {
  const sim = simBox(P);
  await sim.apply(plan(s, await sim.state(), { host: 'test', source }));
  return sim;
}
const metas = (sim: ReturnType<typeof simBox>) => sim.st.jails.map((j) => parseJailMeta(j.params['meta'] as string));

describe('the file a project was last applied from', () => {
  it('is recorded in every jail\'s meta beside the hash it does not enter', async () => {
    const fromA = await appliedFrom(base, A);
    const fromB = await appliedFrom(base, B);
    expect(metas(fromA).map((m) => m?.source)).toEqual([A, A]);
    expect(metas(fromB).map((m) => m?.source)).toEqual([B, B]);
    expect(metas(fromA).map((m) => m?.hash)).toEqual(metas(fromB).map((m) => m?.hash));
    expect(metas(fromA).map((m) => m?.fields)).toEqual(metas(fromB).map((m) => m?.fields));
  });

  it('another file with the same containers: each jail\'s meta updated in place (jail -m), nothing replaced; then converged', async () => {
    const sim = await appliedFrom(base, A);
    const jids = sim.st.jails.map((j) => j.jid);
    const p = plan(base, await sim.state(), { host: 'test', source: B });
    expect(p.actions.map((a) => [a.id, a.op, a.reason])).toEqual([
      ['container:a', 'update', `applied from ${B} (was ${A})`],
      ['container:v', 'update', `applied from ${B} (was ${A})`],
    ]);
    const [cmd] = p.actions[0].commands;
    const old = sim.st.jails[0].params['meta'] as string;
    expect(cmd.argv).toEqual(['jail', '-m', 'name=proj_a', `meta=${old.replace(` file=${A}`, ` file=${B}`)}`]);
    expect(cmd.undo).toEqual([['jail', '-m', 'name=proj_a', `meta=${old}`]]);
    expect(p.warnings[0]).toBe(`project proj was last applied from ${A} (containers a, v), not from this file, ${B}: applying it changes what it names to what it says; if the two are separate projects, give this one another \`name:\` (or run with -p NAME)`);
    await sim.apply(p);
    expect(sim.st.jails.map((j) => j.jid)).toEqual(jids);
    expect(metas(sim).map((m) => m?.source)).toEqual([B, B]);
    const again = plan(base, await sim.state(), { host: 'test', source: B });
    expect([again.actions, again.warnings]).toEqual([[], []]);
  });

  it('a real change from another file is one replacement whose new jail records the new file; the same file twice warns of nothing', async () => {
    const sim = await appliedFrom(base, A);
    const same = plan(base, await sim.state(), { host: 'test', source: A });
    expect([same.actions, same.warnings]).toEqual([[], []]);
    const changed = structuredClone(base);
    changed.containers[0].env = { WORKERS: '4' };
    const p = plan(changed, await sim.state(), { host: 'test', source: B });
    expect(p.actions.map((a) => [a.id, a.op])).toEqual([['container:a:delete', 'replace'], ['container:a', 'replace'], ['container:v', 'update']]);
    await sim.apply(p);
    expect(metas(sim).map((m) => [m?.container, m?.source])).toEqual([['v', B], ['a', B]]);
  });

  it('nothing to compare without a source on either side: standard input, or jails of an older klee (recorded at their next creation)', async () => {
    const older = await appliedFrom(base, undefined);
    expect(metas(older).map((m) => m?.source)).toEqual([undefined, undefined]);
    const p = plan(base, await older.state(), { host: 'test', source: B });
    expect([p.actions, p.warnings]).toEqual([[], []]);
    const fromA = await appliedFrom(base, A);
    const stdin = plan(base, await fromA.state(), { host: 'test' });
    expect([stdin.actions, stdin.warnings]).toEqual([[], []]);
  });

  it('orphans recorded from another file are named, and left as they are', async () => {
    const sim = await appliedFrom(base, A);
    const onlyA = { ...base, containers: base.containers.slice(0, 1) };
    const p = plan(onlyA, await sim.state(), { host: 'test', source: B });
    expect(p.actions.map((a) => [a.id, a.op])).toEqual([['container:a', 'update']]);
    expect(p.warnings[0]).toContain(`was last applied from ${A} (containers a, v), not from this file, ${B}`);
    expect(p.warnings[1]).toContain('orphans: container v of project proj is not in the file');
  });

  it('down from another file says so too', async () => {
    const sim = await appliedFrom(base, A);
    const { planDown } = await import('../../../src/planner/plan.js');
    const p = planDown(P, await sim.state(), { host: 'test', spec: base, source: B });
    expect(p.warnings[0]).toBe(`project proj was last applied from ${A} (containers a, v), not from this file, ${B}: klee down removes what this file names; if the two are separate projects, give this one another \`name:\` (or run with -p NAME)`);
  });
});
