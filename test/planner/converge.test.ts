// Every example, planned on a fresh simulated host and applied there, plans nothing more; down leaves the fresh host.
import { describe, expect, it } from 'vitest';
import { plan, planDown } from '../../src/planner/plan.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLES_DIR, exampleNames, loadExample, simControls } from './examples.js';
import { simBox } from './sim-apply.js';

describe('examples converge', () => {
  for (const name of exampleNames()) {
    it(`${name}: plan, apply, plan again = no actions; down leaves the fresh host`, async () => {
      const s = loadExample(name);
      const sim = simBox(s.project, simControls(readFileSync(join(EXAMPLES_DIR, `${name}.yaml`), 'utf8')));
      const fresh = await sim.state();
      const p1 = plan(s, fresh, { host: 'test' });
      expect(p1.actions.length).toBeGreaterThan(0);
      const host = await sim.apply(p1);
      const p2 = plan(s, host, { host: 'test' });
      expect(p2.actions.map((a) => `${a.op} ${a.id} ${a.reason}`)).toEqual([]);
      const down = await sim.apply(planDown(s.project, host, { host: 'test' }));
      expect(down.interfaces).toEqual(fresh.interfaces); // no alias left behind
      expect(down.mounts).toEqual(fresh.mounts); // no jail mount left behind
      expect(down.jails).toEqual([]);
      expect(down.pf.projects).toEqual([]);
    });
  }
});
