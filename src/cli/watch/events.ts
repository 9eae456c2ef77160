// The reconcile loop's events: what `klee watch --json` prints (one per line) and its log lines render.
import type { ExecEvent } from '../../executor/events.js';
import type { Held } from '../../planner/held.js';
import type { HealthStatus } from './health.js';
import type { Trigger } from './wakeup.js';

/** The loop started: what it watches, how often. */
export interface WatchStartEvent {
  event: 'watch';
  time: string;
  project: string;
  host: string;
  file: string;
  intervalS: number;
}

/** One pass: probe, plan, apply what differs. `changes` counts the actions applied (0: the host matched the file). */
export interface PassEvent {
  event: 'pass';
  time: string;
  pass: number;
  trigger: Trigger;
  ok: boolean;
  changes: number;
  durationMs: number;
  /** Starts `up` would do that the loop leaves to the user (docs/decisions.md "Issue 19"). */
  held: Held[];
  /** The plan's notes, as `up` prints them (orphans left as they are, ...). */
  warnings: string[];
  /** Why the pass failed (an invalid file, a busy lock, a failed command, an unreachable host). */
  error?: string;
  /** When it failed: the back-off before the next try. */
  retryInS?: number;
}

/** A container's health changed (compose's states). */
export interface HealthEvent {
  event: 'health';
  time: string;
  container: string;
  status: HealthStatus;
  /** Consecutive counted failures. */
  failures: number;
}

/** What the loop did about an unhealthy container: restarted it, left it (restart: "no"), or waits out the back-off. */
export interface RecoveryEvent {
  event: 'recovery';
  time: string;
  container: string;
  action: 'restart' | 'none' | 'deferred';
  reason: string;
  /** restart: the attempt since it was last healthy, whether it worked, and the back-off before another. */
  attempt?: number;
  ok?: boolean;
  error?: string;
  nextRestartInS?: number;
  /** deferred: seconds until a restart is allowed. */
  retryInS?: number;
}

/** The loop ended (SIGTERM, SIGINT): after the current pass, with the lock released. */
export interface StoppedEvent {
  event: 'stopped';
  time: string;
  passes: number;
  reason: string;
}

/** An executor event, tagged with the pass it belongs to, or with the container a health restart is for. */
export type TaggedExecEvent = ExecEvent & { time: string } & ({ pass: number } | { recovery: string });

/** Everything `klee watch` emits. */
export type WatchEvent = WatchStartEvent | PassEvent | HealthEvent | RecoveryEvent | StoppedEvent | TaggedExecEvent;
