// Services: the program a container's jail runs (supervised by daemon(8), or the thin VM's rc). Started by the
// container's own `jail -c`, it is this kind's when its jail stays: a program stopped (`klee stop`) or exited with a
// non-zero status is started again (design.md "Convergence with programs"); and the waits of depends_on conditions
// (service_healthy, service_completed_successfully). The commands: src/host/program.ts; why: docs/decisions.md "Issue 13".
import type { Jail } from '../../host/types.js';
import { containerState, type ContainerState } from '../../host/program-state.js';
import { completedArgv, healthCommand, programDir, programLog, type ProgramSpec, startArgv, stopArgv } from '../../host/program.js';
import type { ContainerSpec, DependsCondition } from '../../spec/types.js';
import { action } from '../action.js';
import type { Want } from '../desired.js';
import { reason } from '../reason.js';
import type { Action, PlannedCommand, Poll } from '../types.js';
import type { ContainerPlan } from './container.js';
import { paramName } from './jail-argv.js';

/** The id of a service action: `service:<c>` starts or stops the program, `service:<c>:<wait>` waits for it. */
export function serviceId(container: string, wait?: Wait): string {
  return wait ? `service:${container}:${wait}` : `service:${container}`;
}

/** What a wait waits for. */
export type Wait = 'running' | 'healthy' | 'completed';

/** The container a wait action waits for (`service:<c>:running|healthy|completed`), if it is one. */
export function waited(id: string): string | undefined {
  return /^service:(.+):(running|healthy|completed)$/.exec(id)?.[1];
}

/** The progress words of service actions. */
export const WORDS = {
  stop: { doing: 'Stopping', done: 'Stopped' },
  start: { doing: 'Starting', done: 'Started' },
  running: { doing: 'Waiting', done: 'Running' },
  healthy: { doing: 'Waiting', done: 'Healthy' },
  completed: { doing: 'Waiting', done: 'Completed' },
};

/** The `exec.stop=...` values of a container's jail_params, in order (jail(8) would run them with sh -c). */
function userStops(c?: ContainerSpec): string[] {
  return (c?.jailParams ?? []).filter((p) => paramName(p) === 'exec.stop' && p.includes('=')).map((p) => p.slice(p.indexOf('=') + 1));
}

/** How a jail without a file entry is stopped (down without a file, an orphan): as klee's defaults, supervised if it ran a program. */
function fallback(jail: Jail): ProgramSpec {
  return { jailName: jail.name, command: [], user: 'root', env: {}, supervised: Boolean(jail.program?.log || jail.program?.supervisor), restart: 'no', stopSignal: 'TERM', stopGracePeriodS: 10 };
}

/**
 * Stopping a container's program in jail(8)'s order (docs/decisions.md "Issue 13"): the file's exec.stop (best effort),
 * then stop_signal to the supervised program, the grace period, SIGKILL and the end of everything else in the jail
 * (stopArgv, which waits, and succeeds unless jexec cannot enter the jail); the thin VM runs its exec.stop or
 * rc.shutdown instead of the file's exec.stop, then the same end. Not best effort itself: a removal whose stop did not
 * run keeps its jail (container-removal.ts), and the next run repeats it.
 */
export function stopCommands(jail: Jail, c?: ContainerSpec): PlannedCommand[] {
  const p = c ?? fallback(jail);
  const stops = userStops(c);
  // The file's exec.stop replaces rc.shutdown for the thin VM (Kleene's exec.stop); a supervised program's comes first.
  if (!p.supervised) return [{ argv: stopArgv(p, stops.length ? stops.join(' && ') : undefined) }];
  const out: PlannedCommand[] = stops.length ? [{ argv: ['jexec', jail.name, '/bin/sh', '-c', stops.join(' && ')], mayFail: true }] : [];
  out.push({ argv: stopArgv(p) });
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
const NOT_YET = 75;

/**
 * Is a supervised container up: 0 running (or a one-shot that exited 0), 75 (not yet) while its supervisor waits to
 * restart it, 1 when it exited otherwise; its last log lines go to stderr.
 */
const RUNNING = 's=; pgrep -qLF "$0"/daemon.pid 2>/dev/null || s=down; [ -z "$s" ] && pgrep -qF "$0"/child.pid 2>/dev/null && exit 0; l=$(tail -n 1 "$1" 2>/dev/null); [ -z "$s" ] && echo "restarting; its last run: $l" >&2 && exit 75; [ "$l" = "klee: exited with status 0" ] && exit 0; tail -n 5 "$1" >&2; exit 1';

/** The healthcheck, repeated as compose repeats it: every interval, unhealthy after `retries` failures past the start period. */
function healthWait(c: ContainerSpec, timeoutS?: number): PlannedCommand | undefined {
  const check = healthCommand(c);
  if (!check || !c.healthcheck) return undefined;
  const h = c.healthcheck;
  const poll: Poll = { intervalS: h.intervalS, retries: h.retries, startPeriodS: h.startPeriodS, ...(timeoutS !== undefined ? { timeoutS } : {}) };
  return { ...check, poll };
}

/** The commands of a wait for one container: running (supervised) and healthy, or completed (its last run exited 0). */
function waitCommands(c: ContainerSpec, what: Wait, timeoutS?: number): PlannedCommand[] {
  if (what === 'completed') return [{ argv: completedArgv(c) }];
  const out: PlannedCommand[] = [];
  if (c.supervised) out.push({ argv: ['jexec', c.jailName, '/bin/sh', '-c', RUNNING, programDir(c.jailName), programLog(c.jailName)], poll: { intervalS: 1, retries: 1, startPeriodS: 0, pending: NOT_YET, ...(timeoutS !== undefined ? { timeoutS } : {}) } });
  const health = what === 'healthy' ? healthWait(c, timeoutS) : undefined;
  if (health) out.push(health);
  return out;
}

/** A wait action for container `c`. */
export function waitAction(c: ContainerSpec, what: Wait, timeoutS?: number): Action {
  return action({ id: serviceId(c.name, what), op: 'update', resource: 'service', name: c.name, why: [reason('needed', `wait until ${what}`)], commands: waitCommands(c, what, timeoutS), facts: {}, verb: WORDS[what] });
}

/** The wait a depends_on condition needs, if any. */
const CONDITION_WAIT: Record<DependsCondition, Wait | undefined> = { service_started: undefined, service_healthy: 'healthy', service_completed_successfully: 'completed' };

/** One wait of a plan: its action, the container it waits for, and the actions (starts, creations) that wait for it. */
export interface PlannedWait {
  id: string;
  container: string;
  before: string[];
}

/**
 * The waits of the depends_on conditions of the containers this plan starts (`runs`: container -> the action that
 * creates or starts it): one wait per dependency and condition, before every dependent's action.
 */
export function conditionWaits(containers: readonly ContainerSpec[], runs: ReadonlyMap<string, string>): { actions: Action[]; waits: PlannedWait[] } {
  const byId = new Map<string, { action: Action; wait: PlannedWait }>();
  const byName = new Map(containers.map((c) => [c.name, c]));
  for (const c of containers) {
    const id = runs.get(c.name);
    if (!id) continue;
    for (const d of c.dependsOn) {
      const what = CONDITION_WAIT[c.conditions[d] ?? 'service_started'];
      const dep = byName.get(d);
      if (!what || !dep) continue;
      const w = serviceId(d, what);
      if (!byId.has(w)) byId.set(w, { action: waitAction(dep, what), wait: { id: w, container: d, before: [] } });
      byId.get(w)!.wait.before.push(id);
    }
  }
  const all = [...byId.values()];
  return { actions: all.map((x) => x.action), waits: all.map((x) => x.wait) };
}

/** The service actions of a plan, and what the ordering rules read. */
export interface ServicePlan {
  actions: Action[];
  /** Kept containers whose program this plan starts again: container -> action id. */
  started: ReadonlyMap<string, string>;
  /** What each of those depends on (depends_on, any condition). */
  dependsOn: ReadonlyMap<string, readonly string[]>;
  waits: PlannedWait[];
}

/** Start the kept containers' stopped or failed programs; wait for the conditions of everything the plan starts. */
export function planServices(want: Want, containers: ContainerPlan): ServicePlan {
  const actions: Action[] = [];
  const started = new Map<string, string>();
  const dependsOn = new Map<string, readonly string[]>();
  for (const { d, jail } of containers.kept) {
    const { state, exitCode } = containerState(jail.jail, d.spec.supervised);
    const why = restartReason(state, exitCode, d.spec);
    if (why === undefined) continue;
    const a = action({ id: serviceId(d.spec.name), op: 'update', resource: 'service', name: d.spec.name, why: [reason('drifted', why)], commands: [startCommand(d.spec)], facts: { jail: jail.jail.name }, verb: WORDS.start });
    actions.push(a);
    started.set(d.spec.name, a.id);
    dependsOn.set(d.spec.name, d.spec.dependsOn);
  }
  const runs = new Map([...containers.created, ...started]);
  const conditions = conditionWaits(want.containers, runs);
  return { actions: [...actions, ...conditions.actions], started, dependsOn, waits: conditions.waits };
}
