// The executor at its edges: what its events and results carry exactly, skipping through a graph, undo that fails or
// has nothing to run, --atomic when nothing failed, and the graph checks (src/executor/order.ts).
import { describe, expect, it } from 'vitest';
import { execute } from '../../src/executor/execute.js';
import type { ExecEvent } from '../../src/executor/events.js';
import { checkGraph, dependentsOf, topoOrder } from '../../src/executor/order.js';
import { FakeHost } from './fake-host.js';
import { action, cmd, planOf } from './plans.js';

const run = async (plan: ReturnType<typeof planOf>, host: FakeHost, opts: Parameters<typeof execute>[2] = {}) => {
  const events: ExecEvent[] = [];
  const r = await execute(plan, host, { ...opts, onEvent: (e) => void events.push(e) });
  return { r, events };
};

describe('events and results', () => {
  it('command events: stderr (trimmed) only on failure, mayFail only when best effort; durations are small and not negative', async () => {
    const host = new FakeHost({ fail: (l) => (l === 'do b' ? '  boom \n' : l === 'do m' ? ' soft ' : undefined) });
    const { r, events } = await run(planOf(action('a', [], [{ argv: ['do', 'm'], mayFail: true }, cmd('a')]), action('b', ['a'])), host, { parallel: 1 });
    const cmds = events.filter((e) => e.event === 'command').map(({ durationMs, ...e }: any) => { expect(durationMs).toBeGreaterThanOrEqual(0); expect(durationMs).toBeLessThan(10_000); return e; });
    expect(cmds).toEqual([
      { event: 'command', id: 'a', argv: ['do', 'm'], exitCode: 1, stderr: 'soft', mayFail: true },
      { event: 'command', id: 'a', argv: ['do', 'a'], exitCode: 0 },
      { event: 'command', id: 'b', argv: ['do', 'b'], exitCode: 1, stderr: 'boom' },
    ]);
    expect(r.failures).toEqual([{ id: 'b', error: { argv: ['do', 'b'], exitCode: 1, stderr: 'boom' } }]);
    const failed = events.find((e) => e.event === 'action-done' && e.status === 'failed') as any;
    expect([failed.error, failed.durationMs >= 0 && failed.durationMs < 10_000]).toEqual([{ argv: ['do', 'b'], exitCode: 1, stderr: 'boom' }, true]);
    expect(r.durationMs).toBeGreaterThanOrEqual(0);
    expect(r.durationMs).toBeLessThan(10_000);
    expect(events[0]).toEqual({ event: 'plan', project: 'web', host: 'fake:', actions: [
      { id: 'a', op: 'create', resource: 'network', name: 'a', reason: 'not on host', after: [], commands: 2 },
      { id: 'b', op: 'create', resource: 'network', name: 'b', reason: 'not on host', after: ['a'], commands: 1 },
    ], warnings: [] });
  });

  it('every action behind a failure is skipped once, naming the failed action, through chains and diamonds', async () => {
    const host = new FakeHost({ fail: (l) => (l === 'do a' ? 'x' : undefined) });
    const plan = planOf(action('a'), action('b', ['a']), action('c', ['a']), action('d', ['b', 'c']), action('e', ['d']), action('f'));
    const { r, events } = await run(plan, host);
    const done = events.filter((e) => e.event === 'action-done') as any[];
    expect(done.map((e) => [e.id, e.status, e.cause])).toEqual([['a', 'failed', undefined], ['b', 'skipped', 'a'], ['c', 'skipped', 'a'], ['d', 'skipped', 'a'], ['e', 'skipped', 'a'], ['f', 'ok', undefined]]);
    expect(r.counts).toEqual({ ok: 1, failed: 1, skipped: 4, interrupted: 0, undone: 0 });
  });

  it('with --atomic, actions never started after a failure are skipped; only a dependent of the failure names it as cause', async () => {
    const host = new FakeHost({ fail: (l) => (l === 'do a' ? 'x' : undefined) });
    const { events } = await run(planOf(action('a'), action('b', ['a']), action('z')), host, { atomic: true, parallel: 1 });
    const done = events.filter((e) => e.event === 'action-done') as any[];
    expect(done.map((e) => [e.id, e.status, e.cause])).toEqual([['a', 'failed', undefined], ['b', 'skipped', 'a'], ['z', 'skipped', undefined]]);
    expect('cause' in done[2]).toBe(false);
  });

  it('--atomic undoes nothing when nothing failed', async () => {
    const host = new FakeHost();
    const { r, events } = await run(planOf(action('a'), action('b', ['a'])), host, { atomic: true });
    expect([r.ok, r.counts.undone, events.filter((e) => e.event === 'undo'), host.ran]).toEqual([true, 0, [], ['do a', 'do b']]);
  });
});

describe('interrupted', () => {
  it('an action stopped between its commands ends interrupted, with a duration that is its own', async () => {
    const ctl = new AbortController();
    const host = new FakeHost({ onRun: (l) => { if (l === 'do a1') ctl.abort(); } });
    const { events } = await run(planOf(action('a', [], [cmd('a1'), cmd('a2')])), host, { signal: ctl.signal });
    const done = events.find((e) => e.event === 'action-done') as any;
    expect([done.status, done.durationMs >= 0 && done.durationMs < 10_000]).toEqual(['interrupted', true]);
  });
});

describe('undo', () => {
  it('an undo that fails is an event with its stderr and a leftover saying which command and why; an empty undo list cannot undo', async () => {
    const host = new FakeHost({ fail: (l) => (l === 'do c' ? 'x' : l === 'undo a' ? ' busy \n' : undefined) });
    const plan = planOf(action('k', [], [{ argv: ['do', 'e'], undo: [] }, cmd('a'), cmd('b'), cmd('c')]));
    const { r, events } = await run(plan, host);
    expect(events.filter((e) => e.event === 'undo')).toEqual([
      { event: 'undo', id: 'k', why: 'half-made', of: ['do', 'b'], argv: ['undo', 'b'], possible: true, ok: true, exitCode: 0 },
      { event: 'undo', id: 'k', why: 'half-made', of: ['do', 'a'], argv: ['undo', 'a'], possible: true, ok: false, exitCode: 1, stderr: 'busy' },
      { event: 'undo', id: 'k', why: 'half-made', of: ['do', 'e'], possible: false, ok: false },
    ]);
    expect(r.leftovers).toEqual([
      { id: 'k', argv: ['do', 'a'], reason: 'undo `undo a` failed (exit 1): busy' },
      { id: 'k', argv: ['do', 'e'], reason: 'cannot be undone' },
    ]);
    expect(r.ok).toBe(false);
  });

  it('a failed --atomic undo keeps its action out of the undone count and the run not ok', async () => {
    const host = new FakeHost({ fail: (l) => (l === 'do z' ? 'x' : l === 'undo a' ? 'busy' : undefined) });
    const { r } = await run(planOf(action('a'), action('b'), action('z', ['a', 'b'])), host, { atomic: true, parallel: 1 });
    expect([r.ok, r.counts.undone, r.leftovers.map((l) => l.id)]).toEqual([false, 1, ['a']]);
  });
});

describe('the graph', () => {
  it('refuses duplicate ids and names every action on a cycle, sorted, not those only behind it', () => {
    expect(() => checkGraph([action('a'), action('a')])).toThrow(/^plan: duplicate action id "a"$/);
    expect(() => checkGraph([action('x'), action('c', ['b']), action('b', ['c', 'x']), action('after', ['b'])])).toThrow(/^plan: dependency cycle among after, b, c$/);
  });
  it('dependentsOf lists each dependent once; unknown dependencies are ignored by the order', () => {
    expect([...dependentsOf([action('a'), action('b', ['a', 'a']), action('c', ['a', 'zz'])])]).toEqual([['a', ['b', 'c']], ['b', []], ['c', []]]);
    expect(topoOrder([action('b', ['zz']), action('a')]).map((a) => a.id)).toEqual(['b', 'a']);
  });
  it('topoOrder takes the earliest ready action in plan order each time', () => {
    const order = topoOrder([action('d', ['c']), action('c'), action('b', ['a']), action('a'), action('e')]);
    expect(order.map((a) => a.id)).toEqual(['c', 'd', 'a', 'b', 'e']);
    // the ready queue gets out of plan order: b frees d (index 3), then c frees a (index 0), which must come first
    expect(topoOrder([action('a', ['c']), action('b'), action('c'), action('d', ['b'])]).map((a) => a.id)).toEqual(['b', 'c', 'a', 'd']);
  });
});
