// Polled checks (PlannedCommand.poll): compose's healthcheck counting, waiting with `sleep` on the host.
import { describe, expect, it } from 'vitest';
import { execute } from '../../src/executor/execute.js';
import type { ExecEvent } from '../../src/executor/events.js';
import { FakeHost } from './fake-host.js';
import { action, planOf } from './plans.js';

/** A host where `check` fails its first `n` runs. */
function flaky(n: number, code = 1) {
  let runs = 0;
  const host = new FakeHost({ fail: (line) => (line === 'check' && ++runs <= n ? 'not yet' : undefined) });
  const run = host.run.bind(host);
  host.run = async (argv, o) => { const r = await run(argv, o); return r.exitCode ? { ...r, exitCode: code } : r; };
  return host;
}

describe('a polled check', () => {
  it('is repeated with `sleep interval` between attempts until it succeeds; every attempt is a command event', async () => {
    const host = flaky(2);
    const events: ExecEvent[] = [];
    const r = await execute(planOf(action('a', [], [{ argv: ['check'], poll: { intervalS: 2, retries: 3, startPeriodS: 0 } }])), host, { onEvent: (e) => events.push(e) });
    expect(r.ok).toBe(true);
    expect(host.ran).toEqual(['check', 'sleep 2', 'check', 'sleep 2', 'check']);
    expect(events.filter((e) => e.event === 'command').map((e) => (e as { exitCode: number }).exitCode)).toEqual([1, 0, 1, 0, 0]);
  });

  it('fails after `retries` consecutive failures; failures in the start period do not count', async () => {
    const host = flaky(10);
    const r = await execute(planOf(action('a', [], [{ argv: ['check'], poll: { intervalS: 1, retries: 2, startPeriodS: 3 } }])), host);
    expect(r.ok).toBe(false);
    // attempts at 0, 1, 2 s are in the start period; those at 3 and 4 s count
    expect(host.ran.filter((l) => l === 'check')).toHaveLength(5);
    expect(r.failures[0].error).toMatchObject({ argv: ['check'], exitCode: 1, stderr: 'not yet' });
  });

  it('a "pending" status waits without counting, another status fails at once; a timeout ends the wait', async () => {
    const pending = flaky(4, 75);
    expect((await execute(planOf(action('a', [], [{ argv: ['check'], poll: { intervalS: 1, retries: 1, startPeriodS: 0, pending: 75 } }])), pending)).ok).toBe(true);
    const failing = flaky(4, 3);
    const r = await execute(planOf(action('a', [], [{ argv: ['check'], poll: { intervalS: 1, retries: 9, startPeriodS: 0, pending: 75 } }])), failing);
    expect([r.ok, failing.ran]).toEqual([false, ['check']]);
    const slow = flaky(100, 75);
    const t = await execute(planOf(action('a', [], [{ argv: ['check'], poll: { intervalS: 2, retries: 1, startPeriodS: 0, pending: 75, timeoutS: 5 } }])), slow);
    expect(t.failures[0].error.stderr).toBe('not yet\ngave up after waiting 4s');
    expect(slow.ran.filter((l) => l === 'check')).toHaveLength(3);
  });

  it('stopped by the signal while it waits: the action is interrupted, not failed (no failure recorded)', async () => {
    const host = flaky(10);
    const ctl = new AbortController();
    const events: ExecEvent[] = [];
    const onEvent = (e: ExecEvent) => {
      events.push(e);
      if (e.event === 'command' && e.argv[0] === 'check') ctl.abort();
    };
    const r = await execute(planOf(action('a', [], [{ argv: ['check'], poll: { intervalS: 1, retries: 3, startPeriodS: 0 } }])), host, { onEvent, signal: ctl.signal });
    expect([r.ok, r.interrupted, r.failures, r.counts.interrupted, r.counts.failed]).toEqual([false, true, [], 1, 0]);
    expect(host.ran).toEqual(['check']);
    expect(events.find((e) => e.event === 'action-done')).toMatchObject({ id: 'a', status: 'interrupted' });
  });
});
