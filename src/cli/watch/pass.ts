// One turn of the reconcile loop under the project's lock: probe, plan, apply what differs (a pass), or restart one
// container for its health. The lock is held only for that turn, so a `klee up` by hand interleaves.
import type { Host, HostState } from '../../host/types.js';
import type { Spec } from '../../spec/types.js';
import type { ExecEvent } from '../../executor/events.js';
import { execute } from '../../executor/execute.js';
import { lockOwner, withProjectLock } from '../../executor/lock.js';
import { probe } from '../../host/probe.js';
import { plan } from '../../planner/plan.js';
import { holdBack, type Held } from '../../planner/held.js';
import { planRestart } from '../../planner/lifecycle.js';
import { removes } from '../../planner/types.js';
import { ownership } from '../../host/ownership.js';
import { containerState } from '../../host/program-state.js';

/** What a pass found and did. */
export interface PassResult {
  /** Actions applied (0: the host matched the file). */
  changes: number;
  held: Held[];
  /** Containers whose program ran when probed: name -> seconds it had been running (undefined: not known). */
  running: Map<string, number | undefined>;
  /** Containers this pass created or started: their programs began a new run. */
  started: string[];
  /** Set when the run failed: its first failure, as the executor reported it. */
  error?: string;
}

/** How to run a turn. */
export interface TurnOptions {
  parallel?: number;
  onEvent: (e: ExecEvent) => void;
}

/** The running programs of the project as probed. */
function runningOf(spec: Spec, state: HostState): Map<string, number | undefined> {
  const out = new Map<string, number | undefined>();
  for (const { container, jail } of ownership(state, spec.project).jails) {
    const c = spec.containers.find((x) => x.name === container);
    if (c && containerState(jail, c.supervised).state === 'running') out.set(container, jail.program?.runningForS);
  }
  return out;
}

/** The failure of a run in one line: the first failed action and what FreeBSD said. */
function failureText(r: { failures: { id: string; error: { argv: string[]; exitCode: number; stderr: string } }[]; interrupted: boolean; leftovers: unknown[] }): string {
  const f = r.failures[0];
  if (f) return `${f.id}: \`${f.error.argv.join(' ')}\` exited ${f.error.exitCode}${f.error.stderr ? `: ${f.error.stderr}` : ''}`;
  return r.interrupted ? 'interrupted' : `${r.leftovers.length} command(s) could not be undone`;
}

/** A pass: under the lock, probe and plan the file; apply the plan less what is held back (holdBack). Throws UserErrors (busy lock, bad plan, host). */
export async function runPass(host: Host, spec: Spec, opts: TurnOptions): Promise<PassResult> {
  return withProjectLock(host, spec.project, lockOwner('watch'), async () => {
    const state = await probe(host, { project: spec.project, zfs: spec.containers.some((c) => c.image !== undefined) });
    const { plan: p, held } = holdBack(plan(spec, state, { host: host.uri }), spec, state);
    const running = runningOf(spec, state);
    if (p.actions.length === 0) return { changes: 0, held, running, started: [] };
    const r = await execute(p, host, { parallel: opts.parallel, onEvent: opts.onEvent });
    const started = [...new Set(p.actions.filter((a) => (a.resource === 'container' || a.resource === 'service') && !removes(a)).map((a) => a.name))];
    return { changes: p.actions.length, held, running, started, ...(r.ok ? {} : { error: failureText(r) }) };
  });
}

/** Restart one container's program (`klee restart NAME`) under the lock; the error in one line when it failed. */
export async function restartOne(host: Host, spec: Spec, name: string, opts: TurnOptions): Promise<{ ok: boolean; error?: string }> {
  return withProjectLock(host, spec.project, lockOwner('watch'), async () => {
    const state = await probe(host, { project: spec.project, zfs: false });
    const r = await execute(planRestart(spec, state, [name], host.uri), host, { parallel: opts.parallel, onEvent: opts.onEvent });
    return r.ok ? { ok: true } : { ok: false, error: failureText(r) };
  });
}
