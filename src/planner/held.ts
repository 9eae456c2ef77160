// What the reconcile loop (`klee watch`) leaves to the user although `up` would do it: a program stopped with
// `klee stop` stays stopped, and one with `restart: "no"` that exited is not run again. Pure; why: docs/decisions.md
// "Issue 19".
import type { HostState } from '../host/types.js';
import { ownership } from '../host/ownership.js';
import { containerState } from '../host/program-state.js';
import type { Spec } from '../spec/types.js';
import { serviceId } from './kinds/service.js';
import { ordered } from './lifecycle.js';
import type { Plan } from './types.js';

/** A start the loop left out, and why. */
export interface Held {
  container: string;
  reason: string;
}

/** The plan without the starts of programs the user stopped or whose restart policy is "no"; those, with the reason. */
export function holdBack(plan: Plan, spec: Spec, state: HostState): { plan: Plan; held: Held[] } {
  const jails = new Map(ownership(state, spec.project).jails.map((j) => [j.container, j.jail]));
  const held: Held[] = [];
  for (const c of spec.containers) {
    if (!plan.actions.some((a) => a.id === serviceId(c.name))) continue;
    const { state: s, exitCode } = containerState(jails.get(c.name), c.supervised);
    if (s === 'stopped') held.push({ container: c.name, reason: 'stopped by `klee stop`: `klee start` starts it' });
    else if (s === 'exited' && c.restart === 'no') held.push({ container: c.name, reason: `exited${exitCode === null ? '' : ` with status ${exitCode}`} and its restart policy is "no": \`klee start\` starts it` });
  }
  if (held.length === 0) return { plan, held };
  const out = new Set(held.map((h) => serviceId(h.container)));
  return { plan: { ...plan, actions: ordered(plan.actions.filter((a) => !out.has(a.id))) }, held };
}
