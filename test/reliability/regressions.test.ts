// Part 1, kept failures: every shrunk counterexample of the model-based test (regressions/cases.yaml) replayed each run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { freshState } from '../e2e/helpers.js';
import { figure } from './harness.js';
import { lifecycle } from './lifecycle.js';
import { loaderErrors } from './model.js';

interface Case { name: string; found: string; before: string; after: string }
const cases = parse(readFileSync(join(import.meta.dirname, 'regressions', 'cases.yaml'), 'utf8')) as Case[];

describe('model-based regressions', () => {
  it('replays every kept case: up, plan, edit, plan, down', async () => {
    const fresh = await freshState();
    let survived = 0;
    for (const c of cases) {
      expect([c.name, loaderErrors(c.before), loaderErrors(c.after)]).toEqual([c.name, [], []]);
      await expect(lifecycle(c.before, c.after, fresh).then(() => 'ok'), c.name).resolves.toBe('ok');
      survived++;
    }
    expect(cases.length).toBeGreaterThan(0);
    figure('model regressions', survived, cases.length, 'kept cases replayed');
  });
});
