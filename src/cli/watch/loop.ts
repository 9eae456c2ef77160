// `klee watch`'s reconcile loop: a pass at once, then one every interval (sooner when the file changes or on SIGHUP,
// later with back-off after a failure); between passes each container's healthcheck at its own interval, and a restart
// when it turns unhealthy and its policy allows. One step at a time: a pass and a check never overlap. A stop request
// ends the loop between steps, so a pass in progress finishes (docs/decisions.md "Issue 19").
import type { Host } from '../../host/types.js';
import type { ContainerSpec, Spec } from '../../spec/types.js';
import { healthCommand } from '../../host/program.js';
import { safeRun } from '../../executor/safe-run.js';
import { backoffDelay, PASS_BACKOFF, RESTART_BACKOFF, type Backoff } from './backoff.js';
import type { Clock } from './clock.js';
import type { WatchEvent } from './events.js';
import { judge, markReported, newTracker, restarted, type HealthPolicy, type Tracker } from './health.js';
import { restartOne, runPass, type PassResult } from './pass.js';
import type { Trigger, Wakeup } from './wakeup.js';

/** What the loop needs: the host, the file (read again at each pass), time, wake-ups, the stop request and a sink. */
export interface LoopOptions {
  host: Host;
  /** Reads and loads the file; throws a UserError when it cannot be read or is invalid. */
  load: () => Promise<Spec>;
  intervalMs: number;
  clock: Clock;
  wakeup: Wakeup;
  /** Aborted: finish the current step, then return. */
  stop: AbortSignal;
  emit: (e: WatchEvent) => void;
  /** Each pass as `up --remove-orphans`. */
  removeOrphans?: boolean;
  passBackoff?: Backoff;
  restartBackoff?: Backoff;
}

/** One container's health between checks. */
interface Check {
  tracker: Tracker;
  due: number;
}

/** The exit status of a command that did not reach the host (ssh(1) exits 255 on its own errors; safeRun reports transport errors so). */
const UNREACHABLE = 255;

const seconds = (ms: number) => Math.round(ms / 100) / 10;

/** The health policy of a container with a healthcheck. */
const policyOf = (c: ContainerSpec): HealthPolicy => ({ ...c.healthcheck!, restart: c.restart });

/** Run until `stop` is aborted; returns the number of passes. */
export async function reconcileLoop(o: LoopOptions): Promise<number> {
  const passBackoff = o.passBackoff ?? PASS_BACKOFF;
  const restartBackoff = o.restartBackoff ?? RESTART_BACKOFF;
  const time = () => new Date(o.clock.now()).toISOString();
  let spec: Spec | undefined;
  let passes = 0;
  let failedPasses = 0;
  let nextPass = o.clock.now();
  let due: Trigger = 'start';
  const checks = new Map<string, Check>();

  /** After a pass: check the programs that run (and those it started, from now), forget the others. */
  const follow = (s: Spec, r: PassResult) => {
    const now = o.clock.now();
    for (const c of s.containers) {
      const fresh = r.started.includes(c.name);
      if (!c.healthcheck || (!fresh && !r.running.has(c.name))) {
        checks.delete(c.name);
        continue;
      }
      if (checks.has(c.name) && !fresh) continue;
      const ranS = fresh ? 0 : r.running.get(c.name) ?? 0;
      const startedAt = now - ranS * 1000;
      // compose checks first one interval after the start; a program already running long enough is checked now.
      checks.set(c.name, { tracker: newTracker(startedAt, policyOf(c)), due: Math.max(now, startedAt + c.healthcheck.intervalS * 1000) });
    }
    for (const name of checks.keys()) if (!s.containers.some((c) => c.name === name && c.healthcheck)) checks.delete(name);
  };

  const pass = async (trigger: Trigger) => {
    const n = ++passes;
    const t0 = o.clock.now();
    let result: PassResult | undefined;
    let error: string | undefined;
    try {
      spec = await o.load();
      result = await runPass(o.host, spec, { removeOrphans: o.removeOrphans, onEvent: (e) => o.emit({ ...e, time: time(), pass: n }) });
      error = result.error;
    } catch (e) {
      error = (e as Error).message;
    }
    if (spec && result) follow(spec, result);
    const ok = error === undefined;
    failedPasses = ok ? 0 : failedPasses + 1;
    const wait = ok ? o.intervalMs : backoffDelay(failedPasses, passBackoff);
    nextPass = o.clock.now() + wait;
    due = ok ? 'interval' : 'retry';
    o.emit({
      event: 'pass', time: time(), pass: n, trigger, ok, changes: result?.changes ?? 0, durationMs: o.clock.now() - t0, held: result?.held ?? [], warnings: result?.warnings ?? [],
      ...(ok ? {} : { error, retryInS: seconds(wait) }),
    });
  };

  const check = async (s: Spec, c: ContainerSpec, entry: Check) => {
    const cmd = healthCommand(c)!;
    const code = (await safeRun(o.host, cmd.argv, cmd.stdin)).exitCode;
    const now = o.clock.now();
    // 255: the check could not be run (ssh's own failure, or the host's transport: safeRun), which says nothing of the
    // container: neither counted nor passed, so a dropped connection restarts nothing.
    if (code === UNREACHABLE) return void checks.set(c.name, { ...entry, due: now + c.healthcheck!.intervalS * 1000 });
    const passed = code === 0;
    const policy = policyOf(c);
    let { tracker, verdict } = judge(entry.tracker, passed, now, policy);
    if (tracker.status !== entry.tracker.status) o.emit({ event: 'health', time: time(), container: c.name, status: tracker.status, failures: tracker.failures });
    if (verdict.kind === 'restart') {
      const failures = tracker.failures;
      const r = await restartOne(o.host, s, c.name, { onEvent: (e) => o.emit({ ...e, time: time(), recovery: c.name }) }).catch((e: Error) => ({ ok: false, error: e.message }));
      const at = o.clock.now();
      tracker = restarted(tracker, at, policy, restartBackoff);
      o.emit({
        event: 'recovery', time: time(), container: c.name, action: 'restart', reason: `unhealthy after ${failures} failed check${failures === 1 ? '' : 's'}`,
        attempt: verdict.attempt, ok: r.ok, ...(r.error ? { error: r.error } : {}), nextRestartInS: seconds(tracker.notBefore - at),
      });
    } else if ((verdict.kind === 'hold' || verdict.kind === 'backoff') && !tracker.reported) {
      o.emit(verdict.kind === 'hold'
        ? { event: 'recovery', time: time(), container: c.name, action: 'none', reason: 'unhealthy, and its restart policy is "no"' }
        : { event: 'recovery', time: time(), container: c.name, action: 'deferred', reason: `unhealthy again after ${tracker.restarts} restart(s): backing off`, retryInS: seconds(verdict.retryAt - now) });
      tracker = markReported(tracker);
    }
    checks.set(c.name, { tracker, due: o.clock.now() + c.healthcheck!.intervalS * 1000 });
  };

  while (!o.stop.aborted) {
    const woke = o.wakeup.take();
    if (woke || o.clock.now() >= nextPass) {
      await pass(woke ?? due);
      continue;
    }
    const s = spec;
    const now = o.clock.now();
    const ready = s ? [...checks].filter(([, e]) => e.due <= now) : [];
    for (const [name, entry] of ready) {
      if (o.stop.aborted || o.wakeup.signal.aborted) break;
      const c = s!.containers.find((x) => x.name === name);
      // the file read by a pass that then failed (a busy lock) may no longer have it
      if (c?.healthcheck) await check(s!, c, entry);
      else checks.delete(name);
    }
    if (ready.length) continue;
    const next = Math.min(nextPass, ...[...checks.values()].map((e) => e.due));
    await o.clock.sleep(next - o.clock.now(), AbortSignal.any([o.wakeup.signal, o.stop]));
  }
  return passes;
}
