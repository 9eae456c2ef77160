// A container's state as ps shows it and the planner converges it (design.md "Convergence with programs"): pure.
import type { HealthcheckSpec } from '../spec/types.js';
import type { Jail } from './types.js';

/** compose's states, as `ps --json` reports them. */
export type ContainerState = 'running' | 'restarting' | 'exited' | 'stopped' | 'dying';

/**
 * The state of a container from its jail and its program's status: no jail is stopped; a dying jail dying; a
 * supervised program is running while its supervisor and the wrapper live, restarting while the supervisor waits to
 * restart it, stopped after `klee stop`, else exited (with its last exit status). The thin VM (rc, not supervised) is
 * running while its jail runs, unless stopped. `supervised` undefined (no file): a jail with klee's program log ran one.
 */
export function containerState(jail: Jail | undefined, supervised?: boolean): { state: ContainerState; exitCode: number | null } {
  if (!jail) return { state: 'stopped', exitCode: null };
  if (jail.dying) return { state: 'dying', exitCode: null };
  const p = jail.program;
  if (!p) return { state: 'running', exitCode: null };
  const exitCode = p.lastExit ?? null;
  if (!(supervised ?? (p.log || p.supervisor))) return { state: p.stopped ? 'stopped' : 'running', exitCode: null };
  if (p.supervisor) return { state: p.child ? 'running' : 'restarting', exitCode: p.child ? null : exitCode };
  return { state: p.stopped ? 'stopped' : 'exited', exitCode };
}

/** compose's health states, as `ps --json` reports them (null: no healthcheck, or not running). */
export type Health = 'healthy' | 'unhealthy' | 'starting';

/**
 * The health `ps` reports from one run of the check, in compose's terms (moby daemon/health.go handleProbeResult):
 * a passing check is healthy; a failing one is still starting while compose would not yet have counted `retries`
 * failures of a check that failed since the program started: checks run every interval from the start, and those
 * before start_period do not count, so the retries-th counted one comes at (max(1, ceil(start_period / interval)) +
 * retries - 1) * interval. Without the run's start (the thin VM has no child pidfile), a failing check is unhealthy.
 */
export function healthOf(passed: boolean, runningForS: number | undefined, h: Pick<HealthcheckSpec, 'intervalS' | 'retries' | 'startPeriodS'>): Health {
  if (passed) return 'healthy';
  if (runningForS === undefined || h.intervalS <= 0) return 'unhealthy';
  const firstCounted = Math.max(1, Math.ceil(h.startPeriodS / h.intervalS));
  return runningForS < (firstCounted + h.retries - 1) * h.intervalS ? 'starting' : 'unhealthy';
}
