// The `klee up`/`down` header counts changes as `klee plan` does: a replacement (two actions) once.
import { describe, expect, it } from 'vitest';
import { planCounts } from '../../src/cli/views/plan-summary.js';
import { countChanges, summaryLine } from '../../src/cli/views/plan-summary.js';
import { action, planOf } from '../executor/plans.js';

describe('planCounts', () => {
  it('counts a replacement once, like the plan summary', () => {
    const plan = planOf(
      action('network:a'),
      { ...action('container:x:delete'), op: 'replace', replacedBy: 'container:x' },
      { ...action('container:x', ['container:x:delete']), op: 'replace' },
      { ...action('network:b'), op: 'update' },
      { ...action('network:c'), op: 'delete' },
    );
    expect(countChanges(plan)).toEqual({ add: 1, change: 1, replace: 1, destroy: 1, total: 4 });
    expect(summaryLine(plan)).toBe('Plan: 1 to add, 1 to change, 1 to replace, 1 to destroy.');
    expect(planCounts(plan)).toBe('1 to create, 1 to update, 1 to replace, 1 to remove');
  });

  it('leaves out the kinds of change a plan has none of', () => {
    expect(planCounts(planOf(action('a'), action('b')))).toBe('2 to create');
  });
});
