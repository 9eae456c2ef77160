// The plans of `klee stop|start|restart [SERVICE...]` (the programs, keeping their jails and networks) and what `up`
// adds for `SERVICE...` and `--wait`. Pure; the service commands and waits are kinds/service.ts's.
import type { HostState } from '../host/types.js';
import { ownership } from '../host/ownership.js';
import { containerState } from '../host/program-state.js';
import type { ContainerSpec, Spec } from '../spec/types.js';
import { PlanError } from './errors.js';
import { orderActions } from './graph.js';
import { containerId } from './ids.js';
import { conditionWaits, restartReason, serviceId, startCommand, stopCommands, waitAction, WORDS } from './kinds/service.js';
import type { Action, Plan } from './types.js';

/** The containers named on the command line (all of the file's when none), in file order; an unknown name is an error. */
function selectContainers(spec: Spec, names: string[]): ContainerSpec[] {
  const unknown = names.filter((n) => !spec.containers.some((c) => c.name === n));
  if (unknown.length) throw new PlanError(unknown.map((n) => ({ resource: containerId(n), message: `no container "${n}" in ${spec.file} (containers: ${spec.containers.map((c) => c.name).join(', ') || 'none'})` })));
  return names.length ? spec.containers.filter((c) => names.includes(c.name)) : spec.containers;
}

/** Each selected container with its live jail and state. */
function live(spec: Spec, state: HostState, chosen: ContainerSpec[]) {
  const jails = new Map(ownership(state, spec.project).jails.map((j) => [j.container, j.jail]));
  return chosen.map((c) => {
    const jail = jails.get(c.name);
    return { c, jail, ...containerState(jail, c.supervised) };
  });
}

/** Edges among the chosen: a container's action after those of its dependencies (reverse: after its dependents'). */
function order(chosen: ContainerSpec[], c: ContainerSpec, id: (n: string) => string, reverse: boolean): string[] {
  const names = new Set(chosen.map((x) => x.name));
  if (!reverse) return c.dependsOn.filter((d) => names.has(d)).map(id);
  return chosen.filter((x) => x.dependsOn.includes(c.name)).map((x) => id(x.name));
}

/** The problem of starting a container that was never created. */
const noJail = (host: string) => (n: string) => ({ resource: containerId(n), message: `container "${n}" has no jail on ${host}: create it with \`klee up ${n}\`` });

/** A service action of these plans. */
function service(id: string, c: ContainerSpec, reason: string, verb: Action['verb'], after: string[], commands: Action['commands']): Action {
  return { id, op: 'update', resource: 'service', name: c.name, reason, verb, after, commands, facts: {} };
}

/** `klee stop [SERVICE...]`: the running programs stop, dependents first; their jails and networks stay. */
export function planStop(spec: Spec, state: HostState, names: string[], host: string): Plan {
  const chosen = selectContainers(spec, names);
  const actions: Action[] = [];
  for (const { c, jail, state: s } of live(spec, state, chosen)) {
    if (!jail || s === 'stopped' || s === 'dying' || (s === 'exited' && c.supervised)) continue;
    actions.push(service(serviceId(c.name), c, 'stop', WORDS.stop, order(chosen, c, serviceId, true), stopCommands(jail, c)));
  }
  return finish(spec, host, actions);
}

/** The starts of these plans with the waits of their depends_on conditions before them. */
function withConditions(spec: Spec, starts: Action[]): Action[] {
  const { actions, waits } = conditionWaits(spec.containers, new Map(starts.map((a) => [a.name, a.id])));
  for (const w of waits) for (const id of w.before) starts.find((a) => a.id === id)!.after.push(w.id);
  // A wait comes after its container's own start when this plan starts it too.
  for (const a of actions) { const own = starts.find((s) => s.name === a.name); if (own) a.after.push(own.id); }
  return [...starts, ...actions];
}

/** `klee start [SERVICE...]`: stopped or exited programs start again in their jails, dependencies first, after their conditions. */
export function planStart(spec: Spec, state: HostState, names: string[], host: string): Plan {
  const chosen = selectContainers(spec, names);
  const missing = live(spec, state, chosen).filter((x) => !x.jail).map((x) => x.c.name);
  if (missing.length) throw new PlanError(missing.map(noJail(host)));
  const starts: Action[] = [];
  for (const { c, state: s, exitCode } of live(spec, state, chosen)) {
    const why = restartReason(s, exitCode, c);
    if (why !== undefined && s !== 'dying') starts.push(service(serviceId(c.name), c, why, WORDS.start, order(chosen, c, serviceId, false), [startCommand(c)]));
  }
  return finish(spec, host, withConditions(spec, starts));
}

/** `klee restart [SERVICE...]`: each running program is stopped (dependents first), then all start again (dependencies first). */
export function planRestart(spec: Spec, state: HostState, names: string[], host: string): Plan {
  const chosen = selectContainers(spec, names);
  const stopId = (n: string) => `${serviceId(n)}:stop`;
  const stops: Action[] = [];
  const starts: Action[] = [];
  for (const { c, jail, state: s } of live(spec, state, chosen)) {
    if (!jail) throw new PlanError([noJail(host)(c.name)]);
    if (s === 'dying') continue;
    const running = s === 'running' || s === 'restarting' || (!c.supervised && s !== 'stopped');
    if (running) stops.push(service(stopId(c.name), c, 'restart', WORDS.stop, order(chosen, c, stopId, true), stopCommands(jail, c)));
    starts.push(service(serviceId(c.name), c, 'restart', WORDS.start, [...(running ? [stopId(c.name)] : []), ...order(chosen, c, serviceId, false)], [startCommand(c)]));
  }
  return finish(spec, host, [...stops, ...withConditions(spec, starts)]);
}

/** The named containers and, transitively, those they depend on (`up SERVICE...`). */
export function withDependencies(spec: Spec, names: string[]): Set<string> {
  const out = new Set<string>();
  const visit = (n: string) => {
    if (out.has(n)) return;
    out.add(n);
    for (const d of spec.containers.find((c) => c.name === n)?.dependsOn ?? []) visit(d);
  };
  for (const c of selectContainers(spec, names)) visit(c.name);
  return out;
}

/**
 * `up SERVICE...`: the plan without what it would do to the file's other containers (their jail, epairs, dataset,
 * addresses and program), as compose's `up SERVICE` leaves the other services alone; networks and pf stay whole.
 */
export function onlyServices(plan: Plan, spec: Spec, names: string[]): Plan {
  if (names.length === 0) return plan;
  const keep = withDependencies(spec, names);
  const others = spec.containers.map((c) => c.name).filter((n) => !keep.has(n));
  const theirs = (id: string) => others.some((n) => id === containerId(n) || id === `${containerId(n)}:delete` || id === `dataset:${n}` || id === `dataset:${n}:delete`
    || id.startsWith(`epair:${n}:`) || id.startsWith(`address:${n}:`) || id === serviceId(n) || id.startsWith(`${serviceId(n)}:`));
  return { ...plan, actions: ordered(plan.actions.filter((a) => !theirs(a.id))) };
}

/** `up --wait`: one wait per selected container (running, then healthy where it has a healthcheck), after what the plan does to it. */
export function waitActions(spec: Spec, plan: Plan, names: string[], timeoutS?: number): Action[] {
  const ids = new Map(plan.actions.map((a) => [a.id, a]));
  return selectContainers(spec, names).flatMap((c): Action[] => {
    const what = c.healthcheck ? 'healthy' : 'running';
    if (ids.has(serviceId(c.name, what))) return []; // a depends_on condition of this plan already waits for it
    const a = waitAction(c, what, timeoutS);
    if (a.commands.length === 0) return []; // the thin VM without a healthcheck: running while its jail runs
    a.after = [containerId(c.name), serviceId(c.name)].filter((id) => ids.has(id));
    return [a];
  });
}

/** Actions in the plan's order, their edges to actions not among them dropped (a container whose dependency is not selected). */
export function ordered(actions: Action[]): Action[] {
  const ids = new Set(actions.map((a) => a.id));
  return orderActions(actions.map((a) => ({ ...a, after: a.after.filter((id) => ids.has(id)) })));
}

/** The plan of these actions, ordered. */
function finish(spec: Spec, host: string, actions: Action[]): Plan {
  return { project: spec.project, host, actions: ordered(actions), warnings: [] };
}
