// healthOf (src/host/program-state.ts): ps's health from one run of the check and how long the program has run,
// in compose's counting (checks every interval from the start, none counted before start_period, unhealthy at the
// retries-th counted failure).
import { describe, expect, it } from 'vitest';
import { healthOf } from '../../src/host/program-state.js';

describe('healthOf', () => {
  const h = { intervalS: 2, retries: 2, startPeriodS: 5 };
  it.each([
    // a passing check is healthy at any age, a failing one without a known start unhealthy
    [true, 0, h, 'healthy'], [true, undefined, h, 'healthy'], [false, undefined, h, 'unhealthy'],
    // checks at 2, 4 (not counted: before 5 s), 6 (1st counted), 8 (2nd: unhealthy)
    [false, 0, h, 'starting'], [false, 7.9, h, 'starting'], [false, 8, h, 'unhealthy'], [false, 100, h, 'unhealthy'],
    // start period a multiple of the interval: the check at 4 s counts (4 >= 4), unhealthy at the 2nd counted, 6 s
    [false, 5, { intervalS: 2, retries: 2, startPeriodS: 4 }, 'starting'], [false, 6, { intervalS: 2, retries: 2, startPeriodS: 4 }, 'unhealthy'],
    // no start period, compose's 3 retries of 30 s: starting until the 3rd check, at 90 s
    [false, 89, { intervalS: 30, retries: 3, startPeriodS: 0 }, 'starting'], [false, 90, { intervalS: 30, retries: 3, startPeriodS: 0 }, 'unhealthy'],
    // one retry: unhealthy at the first counted check
    [false, 0.5, { intervalS: 1, retries: 1, startPeriodS: 0 }, 'starting'], [false, 1, { intervalS: 1, retries: 1, startPeriodS: 0 }, 'unhealthy'],
  ] as const)('passed %s, running %s s, %o: %s', (passed, age, hc, want) => {
    expect(healthOf(passed, age, hc)).toBe(want);
  });
});
