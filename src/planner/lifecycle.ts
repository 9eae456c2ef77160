// The lifecycle of a container's program, keeping its jail and network: the commands that stop and start it, and
// the plans of `klee stop|start|restart [SERVICE...]` and the waits of `up --wait` and depends_on conditions. Pure.
import type { HostState, Jail } from '../host/types.js';
import { ownership } from '../host/ownership.js';
import { containerState, type ContainerState } from '../host/program-state.js';
import { completedArgv, healthArgv, programDir, programLog, type ProgramSpec, startArgv, stopArgv } from '../host/program.js';
import type { ContainerSpec, Spec } from '../spec/types.js';
import { PlanError } from './errors.js';
import { orderActions } from './graph.js';
import { containerId } from './ids.js';
import { paramName } from './jail-argv.js';
import type { Action, PlannedCommand, Plan, Poll } from './types.js';

/** The `exec.stop=...` values of a container's jail_params, in order (jail(8) would run them with sh -c). */
export function userStops(c?: ContainerSpec): string[] {
  return (c?.jailParams ?? []).filter((p) => paramName(p) === 'exec.stop' && p.includes('=')).map((p) => p.slice(p.indexOf('=') + 1));
}

/** How a jail without a file entry is stopped (down without a file, an orphan): as klee's defaults, supervised if it ran a program. */
function fallback(jail: Jail): ProgramSpec {
  return { jailName: jail.name, command: [], user: 'root', env: {}, supervised: Boolean(jail.program?.log || jail.program?.supervisor), restart: 'no', stopSignal: 'TERM', stopGracePeriodS: 10 };
}

/**
 * Stopping a container's program in jail(8)'s order (docs/decisions.md "Issue 13"): the file's exec.stop (best
 * effort), then stop_signal to the supervised program, the grace period and SIGKILL (stopArgv, which waits); the thin
 * VM runs its exec.stop or rc.shutdown. `bestEffort`: a removal, where `jail -r` follows whatever happens.
 */
export function stopCommands(jail: Jail, c: ContainerSpec | undefined, bestEffort: boolean): PlannedCommand[] {
  const p = c ?? fallback(jail);
  const stops = userStops(c);
  const mark = (cmd: PlannedCommand): PlannedCommand => (bestEffort ? { ...cmd, mayFail: true } : cmd);
  // The file's exec.stop replaces rc.shutdown for the thin VM (Kleene's exec.stop); a supervised program's comes first.
  if (!p.supervised) return [mark({ argv: stopArgv(p, { forget: bestEffort, rcStop: stops.length ? stops.join(' && ') : undefined }) })];
  const out: PlannedCommand[] = stops.length ? [{ argv: ['jexec', jail.name, '/bin/sh', '-c', stops.join(' && ')], mayFail: true }] : [];
  out.push(mark({ argv: stopArgv(p, { forget: bestEffort }) }));
  return out;
}

/** Starting a container's program again in its running jail: the start form of jail -c's command=, through jexec -l (root's clean login environment). */
export function startCommand(c: ContainerSpec): PlannedCommand {
  return { argv: ['jexec', '-l', c.jailName, ...startArgv(c)] };
}

/** Why a container's program is started again (design.md: "exited with status 1", "stopped"), or undefined when it need not be. */
export function restartReason(state: ContainerState, exitCode: number | null, c: ContainerSpec): string | undefined {
  if (state === 'stopped') return 'stopped';
  // A one-shot that exited 0 is done (a finished Kubernetes Job): converged.
  if (state === 'exited' && exitCode !== 0) return exitCode === null ? 'exited' : `exited with status ${exitCode}`;
  if (state === 'exited' && c.restart === 'always') return 'exited';
  return undefined;
}

/** The "not yet" status of the waiting checks (sysexits.h EX_TEMPFAIL). */
export const NOT_YET = 75;

/**
 * Is a supervised container up: 0 running (or a one-shot that exited 0), 75 (not yet) while its supervisor waits to
 * restart it, 1 when it exited otherwise; its last log lines go to stderr.
 */
const RUNNING = 's=; pgrep -qLF "$0"/daemon.pid 2>/dev/null || s=down; [ -z "$s" ] && pgrep -qF "$0"/child.pid 2>/dev/null && exit 0; l=$(tail -n 1 "$1" 2>/dev/null); [ -z "$s" ] && echo "restarting; its last run: $l" >&2 && exit 75; [ "$l" = "klee: exited with status 0" ] && exit 0; tail -n 5 "$1" >&2; exit 1';

/** The wait for one container: running (supervised), then healthy (when it has a healthcheck); none for a thin VM without one. */
export function waitCommands(c: ContainerSpec, timeoutS?: number): PlannedCommand[] {
  const out: PlannedCommand[] = [];
  if (c.supervised) out.push({ argv: ['jexec', c.jailName, '/bin/sh', '-c', RUNNING, programDir(c.jailName), programLog(c.jailName)], poll: { intervalS: 1, retries: 1, startPeriodS: 0, pending: NOT_YET, timeoutS } });
  const health = healthCommand(c, timeoutS);
  if (health) out.push(health);
  return out;
}

/** The healthcheck, repeated as compose repeats it: every interval, unhealthy after `retries` failures past the start period. */
export function healthCommand(c: ContainerSpec, timeoutS?: number): PlannedCommand | undefined {
  const argv = healthArgv(c);
  if (!argv || !c.healthcheck) return undefined;
  const h = c.healthcheck;
  const poll: Poll = { intervalS: h.intervalS, retries: h.retries, startPeriodS: h.startPeriodS, ...(timeoutS !== undefined ? { timeoutS } : {}) };
  return { argv, poll };
}

/** What a container waits for before it starts (its depends_on conditions): healthchecks and completions of its dependencies. */
export function conditionCommands(c: ContainerSpec, spec: Spec): PlannedCommand[] {
  const out: PlannedCommand[] = [];
  for (const d of c.dependsOn) {
    const dep = spec.containers.find((x) => x.name === d);
    if (!dep) continue;
    if (c.conditions[d] === 'service_healthy') { const h = healthCommand(dep); if (h) out.push(h); }
    if (c.conditions[d] === 'service_completed_successfully') out.push({ argv: completedArgv(dep) });
  }
  return out;
}

/** The containers named on the command line (all of the file's when none), in file order; an unknown name is an error. */
export function selectContainers(spec: Spec, names: string[]): ContainerSpec[] {
  const unknown = names.filter((n) => !spec.containers.some((c) => c.name === n));
  if (unknown.length) throw new PlanError(unknown.map((n) => `no container "${n}" in ${spec.file} (containers: ${spec.containers.map((c) => c.name).join(', ') || 'none'})`));
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

const STOP_WORDS = { doing: 'Stopping', done: 'Stopped' };
const START_WORDS = { doing: 'Starting', done: 'Started' };

/** `klee stop [SERVICE...]`: the running programs stop, dependents first; their jails and networks stay. */
export function planStop(spec: Spec, state: HostState, names: string[], host: string): Plan {
  const chosen = selectContainers(spec, names);
  const actions: Action[] = [];
  for (const { c, jail, state: s } of live(spec, state, chosen)) {
    if (!jail || s === 'stopped' || s === 'dying' || (s === 'exited' && c.supervised)) continue;
    actions.push({ id: serviceId(c.name), op: 'update', resource: 'service', name: c.name, reason: 'stop', verb: STOP_WORDS, after: order(chosen, c, serviceId, true), commands: stopCommands(jail, c, false), facts: { jail: jail.name } });
  }
  return finish(spec, host, actions);
}

/** `klee start [SERVICE...]`: stopped or exited programs start again in their jails, dependencies first. */
export function planStart(spec: Spec, state: HostState, names: string[], host: string): Plan {
  const chosen = selectContainers(spec, names);
  const missing = live(spec, state, chosen).filter((x) => !x.jail).map((x) => x.c.name);
  if (missing.length) throw new PlanError(missing.map((n) => `container "${n}" has no jail on ${host}: create it with \`klee up ${n}\``));
  const actions: Action[] = [];
  for (const { c, state: s, exitCode } of live(spec, state, chosen)) {
    const why = restartReason(s, exitCode, c);
    if (why === undefined || s === 'dying') continue;
    actions.push({ id: serviceId(c.name), op: 'update', resource: 'service', name: c.name, reason: why, verb: START_WORDS, after: order(chosen, c, serviceId, false), commands: [...conditionCommands(c, spec), startCommand(c)], facts: {} });
  }
  return finish(spec, host, actions);
}

/** `klee restart [SERVICE...]`: each running program is stopped (dependents first), then all start again (dependencies first). */
export function planRestart(spec: Spec, state: HostState, names: string[], host: string): Plan {
  const chosen = selectContainers(spec, names);
  const stopId = (n: string) => `${serviceId(n)}:stop`;
  const actions: Action[] = [];
  for (const { c, jail, state: s } of live(spec, state, chosen)) {
    if (!jail) throw new PlanError([`container "${c.name}" has no jail on ${host}: create it with \`klee up ${c.name}\``]);
    if (s === 'dying') continue;
    const running = s === 'running' || s === 'restarting' || (!c.supervised && s !== 'stopped');
    if (running) actions.push({ id: stopId(c.name), op: 'update', resource: 'service', name: c.name, reason: 'restart', verb: STOP_WORDS, after: order(chosen, c, stopId, true), commands: stopCommands(jail, c, false), facts: {} });
    actions.push({
      id: serviceId(c.name), op: 'update', resource: 'service', name: c.name, reason: 'restart', verb: START_WORDS,
      after: [...(running ? [stopId(c.name)] : []), ...order(chosen, c, serviceId, false)], commands: [...conditionCommands(c, spec), startCommand(c)], facts: {},
    });
  }
  return finish(spec, host, actions);
}

/** `up --wait`: one wait per selected container, after whatever the plan does to it. */
export function waitActions(spec: Spec, plan: Plan, names: string[], timeoutS?: number): Action[] {
  const ids = new Set(plan.actions.map((a) => a.id));
  return selectContainers(spec, names).flatMap((c): Action[] => {
    const commands = waitCommands(c, timeoutS);
    if (commands.length === 0) return [];
    const what = c.healthcheck ? 'healthy' : 'running';
    const after = [containerId(c.name), serviceId(c.name)].filter((id) => ids.has(id));
    return [{ id: serviceId(c.name, what), op: 'update', resource: 'service', name: c.name, reason: `wait until ${what}`, verb: { doing: 'Waiting', done: what === 'healthy' ? 'Healthy' : 'Running' }, after, commands, facts: {} }];
  });
}

/** The id of a service action: `service:<c>` starts or stops the program, `service:<c>:<wait>` waits for it. */
export function serviceId(container: string, wait?: 'running' | 'healthy' | 'completed'): string {
  return wait ? `service:${container}:${wait}` : `service:${container}`;
}

/** The container a wait action waits for (`service:<c>:running|healthy|completed`), if it is one. */
export function waited(id: string): string | undefined {
  return /^service:(.+):(running|healthy|completed)$/.exec(id)?.[1];
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
 * `up SERVICE...`: the plan without what it would do to the file's other containers (their jail, epairs, dataset and
 * addresses), as compose's `up SERVICE` leaves the other services alone; networks and pf stay whole.
 */
export function onlyServices(plan: Plan, spec: Spec, names: string[]): Plan {
  if (names.length === 0) return plan;
  const keep = withDependencies(spec, names);
  const others = spec.containers.map((c) => c.name).filter((n) => !keep.has(n));
  const theirs = (id: string) => others.some((n) => id === containerId(n) || id === `${containerId(n)}:delete` || id === `dataset:${n}` || id === `dataset:${n}:delete` || id.startsWith(`epair:${n}:`) || id.startsWith(`address:${n}:`));
  return { ...plan, actions: ordered(plan.actions.filter((a) => !theirs(a.id))) };
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
