// The reconcile loop's judgement of one container's health checks, in compose's terms, and when it restarts it: pure.
// Why a restart policy decides it and how restarts back off: docs/decisions.md "Issue 19".
import type { HealthcheckSpec, RestartPolicy } from '../../spec/types.js';
import { backoffDelay, type Backoff } from './backoff.js';

/** What the judgement reads of a container: its check's timing and its restart policy. */
export type HealthPolicy = Pick<HealthcheckSpec, 'intervalS' | 'retries' | 'startPeriodS'> & { restart: RestartPolicy };

/** compose's health states (moby daemon/health.go): starting until the first pass or `retries` counted failures. */
export type HealthStatus = 'starting' | 'healthy' | 'unhealthy';

/** One container's record between checks. */
export interface Tracker {
  status: HealthStatus;
  /** Consecutive failed checks that counted (none before countFrom). */
  failures: number;
  /** Restarts since the container was last healthy. */
  restarts: number;
  /** Milliseconds: failures before this do not count (its run's start plus start_period). */
  countFrom: number;
  /** Milliseconds: no restart before this (the back-off after the last one). */
  notBefore: number;
  /** The current unhealthy spell's hold or deferral has been reported (each is reported once, not at every check). */
  reported: boolean;
}

/** What the loop does after a check. */
export type Verdict =
  | { kind: 'healthy' }
  /** Failed, but it does not count yet (start_period) or not `retries` times yet. */
  | { kind: 'failing' }
  /** Unhealthy and the policy allows a restart now: attempt n of this spell. */
  | { kind: 'restart'; attempt: number }
  /** Unhealthy, and `restart: "no"`: reported, left as it is. */
  | { kind: 'hold' }
  /** Unhealthy, restartable, but the last restart was too recent: not before `retryAt`. */
  | { kind: 'backoff'; retryAt: number };

/** The record of a container whose current run started at `startedAt` (ms). */
export function newTracker(startedAt: number, p: HealthPolicy): Tracker {
  return { status: 'starting', failures: 0, restarts: 0, countFrom: startedAt + p.startPeriodS * 1000, notBefore: 0, reported: false };
}

/** May this policy restart an unhealthy program? `always` and `on-failure` (a program that fails its check has failed); `"no"` never. */
function restartAllowed(p: Pick<HealthPolicy, 'restart'>): boolean {
  return p.restart !== 'no';
}

/** The record after one check at `now`, and what to do; `reported` is set by `markReported`. */
export function judge(t: Tracker, passed: boolean, now: number, p: HealthPolicy): { tracker: Tracker; verdict: Verdict } {
  if (passed) return { tracker: { ...t, status: 'healthy', failures: 0, restarts: 0, notBefore: 0, reported: false }, verdict: { kind: 'healthy' } };
  if (now < t.countFrom) return { tracker: t, verdict: { kind: 'failing' } };
  const failures = t.failures + 1;
  if (failures < Math.max(1, p.retries)) return { tracker: { ...t, failures }, verdict: { kind: 'failing' } };
  const tracker: Tracker = { ...t, failures, status: 'unhealthy' };
  if (!restartAllowed(p)) return { tracker, verdict: { kind: 'hold' } };
  if (now < t.notBefore) return { tracker, verdict: { kind: 'backoff', retryAt: t.notBefore } };
  return { tracker, verdict: { kind: 'restart', attempt: t.restarts + 1 } };
}

/** The record after a restart at `now`: a new run (start_period again), and the next restart backed off. */
export function restarted(t: Tracker, now: number, p: HealthPolicy, b: Backoff): Tracker {
  const restarts = t.restarts + 1;
  return { status: 'starting', failures: 0, restarts, countFrom: now + p.startPeriodS * 1000, notBefore: now + backoffDelay(restarts, b), reported: false };
}

/** The record once its hold or deferral has been reported. */
export function markReported(t: Tracker): Tracker {
  return { ...t, reported: true };
}
