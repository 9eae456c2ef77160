// The reconcile loop's health judgement: compose's counting (start_period, retries), the restart policy, the back-off.
import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../src/cli/watch/backoff.js';
import { judge, markReported, newTracker, restarted, type HealthPolicy, type Tracker } from '../../../src/cli/watch/health.js';

const policy = (over: Partial<HealthPolicy> = {}): HealthPolicy => ({ intervalS: 1, retries: 3, startPeriodS: 0, restart: 'always', ...over });
const B = { baseMs: 10_000, capMs: 40_000 };

/** Feed checks (true = passed) at 1 s apart from `from`, returning the verdict kinds. */
function run(t: Tracker, p: HealthPolicy, results: boolean[], from = 0): { kinds: string[]; tracker: Tracker } {
  const kinds: string[] = [];
  results.forEach((passed, i) => {
    const r = judge(t, passed, from + (i + 1) * 1000, p);
    t = r.tracker;
    kinds.push(r.verdict.kind);
  });
  return { kinds, tracker: t };
}

describe('backoffDelay', () => {
  it('starts at the base, doubles, stops at the cap, and stays finite however long it failed', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, B))).toEqual([10_000, 20_000, 40_000, 40_000, 40_000]);
    expect(backoffDelay(0, B)).toBe(0);
    expect(backoffDelay(10_000, { baseMs: 5_000, capMs: 300_000 })).toBe(300_000);
  });
});

describe('judge', () => {
  it('is unhealthy only after `retries` consecutive failures; a pass in between starts the count again', () => {
    const t = newTracker(0, policy());
    expect(run(t, policy(), [false, false, true, false, false, false]).kinds).toEqual(['failing', 'failing', 'healthy', 'failing', 'failing', 'restart']);
  });

  it('does not count failures within start_period (compose), but a pass there is healthy', () => {
    const p = policy({ retries: 1, startPeriodS: 3 });
    expect(run(newTracker(0, p), p, [false, false, false, false]).kinds).toEqual(['failing', 'failing', 'restart', 'restart']);
    expect(run(newTracker(0, p), p, [true]).tracker.status).toBe('healthy');
  });

  it('restart: "no" is held (reported, never restarted); always and on-failure restart', () => {
    for (const restart of ['always', 'on-failure'] as const) expect(run(newTracker(0, policy({ restart })), policy({ restart, retries: 1 }), [false]).kinds).toEqual(['restart']);
    const no = policy({ restart: 'no', retries: 1 });
    expect(run(newTracker(0, no), no, [false, false]).kinds).toEqual(['hold', 'hold']);
  });

  it('backs off after each restart: the next one not before base, then twice that, up to the cap; healthy resets it', () => {
    const p = policy({ retries: 1 });
    let t = restarted(newTracker(0, p), 0, p, B);
    expect(t).toMatchObject({ restarts: 1, notBefore: 10_000, status: 'starting', failures: 0 });
    expect(judge(t, false, 5_000, p).verdict).toEqual({ kind: 'backoff', retryAt: 10_000 });
    expect(judge(t, false, 10_000, p).verdict).toEqual({ kind: 'restart', attempt: 2 });
    t = restarted(t, 10_000, p, B);
    expect(t.notBefore).toBe(30_000);
    t = restarted(t, 30_000, p, B);
    expect(t.notBefore).toBe(70_000); // capped at 40 s
    expect(judge(t, true, 31_000, p).tracker).toMatchObject({ restarts: 0, notBefore: 0, status: 'healthy' });
  });

  it('a report is made once per unhealthy spell: markReported, cleared by a pass or a restart', () => {
    const p = policy({ retries: 1, restart: 'no' });
    const t = markReported(judge(newTracker(0, p), false, 1000, p).tracker);
    expect(judge(t, false, 2000, p).tracker.reported).toBe(true);
    expect(judge(t, true, 2000, p).tracker.reported).toBe(false);
    expect(restarted(t, 2000, p, B).reported).toBe(false);
  });
});
