// One turn of the reconcile loop under the project's lock: probe, plan, apply what differs (a pass), or restart one
// container for its health. The lock is held only for that turn, so a `klee up` by hand interleaves.
import type { Host, HostState } from '../../host/types.js';
import type { Spec } from '../../spec/types.js';
import type { ExecEvent } from '../../executor/events.js';
import { execute } from '../../executor/execute.js';
import { lockOwner, withProjectLock } from '../../executor/lock.js';
import { probe } from '../../host/probe.js';
import { planOnHost } from '../plan-host.js';
import { holdBack, type Held } from '../../planner/held.js';
import { planRestart } from '../../planner/lifecycle.js';
import { removes } from '../../planner/types.js';
import { ownership } from '../../host/ownership.js';
import { containerState } from '../../host/program-state.js';
import { shJoin } from '../../host/quote.js';

/** What a pass found and did. */
export interface PassResult {
  /** Actions applied (0: the host matched the file). */
  changes: number;
  held: Held[];
  /** Containers whose program ran when probed: name -> seconds it had been running (undefined: not known). */
  running: Map<string, number | undefined>;
  /** Containers this pass created or started: their programs began a new run. */
  started: string[];
  /** The plan's notes (orphans left, no meta on this kernel, ...). */
  warnings: string[];
  /** Set when the run failed: its first failure, as the executor reported it. */
  error?: string;
}

/** How to run a turn. */
export interface TurnOptions {
  /** Plan as `up --remove-orphans`: the project's containers and networks the file does not have go too. */
  removeOrphans?: boolean;
  onEvent: (e: ExecEvent) => void;
}

/** A turn is never interrupted from inside (a stop request waits for it: docs/decisions.md "Issue 19"). */
const UNINTERRUPTED = new AbortController().signal;

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
  if (f) return `${f.id}: \`${shJoin(f.error.argv)}\` exited ${f.error.exitCode}${f.error.stderr ? `: ${f.error.stderr}` : ''}`;
  return r.interrupted ? 'interrupted' : `${r.leftovers.length} command(s) could not be undone`;
}

/** A pass: under the lock, probe and plan the file; apply the plan less what is held back (holdBack). Throws UserErrors (busy lock, bad plan, host). */
export async function runPass(host: Host, spec: Spec, opts: TurnOptions): Promise<PassResult> {
  return withProjectLock(host, spec.project, lockOwner('watch'), async () => {
    const { plan: planned, state } = await planOnHost(host, spec, UNINTERRUPTED, { removeOrphans: opts.removeOrphans });
    const { plan: p, held } = holdBack(planned, spec, state);
    const running = runningOf(spec, state);
    const warnings = p.warnings;
    if (p.actions.length === 0) return { changes: 0, held, running, started: [], warnings };
    // only what this run finished: a container whose action failed, or was skipped, began no new run to health-check
    const ok = new Set<string>();
    const onEvent = (e: ExecEvent) => {
      if (e.event === 'action-done' && e.status === 'ok') ok.add(e.id);
      opts.onEvent(e);
    };
    const r = await execute(p, host, { onEvent });
    const made = p.actions.filter((a) => (a.resource === 'container' || a.resource === 'service') && !removes(a) && ok.has(a.id));
    const started = [...new Set(made.map((a) => a.name))];
    return { changes: p.actions.length, held, running, started, warnings, ...(r.ok ? {} : { error: failureText(r) }) };
  });
}

/** Restart one container's program (`klee restart NAME`) under the lock; the error in one line when it failed. */
export async function restartOne(host: Host, spec: Spec, name: string, opts: TurnOptions): Promise<{ ok: boolean; error?: string }> {
  return withProjectLock(host, spec.project, lockOwner('watch'), async () => {
    const state = await probe(host, { project: spec.project, zfs: false, signal: UNINTERRUPTED });
    const r = await execute(planRestart(spec, state, [name], host.uri), host, { onEvent: opts.onEvent });
    return r.ok ? { ok: true } : { ok: false, error: failureText(r) };
  });
}
