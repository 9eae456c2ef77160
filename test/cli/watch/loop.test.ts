// The reconcile loop on a fake clock against the simulated host: passes at the interval and on wake-ups, failed passes
// retried with back-off, health restarts backed off exponentially, and a stop request honoured between steps.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSpec } from '../../../src/spec/load.js';
import { openHost } from '../../../src/host/open.js';
import type { Host } from '../../../src/host/types.js';
import { UserError } from '../../../src/errors.js';
import type { Clock } from '../../../src/cli/watch/clock.js';
import type { WatchEvent } from '../../../src/cli/watch/events.js';
import { reconcileLoop } from '../../../src/cli/watch/loop.js';
import { Wakeup } from '../../../src/cli/watch/wakeup.js';
import type { Spec } from '../../../src/spec/types.js';
import { freshState } from '../../e2e/helpers.js';
import { probeCount } from '../../reliability/harness.js';
import { halfMade } from '../../reliability/invariants.js';

/** A clock whose sleeps pass at once, moving its time on by what was asked (or not at all when woken first). */
class FakeClock implements Clock {
  t = 0;
  now() { return this.t; }
  async sleep(ms: number, wake: AbortSignal) {
    await new Promise((r) => setImmediate(r));
    if (!wake.aborted) this.t += Math.max(0, ms);
  }
}

const dirs: string[] = [];
afterEach(() => { while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true }); });

function spec(containers: string): Spec {
  const text = `name: p\nnetworks:\n  n: { subnet: 10.9.0.0/24 }\ncontainers:\n${containers}`;
  const r = loadSpec({ text, file: 'kleene.yaml', env: {}, dirName: 'p' });
  if (!r.spec) throw new Error(JSON.stringify(r.diagnostics));
  return r.spec;
}

/** Run the loop until `until` says so (checked at every event), then stop it; the events. */
async function loop(query: string, load: () => Promise<Spec>, until: (e: WatchEvent, all: WatchEvent[]) => boolean, extra: { wakeup?: Wakeup; onEvent?: (e: WatchEvent, state: () => Record<string, any>) => void; wrap?: (h: Host) => Host } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'klee-loop-'));
  dirs.push(dir);
  const path = join(dir, 'host.json');
  const state = () => JSON.parse(readFileSync(path, 'utf8'));
  const sim = await openHost(`sim:${path}?clock-scale=0${query ? `&${query}` : ''}`);
  const host = extra.wrap ? extra.wrap(sim) : sim;
  const clock = new FakeClock();
  const stop = new AbortController();
  const all: WatchEvent[] = [];
  const passes = await reconcileLoop({
    host, load, clock, wakeup: extra.wakeup ?? new Wakeup(), stop: stop.signal, intervalMs: 30_000,
    passBackoff: { baseMs: 5_000, capMs: 20_000 }, restartBackoff: { baseMs: 10_000, capMs: 40_000 },
    emit: (e) => { all.push(e); extra.onEvent?.(e, state); if (!stop.signal.aborted && until(e, all)) stop.abort(); },
  });
  await host.close();
  return { all, passes, pass: all.filter((e) => e.event === 'pass') as Extract<WatchEvent, { event: 'pass' }>[] };
}

const at = (e: WatchEvent) => Date.parse((e as { time: string }).time);

describe('reconcileLoop', () => {
  it('converges at once, then passes every interval with nothing to do; a wake-up runs a pass before the interval', async () => {
    const s = spec('  app: { path: /jails/app, networks: [n], command: [/usr/local/bin/app] }\n');
    const wakeup = new Wakeup();
    const r = await loop('', async () => s, (e, all) => all.filter((x) => x.event === 'pass').length === 4, {
      wakeup, onEvent: (e) => { if (e.event === 'pass' && e.pass === 2) wakeup.trigger('signal'); },
    });
    expect(r.pass.map((p) => [p.pass, p.trigger, p.ok, p.changes > 0])).toEqual([[1, 'start', true, true], [2, 'interval', true, false], [3, 'signal', true, false], [4, 'interval', true, false]]);
    expect([at(r.pass[1]) - at(r.pass[0]), at(r.pass[2]) - at(r.pass[1]), at(r.pass[3]) - at(r.pass[2])]).toEqual([30_000, 0, 30_000]);
    expect(r.passes).toBe(4);
  });

  it('does not run again a program with restart: "no" that exited, which `up` would: it is held, with the reason', async () => {
    const s = spec('  job: { path: /jails/job, networks: [n], command: [/usr/local/bin/job] }\n');
    const r = await loop('prog=/usr/local/bin/job:exit=3', async () => s, (_e, all) => all.filter((x) => x.event === 'pass').length === 3);
    expect(r.pass.map((p) => [p.ok, p.changes > 0, p.held])).toEqual([
      [true, true, []],
      [true, false, [{ container: 'job', reason: 'exited with status 3 and its restart policy is "no": `klee start` starts it' }]],
      [true, false, [{ container: 'job', reason: 'exited with status 3 and its restart policy is "no": `klee start` starts it' }]],
    ]);
  });

  it('a failing pass (an invalid file) is retried after 5 s, 10 s, 20 s, 20 s, and the interval comes back once it passes', async () => {
    const s = spec('  app: { path: /jails/app, networks: [n], command: [/usr/local/bin/app] }\n');
    let n = 0;
    const load = async () => { if (++n <= 4) throw new UserError('kleene.yaml is not valid (1 error)'); return s; };
    const r = await loop('', load, (_e, all) => all.filter((x) => x.event === 'pass').length === 6);
    expect(r.pass.map((p) => [p.trigger, p.ok, p.retryInS])).toEqual([['start', false, 5], ['retry', false, 10], ['retry', false, 20], ['retry', false, 20], ['retry', true, undefined], ['interval', true, undefined]]);
    expect(r.pass[0].error).toBe('kleene.yaml is not valid (1 error)');
    expect(r.pass.slice(1).map((p, i) => at(p) - at(r.pass[i]))).toEqual([5_000, 10_000, 20_000, 20_000, 30_000]);
  });

  it('a pass that fails in the middle leaves nothing half made (the executor undoes it) and the retry converges', async () => {
    const s = spec('  app: { path: /jails/app, networks: [n], command: [/usr/local/bin/app] }\n  web: { path: /jails/web, networks: [n], command: [/usr/local/bin/web] }\n');
    const fresh = await freshState();
    const leftovers: string[][] = [];
    // the third command of the first pass's apply fails, once (fail=N counts this process's commands)
    const r = await loop(`fail=${probeCount(fresh, 'p', { zfs: false }) + 3}`, async () => s, (_e, all) => all.filter((x) => x.event === 'pass').length === 3, {
      onEvent: (e, state) => { if (e.event === 'pass') leftovers.push(halfMade(state(), fresh)); },
    });
    expect(r.pass.map((p) => [p.trigger, p.ok, p.changes > 0])).toEqual([['start', false, true], ['retry', true, true], ['interval', true, false]]);
    expect(r.pass[0].error).toMatch(/exited 1/);
    expect(leftovers).toEqual([[], [], []]);
  });

  it('restarts an unhealthy container with restart: always, backing off 10 s, 20 s, 40 s between restarts; never one with restart: "no"', async () => {
    const s = spec([
      '  web: { path: /jails/web, networks: [n], command: [/usr/local/bin/web], restart: always, healthcheck: { test: [CMD, /usr/local/bin/check], interval: 1s, retries: 2 } }',
      '  job: { path: /jails/job, networks: [n], command: [/usr/local/bin/job], healthcheck: { test: [CMD, /usr/local/bin/check], interval: 1s, retries: 2 } }', ''].join('\n'));
    const restarts = (all: WatchEvent[]) => all.filter((e) => e.event === 'recovery' && e.action === 'restart');
    const r = await loop('prog=/usr/local/bin/check:exit=1', async () => s, (_e, all) => restarts(all).length === 4);
    const rs = restarts(r.all) as Extract<WatchEvent, { event: 'recovery' }>[];
    expect(rs.map((e) => [e.container, e.attempt, e.ok, e.nextRestartInS])).toEqual([['web', 1, true, 10], ['web', 2, true, 20], ['web', 3, true, 40], ['web', 4, true, 40]]);
    const gaps = rs.slice(1).map((e, i) => at(e) - at(rs[i]));
    // each restart as soon as the back-off allows and the check next fails (every 1 s)
    gaps.forEach((g, i) => { expect(g).toBeGreaterThanOrEqual([10_000, 20_000, 40_000][i]); expect(g).toBeLessThan([10_000, 20_000, 40_000][i] + 2_000); });
    const job = r.all.filter((e) => 'container' in e && e.container === 'job');
    expect(job.map((e) => [e.event, (e as any).status ?? (e as any).action])).toEqual([['health', 'unhealthy'], ['recovery', 'none']]);
    // a deferral is reported once per spell, not at every check
    expect(r.all.filter((e) => e.event === 'recovery' && e.action === 'deferred').length).toBe(3);
  });

  it('a check that cannot reach the host (a dropped connection: 255) counts for nothing: no health change, no restart', async () => {
    const s = spec('  web: { path: /jails/web, networks: [n], command: [/usr/local/bin/web], restart: always, healthcheck: { test: [CMD, /usr/local/bin/check], interval: 1s, retries: 1 } }\n');
    let checks = 0;
    const wrap = (h: Host): Host => ({ uri: h.uri, kind: h.kind, parallel: h.parallel, run: (argv, opts) => (argv[0] === 'timeout' ? (checks++, Promise.reject(new Error('ssh: connection lost'))) : h.run(argv, opts)), acquireLock: (p, w) => h.acquireLock(p, w), close: () => h.close() });
    const r = await loop('prog=/usr/local/bin/check:exit=1', async () => s, (_e, all) => all.filter((x) => x.event === 'pass').length === 4, { wrap });
    expect(checks).toBeGreaterThan(60); // every second for 90 s
    expect(r.all.filter((e) => e.event === 'health' || e.event === 'recovery')).toEqual([]);
  });

  it('stops between steps: a stop asked for during a pass ends the loop when that pass is done', async () => {
    const s = spec('  app: { path: /jails/app, networks: [n], command: [/usr/local/bin/app] }\n');
    let stopNow = false;
    const r = await loop('', async () => s, () => stopNow, { onEvent: (e) => { if (e.event === 'action-start') stopNow = true; } });
    expect(r.pass).toHaveLength(1);
    expect(r.pass[0]).toMatchObject({ ok: true });
    expect(r.all.filter((e) => e.event === 'done').map((e) => (e as any).ok)).toEqual([true]);
  });
});
