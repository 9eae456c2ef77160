import { describe, expect, it } from 'vitest';
import { execute } from '../../src/executor/execute.js';
import type { ExecEvent } from '../../src/executor/events.js';
import { FakeHost } from './fake-host.js';
import { action, cmd, planOf } from './plans.js';

function collect() {
  const events: ExecEvent[] = [];
  return { events, onEvent: (e: ExecEvent) => void events.push(e) };
}

describe('execute: ordering and concurrency', () => {
  it('runs an action only after its dependencies and its commands in order', async () => {
    const host = new FakeHost();
    const plan = planOf(
      action('c', ['b']),
      action('b', ['a'], [cmd('b1'), cmd('b2'), cmd('b3')]),
      action('a'),
    );
    const r = await execute(plan, host);
    expect(r.ok).toBe(true);
    expect(host.ran).toEqual(['do a', 'do b1', 'do b2', 'do b3', 'do c']);
    expect(r.counts).toEqual({ ok: 3, failed: 0, skipped: 0, interrupted: 0, undone: 0 });
  });

  it('bounds concurrency by parallel, measured as the maximum of commands in flight', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `n${i}`);
    const wide = new FakeHost({ latencyMs: 5 });
    await execute(planOf(...ids.map((id) => action(id))), wide, { parallel: 4 });
    expect(wide.maxInFlight).toBe(4);
    const dflt = new FakeHost({ latencyMs: 5 });
    await execute(planOf(...ids.map((id) => action(id))), dflt);
    expect(dflt.maxInFlight).toBe(8);
  });

  it('the default comes from the host (Host.parallel); --parallel still bounds it', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `n${i}`);
    const wide = Object.assign(new FakeHost({ latencyMs: 5 }), { parallel: 13 });
    await execute(planOf(...ids.map((id) => action(id))), wide);
    expect(wide.maxInFlight).toBe(13);
    const bounded = Object.assign(new FakeHost({ latencyMs: 5 }), { parallel: 13 });
    await execute(planOf(...ids.map((id) => action(id))), bounded, { parallel: 3 });
    expect(bounded.maxInFlight).toBe(3);
  });

  it('parallel 1 is strictly sequential in plan order among ready actions', async () => {
    const host = new FakeHost({ latencyMs: 2 });
    const plan = planOf(action('x'), action('y', ['z']), action('z'), action('w', ['x']));
    await execute(plan, host, { parallel: 1 });
    expect(host.maxInFlight).toBe(1);
    // x then z start first (ready); w becomes ready after x, y after z.
    expect(host.ran).toEqual(['do x', 'do z', 'do w', 'do y']);
  });

  it('refuses a plan with a cycle or an unknown dependency', async () => {
    await expect(execute(planOf(action('a', ['b']), action('b', ['a'])), new FakeHost())).rejects.toThrow(/cycle among a, b/);
    await expect(execute(planOf(action('a', ['nope'])), new FakeHost())).rejects.toThrow(/unknown action "nope"/);
  });
});

describe('execute: failures', () => {
  const stderr = 'ifconfig: interface kleene1 already exists';

  it('skips dependents with the failed action as cause and reports one root cause', async () => {
    const host = new FakeHost({ fail: (l) => (l === 'do net' ? stderr : undefined) });
    const { events, onEvent } = collect();
    const plan = planOf(action('net'), action('ep', ['net']), action('jail', ['ep']), action('other'));
    const r = await execute(plan, host, { onEvent });
    expect(r.ok).toBe(false);
    expect(r.failures).toEqual([{ id: 'net', error: { argv: ['do', 'net'], exitCode: 1, stderr } }]);
    const done = events.filter((e) => e.event === 'action-done');
    expect(done.filter((e) => e.status === 'skipped').map((e) => [e.id, e.cause])).toEqual([['ep', 'net'], ['jail', 'net']]);
    expect(done.filter((e) => e.status === 'failed')).toHaveLength(1);
    expect(host.ran).toContain('do other'); // independent work still runs
    expect(host.ran).not.toContain('do ep');
    expect(r.counts).toEqual({ ok: 1, failed: 1, skipped: 2, interrupted: 0, undone: 0 });
    const last = events[events.length - 1];
    expect(last).toMatchObject({ event: 'done', ok: false });
  });

  it('lets independent work already running finish', async () => {
    const host = new FakeHost({ latencyMs: 20, fail: (l) => (l === 'do bad' ? 'boom' : undefined) });
    const plan = planOf(action('bad'), action('slow', [], [cmd('s1'), cmd('s2'), cmd('s3')]));
    const r = await execute(plan, host);
    expect(host.ran).toEqual(['do bad', 'do s1', 'do s2', 'do s3']);
    expect(r.counts.ok).toBe(1);
  });

  it('undoes the failed action\'s completed commands in reverse', async () => {
    const host = new FakeHost({ fail: (l) => (l === 'do jail' ? 'jail: "web_db" already exists' : undefined) });
    const { events, onEvent } = collect();
    const plan = planOf(action('c', [], [cmd('epair'), cmd('addm'), cmd('jail')]));
    const r = await execute(plan, host, { onEvent });
    expect(host.ran).toEqual(['do epair', 'do addm', 'do jail', 'undo addm', 'undo epair']);
    expect(events.filter((e) => e.event === 'undo').map((e) => e.event === 'undo' && e.why)).toEqual(['half-made', 'half-made']);
    expect(r.leftovers).toEqual([]);
  });

  it('reports a half-made command without undo as left behind', async () => {
    const host = new FakeHost({ fail: (l) => (l === 'do b' ? 'x' : undefined) });
    const r = await execute(planOf(action('c', [], [cmd('a', false), cmd('b')])), host);
    expect(r.leftovers).toEqual([{ id: 'c', argv: ['do', 'a'], reason: 'cannot be undone' }]);
  });

  it('--atomic undoes every completed action in reverse order of completion and starts nothing new', async () => {
    const host = new FakeHost({ latencyMs: 2, fail: (l) => (l === 'do d' ? 'fail' : undefined) });
    const plan = planOf(action('a'), action('b', ['a']), action('d', ['b']), action('e', ['d']), action('late', ['b']));
    const r = await execute(plan, host, { atomic: true, parallel: 1 });
    expect(host.ran).toEqual(['do a', 'do b', 'do d', 'undo b', 'undo a']);
    expect(r.counts).toEqual({ ok: 2, failed: 1, skipped: 2, interrupted: 0, undone: 2 });
  });

  it('--atomic says so when an action cannot be undone', async () => {
    const host = new FakeHost({ fail: (l) => (l === 'do z' ? 'fail' : undefined) });
    const { events, onEvent } = collect();
    const plan = planOf(action('r', [], [cmd('jail -r old', false), cmd('jail -c new')]), action('z', ['r']));
    const r = await execute(plan, host, { atomic: true, onEvent });
    expect(host.ran).toEqual(['do jail -r old', 'do jail -c new', 'do z', 'undo jail -c new']);
    expect(r.leftovers).toEqual([{ id: 'r', argv: ['do', 'jail -r old'], reason: 'cannot be undone' }]);
    expect(events.some((e) => e.event === 'undo' && !e.possible && e.id === 'r')).toBe(true);
    expect(r.counts.undone).toBe(0);
  });

  it('a thrown transport error is a failed command, not a crash', async () => {
    const host = new FakeHost();
    host.run = async () => { throw new Error('ssh: connection reset'); };
    const r = await execute(planOf(action('a')), host);
    expect(r.failures[0].error).toEqual({ argv: ['do', 'a'], exitCode: 255, stderr: 'ssh: connection reset' });
  });
});

describe('execute: abort', () => {
  it('starts nothing new, lets running commands finish and undoes the interrupted action', async () => {
    const ctl = new AbortController();
    const host = new FakeHost({ latencyMs: 5, onRun: (l) => { if (l === 'do a2') ctl.abort(); } });
    const plan = planOf(action('a', [], [cmd('a1'), cmd('a2'), cmd('a3')]), action('b', ['a']), action('c', [], [cmd('c1')]));
    const { events, onEvent } = collect();
    const r = await execute(plan, host, { parallel: 1, signal: ctl.signal, onEvent });
    // a2 was running when Ctrl-C came: it finishes, a3 never runs, a1 and a2 are undone.
    expect(host.ran).toEqual(['do a1', 'do a2', 'undo a2', 'undo a1']);
    expect(r.interrupted).toBe(true);
    expect(r.ok).toBe(false);
    expect(r.counts).toEqual({ ok: 0, failed: 0, skipped: 0, interrupted: 3, undone: 0 });
    expect(events[events.length - 1]).toMatchObject({ event: 'done', ok: false, interrupted: true });
  });
});

describe('execute: best-effort commands', () => {
  it('a failing mayFail command is reported and the action goes on', async () => {
    const host = new FakeHost({ fail: (l) => (l === 'do stop' ? 'jail: web_db: /bin/sh /etc/rc.shutdown jail: failed' : undefined) });
    const events: ExecEvent[] = [];
    const plan = planOf(action('c', [], [{ argv: ['do', 'stop'], mayFail: true }, cmd('remove')]), action('d', ['c']));
    const r = await execute(plan, host, { onEvent: (e) => void events.push(e) });
    expect(r.ok).toBe(true);
    expect(host.ran).toEqual(['do stop', 'do remove', 'do d']);
    expect(events.find((e) => e.event === 'command' && e.exitCode !== 0)).toMatchObject({ argv: ['do', 'stop'], exitCode: 1, mayFail: true });
  });
});
