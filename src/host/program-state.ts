// A container's state as ps shows it and the planner converges it (design.md "Convergence with programs"): pure.
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
