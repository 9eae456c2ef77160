import { describe, expect, it } from 'vitest';
import { plan, planDown } from '../../src/planner/plan.js';
import { applyPlan } from './apply.js';
import { freshHost } from './builders.js';
import { exampleNames, loadExample } from './examples.js';

describe('examples converge', () => {
  for (const name of exampleNames()) {
    it(`${name}: plan, apply, plan again = no actions; down leaves the fresh host`, () => {
      const s = loadExample(name);
      const fresh = freshHost();
      const p1 = plan(s, fresh, { host: 'test' });
      expect(p1.actions.length).toBeGreaterThan(0);
      const host = applyPlan(fresh, p1);
      const p2 = plan(s, host, { host: 'test' });
      expect(p2.actions.map((a) => `${a.op} ${a.id} ${a.reason}`)).toEqual([]);
      const down = applyPlan(host, planDown(s.project, host, { host: 'test' }));
      expect(down.interfaces).toEqual(fresh.interfaces); // no alias left behind
      expect(down.mounts).toEqual(fresh.mounts); // no jail mount left behind
      expect(down.jails).toEqual([]);
      expect(down.pf.projects).toEqual([]);
    });
  }
});
