// The benchmark's own converge (bench/project.ts applyInOrder) must keep up with the plan's contract: kernel-chosen
// epair names filled in as the executor fills them (issue 16 broke `npm run bench` silently before this test).
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../src/spec/load.js';
import { probe } from '../../src/host/probe.js';
import { plan } from '../../src/planner/plan.js';
import { projectYaml } from '../../bench/gen-project.js';
import { converged } from '../../bench/project.js';

describe('bench/project converged', () => {
  it.each(['mixed', 'vnet', 'ipnet'] as const)('brings a %s project up on the in-memory host, and the plan after it is empty', async (drivers) => {
    const r = loadSpec({ text: projectYaml({ containers: 6, networks: 3, drivers }), file: 'kleene.yaml', env: {}, dirName: 'bench' });
    expect(r.diagnostics).toEqual([]);
    const { host, upPlan } = await converged(r.spec!);
    expect(upPlan.actions.length).toBeGreaterThan(6);
    const again = plan(r.spec!, await probe(host, { project: r.spec!.project }), { host: host.uri });
    expect(again.actions).toEqual([]);
  });
});
