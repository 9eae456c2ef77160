// Part 1, model-based: generated valid projects and edits of them go up, converge, change and come down to a fresh host.
// Shrunk failures are written to regressions/pending-<seed>.yaml (move them into regressions/cases.yaml once
// understood); regressions.test.ts replays cases.yaml on every run.
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { freshState } from '../e2e/helpers.js';
import { applyEdit, editArb, projectArb } from './arbitraries.js';
import { budget, figure, SEED } from './harness.js';
import { lifecycle } from './lifecycle.js';
import { loaderErrors, render } from './model.js';

const RUNS = budget(25, 100);

describe('model-based: generated projects and edits', () => {
  it('every generated file and its edit are valid (the generator is right)', () => {
    const samples = fc.sample(fc.tuple(projectArb, fc.array(editArb, { minLength: 1, maxLength: 3 })), { seed: SEED, numRuns: 300 });
    expect(samples).toHaveLength(300);
    let valid = 0;
    for (const [m, edits] of samples) {
      const after = edits.reduce(applyEdit, m);
      expect([render(m), loaderErrors(render(m))]).toEqual([render(m), []]);
      expect([render(after), loaderErrors(render(after))]).toEqual([render(after), []]);
      valid++;
    }
    figure('model generator', valid, samples.length, 'generated projects with edits valid for the loader');
  });

  it('up converges, plan is empty, the edit converges, down leaves a fresh host', async () => {
    const fresh = await freshState();
    let tried = 0;
    let survived = 0;
    const result = await fc.check(
      fc.asyncProperty(projectArb, fc.array(editArb, { minLength: 1, maxLength: 3 }), async (m, edits) => {
        tried++;
        await lifecycle(render(m), render(edits.reduce(applyEdit, m)), fresh);
        survived++;
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: false },
    );
    if (result.failed && result.counterexample) {
      const [m, edits] = result.counterexample;
      const kase = { name: `seed ${SEED} shrunk`, error: String((result.errorInstance as Error)?.message ?? result.errorInstance), before: render(m), after: render(edits.reduce(applyEdit, m)) };
      const file = join(import.meta.dirname, 'regressions', `pending-${SEED}.yaml`);
      writeFileSync(file, stringify([kase], { lineWidth: 0 }));
      figure('model', survived, tried, 'generated projects (with shrinking runs) survived');
      expect.fail(`shrunk counterexample written to ${file}:\n${kase.error}\n--- before\n${kase.before}--- after\n${kase.after}`);
    }
    figure('model', survived, tried, 'generated projects survived up, plan, edit, plan, down');
    expect(result.numRuns).toBe(RUNS);
    expect([tried, survived]).toEqual([RUNS, RUNS]);
  }, budget(120_000, 600_000));
});
