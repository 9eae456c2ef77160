// Part 2's engine: fail one command of `up`, of an edit's `up` or of `down` (sim ?fail=N, N offset by the probe's
// commands) and check what the host holds right after the failed action's undo, after the run, after a re-run.
// Used for the examples and for generated projects.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { planOnHost } from '../../src/cli/plan-host.js';
import { openHost } from '../../src/host/open.js';
import { probe } from '../../src/host/probe.js';
import { planDown } from '../../src/planner/plan.js';
import type { Action, PlannedCommand, Poll } from '../../src/planner/types.js';
import { loadSpec } from '../../src/spec/load.js';
import { afterDown, comparable, events, withoutLogs, type Sandbox } from '../e2e/helpers.js';
import { probeCount, sandboxWith, writeFile } from './harness.js';
import { halfMade } from './invariants.js';
import { planAsRun } from './plan-as-run.js';
import { upConverges } from './lifecycle.js';

/** The phases of the sweep. */
export const PHASES = ['up', 'edit', 'down'] as const;
export type Phase = (typeof PHASES)[number];

/** One command of a clean run: what the sweep fails in turn; `step` is its index within its action. */
export interface PlanCommand {
  argv: string[];
  mayFail: boolean;
  id: string;
  step: number;
  /** Its failure alone fails no run: best effort (mayFail), or a polled check that tries again (src/executor/poll.ts). */
  absorbed: boolean;
}

/** What a clean run of the three phases did: their plans and commands and the states between them. */
export interface CleanRun {
  project: string;
  up: PlanCommand[];
  edit: PlanCommand[];
  down: PlanCommand[];
  /** Each phase's plan, computed by the planner on the state before the phase (what the sweep must cover). */
  plans: Record<Phase, Action[]>;
  /** Raw state after up (the edit's sweep starts from it) and after the edit (down's sweep starts from it). */
  afterUp: Record<string, any>;
  afterEdit: Record<string, any>;
  /** Commands the probe runs before each phase's first plan command (sim ?fail=N counts them too), calibrated. */
  offsets: Record<Phase, number>;
}

/** The number of commands a phase's plan holds: the injection points the sweep has in CI mode. */
export const plannedCommands = (clean: CleanRun, phase: Phase): number => clean.plans[phase].reduce((n, a) => n + a.commands.length, 0);

function commandsOf(stdout: string): PlanCommand[] {
  const steps = new Map<string, number>();
  return events(stdout).filter((e) => e.event === 'command').map((e) => {
    const step = steps.get(e.id) ?? 0;
    steps.set(e.id, step + 1);
    return { argv: e.argv, mayFail: e.mayFail === true, id: e.id, step, absorbed: e.mayFail === true };
  });
}

/**
 * Whether one failure of a polled check is tried again (src/executor/poll.ts runPolled, compose's healthcheck counting):
 * it counts only after the start period, the check fails once `retries` failures are counted, and a check with a "not
 * yet" status fails for good on any other status (an injected failure is one).
 */
function triedAgain(poll: Poll | undefined): boolean {
  return poll !== undefined && poll.pending === undefined && (poll.startPeriodS > 0 || poll.retries > 1);
}

/** The commands of a run with `absorbed` from the plan they ran (each command's action and step). */
function withAbsorbed(cmds: PlanCommand[], plan: readonly Action[]): PlanCommand[] {
  const byId = new Map(plan.map((a) => [a.id, a]));
  return cmds.map((c) => ({ ...c, absorbed: c.mayFail || triedAgain(byId.get(c.id)?.commands[c.step]?.poll) }));
}

/**
 * The sweep's command of a phase. Every phase removes orphans: the edit drops containers and networks, and the sweep
 * covers their removal (a GitOps pipeline's `up --remove-orphans`), and down must leave a fresh host.
 */
const verb = (phase: Phase): string[] => [phase === 'down' ? 'down' : 'up', '--remove-orphans'];

/** The plan klee makes for a phase on the sandbox's host now (`up --remove-orphans`'s planOnHost, `down --remove-orphans`'s planDown). */
async function planOf(box: Sandbox, text: string, phase: Phase): Promise<Action[]> {
  const spec = loadSpec({ text, file: join(box.project, 'kleene.yaml'), env: {}, dirName: 'project' }).spec;
  if (!spec) throw new Error('the file does not load');
  const host = await openHost(box.host());
  try {
    if (phase !== 'down') return (await planOnHost(host, spec, new AbortController().signal, { removeOrphans: true })).plan.actions;
    return planDown(spec.project, await probe(host, { project: spec.project, zfs: true }), { host: host.uri, spec, removeOrphans: true }).actions;
  } finally {
    await host.close();
  }
}

/** Run up, the edit's up and down once without faults (--parallel 1: a fixed command order). */
export async function cleanRun(before: string, after: string, project: string): Promise<CleanRun> {
  const box = sandboxWith(before);
  try {
    const H = ['--json', '--parallel', '1', '-H', box.host()];
    const plans = { up: await planOf(box, before, 'up') } as Record<Phase, Action[]>;
    const up = await box.klee([...verb('up'), ...H]);
    if (up.code !== 0) throw new Error(`clean up failed: ${up.stderr}`);
    const afterUp = box.state();
    writeFile(box, after);
    plans.edit = await planOf(box, after, 'edit');
    const edit = await box.klee([...verb('edit'), ...H]);
    if (edit.code !== 0) throw new Error(`clean edit up failed: ${edit.stderr}`);
    const afterEdit = box.state();
    plans.down = await planOf(box, after, 'down');
    const down = await box.klee([...verb('down'), ...H]);
    if (down.code !== 0) throw new Error(`clean down failed: ${down.stderr}`);
    const run: CleanRun = {
      project, up: withAbsorbed(commandsOf(up.stdout), plans.up), edit: withAbsorbed(commandsOf(edit.stdout), plans.edit), down: withAbsorbed(commandsOf(down.stdout), plans.down),
      plans, afterUp, afterEdit, offsets: { up: 0, edit: 0, down: 0 },
    };
    // the plans with the names the kernel chose in the clean run (the same in every run of the sweep: --parallel 1 on
    // the same starting state gives the same units)
    for (const phase of PHASES) run.plans[phase] = planAsRun(run.plans[phase], run[phase]);
    for (const phase of PHASES) run.offsets[phase] = await calibrate(run, phase, phase === 'up' ? before : after);
    return run;
  } finally {
    box.remove();
  }
}

/**
 * The probe's command count before a phase's first plan command: the count src/host/probe.ts documents
 * (probeCount) checked by failing the next command, and searched around it if the probe changed shape.
 */
async function calibrate(run: CleanRun, phase: Phase, text: string): Promise<number> {
  const start = startOf(run, phase);
  const guess = probeCount(start ?? { jails: [] }, run.project, { zfs: phase === 'down' });
  if (run[phase].length === 0) return guess; // an edit that changes nothing: no point to inject at
  for (const g of [guess, guess - 1, guess + 1, guess - 2, guess + 2, guess + 3, guess + 4]) {
    if (g < 0) continue;
    const box = sandboxWith(text);
    try {
      if (start) writeFileSync(box.simPath, JSON.stringify(start));
      const r = await box.klee([...verb(phase), '--json', '--parallel', '1', '-H', box.host(`fail=${g + 1}`)]);
      const first = r.stdout ? events(r.stdout).find((e) => e.event === 'command') : undefined;
      if (first && first.exitCode !== 0 && first.argv.join(' ') === run[phase][0].argv.join(' ')) return g;
    } finally {
      box.remove();
    }
  }
  throw new Error(`cannot find the probe's command count before ${phase} (tried around ${guess})`);
}

/** The state a phase starts from: none (a fresh host) for up. */
const startOf = (clean: CleanRun, phase: Phase) => (phase === 'up' ? undefined : phase === 'edit' ? clean.afterUp : clean.afterEdit);

/** What one injection point gave: problems (each a broken promise; empty = survived). */
export interface PointResult { problems: string[] }

/** One undo event as the executor must emit it: the command reversed and the reversal run (none: cannot be undone). */
type UndoStep = { of: string; argv?: string };

/**
 * The undo events owed for `done`, the commands of one action that succeeded, in run order (src/executor/undo.ts):
 * the last command first, each command's undo argvs in their order, one `possible: false` for a command without any.
 */
function owedUndo(done: readonly PlannedCommand[]): UndoStep[] {
  return [...done].reverse().flatMap((c) => (c.undo?.length ? c.undo.map((u) => ({ of: c.argv.join(' '), argv: u.join(' ') })) : [{ of: c.argv.join(' ') }]));
}

const undoSteps = (ev: Record<string, any>[], why: 'half-made' | 'atomic', id?: string): UndoStep[] =>
  ev.filter((e) => e.event === 'undo' && e.why === why && (id === undefined || e.id === id))
    .map((e) => ({ of: e.of.join(' '), ...(e.argv ? { argv: e.argv.join(' ') } : {}) }));

/** The failed action of the plan and its commands that ran before the injected failure (all succeeded). */
function failedAction(clean: CleanRun, phase: Phase, hit: PlanCommand): { action: Action; done: PlannedCommand[] } {
  const action = clean.plans[phase].find((a) => a.id === hit.id);
  if (!action || action.commands[hit.step]?.argv.join(' ') !== hit.argv.join(' ')) throw new Error(`${phase}: the clean run's command ${hit.argv.join(' ')} is not step ${hit.step} of a planned action ${hit.id}`);
  return { action, done: action.commands.slice(0, hit.step) };
}

/** The state file's text at the failed action's start and end, read while the run goes on (--parallel 1: nothing else runs meanwhile). */
function watchAction(box: Sandbox, id: string): { seen: { start?: string; end?: string }; onStdout: (s: string) => void } {
  const seen: { start?: string; end?: string } = {};
  const onStdout = (s: string) => {
    for (const line of s.split('\n').filter(Boolean)) {
      const e = JSON.parse(line);
      if (e.id !== id) continue;
      if (e.event === 'action-start') seen.start = readFileSync(box.simPath, 'utf8');
      if (e.event === 'action-done') seen.end = readFileSync(box.simPath, 'utf8');
    }
  };
  return { seen, onStdout };
}

/** One root cause, the injected command, with FreeBSD's text; a best-effort command or a check tried again never fails the run. */
function rootCauseProblems(hit: PlanCommand, r: { code: number }, ev: Record<string, any>[], done: Record<string, any>): string[] {
  const problems: string[] = [];
  if (hit.absorbed) {
    if (r.code !== 0 || !done.ok) problems.push(`${hit.mayFail ? 'best-effort' : 'one failure of the polled'} ${hit.argv.join(' ')} failed the run`);
    return problems;
  }
  const causes = done.failures.map((f: any) => f.error.argv.join(' '));
  if (r.code !== 1 || causes.length !== 1 || causes[0] !== hit.argv.join(' ')) problems.push(`root causes ${JSON.stringify(causes)} (exit ${r.code}), expected ${hit.argv.join(' ')}`);
  const failedCmds = ev.filter((e) => e.event === 'command' && e.exitCode !== 0 && !e.mayFail);
  if (failedCmds.length !== 1) problems.push(`${failedCmds.length} failed commands reported`);
  if (!done.failures[0]?.error.stderr) problems.push('no FreeBSD error text in the root cause');
  return problems;
}

/**
 * The failed action's undo, checked right after it (before anything else runs, before any re-run): its undo events
 * are owedUndo of the commands it completed (last first), and when all of those can be undone the host is as it was
 * at the action's start (docs/executor.md "Undo").
 */
function undoProblems(clean: CleanRun, phase: Phase, hit: PlanCommand, ev: Record<string, any>[], seen: { start?: string; end?: string }): string[] {
  if (hit.absorbed) return [];
  const { done } = failedAction(clean, phase, hit);
  const problems: string[] = [];
  const owed = owedUndo(done);
  const got = undoSteps(ev, 'half-made', hit.id);
  if (!isDeepStrictEqual(got, owed)) problems.push(`undo of the failed action: got ${JSON.stringify(got)}, owed (last command first) ${JSON.stringify(owed)}`);
  if (seen.start === undefined || seen.end === undefined) return [...problems, `the failed action ${hit.id} was not seen to start and end`];
  if (done.every((c) => c.undo?.length) && !isDeepStrictEqual(comparable(JSON.parse(seen.end)), comparable(JSON.parse(seen.start)))) {
    problems.push(`right after the failed action ${hit.id} the host holds part of it: ${stateDiff(JSON.parse(seen.start), JSON.parse(seen.end))}`);
  }
  return problems;
}

/** Which top-level parts of two states differ, and how (short). */
function stateDiff(a: Record<string, any>, b: Record<string, any>): string {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => k !== 'counters' && !isDeepStrictEqual(a[k], b[k]));
  return keys.map((k) => `${k}: ${JSON.stringify(a[k])} -> ${JSON.stringify(b[k])}`).join('; ').slice(0, 2000);
}

/**
 * Fail the nth command (1-based) of a phase on a host in the state the clean run had before it. Problems: not exactly
 * one root cause (the injected command; a best-effort command must not fail the run), the failed action's undo not
 * as owed (undoProblems), an irreversible leftover outside a removal, something half-made, a re-run that fails or does
 * not converge (plan not empty, a container not as the file says), a down that does not leave a fresh host.
 */
export async function injectAt(clean: CleanRun, phase: Phase, n: number, texts: { before: string; after: string }, fresh: Record<string, any>): Promise<PointResult> {
  const problems: string[] = [];
  const box = sandboxWith(phase === 'up' ? texts.before : texts.after);
  const hit = clean[phase][n - 1];
  const tag = (p: string) => `${phase} #${n} (${hit.argv.join(' ')}): ${p}`;
  try {
    const start = startOf(clean, phase);
    if (start) writeFileSync(box.simPath, JSON.stringify(start));
    const watch = watchAction(box, hit.id);
    const r = await box.klee([...verb(phase), '--json', '--parallel', '1', '-H', box.host(`fail=${clean.offsets[phase] + n}`)], { onStdout: watch.onStdout });
    const ev = events(r.stdout);
    const done = ev.at(-1);
    if (!done || done.event !== 'done') return { problems: [tag(`no done event (exit ${r.code}): ${r.stderr}`)] };
    problems.push(...rootCauseProblems(hit, r, ev, done), ...undoProblems(clean, phase, hit, ev, watch.seen));
    // What cannot be undone is reported, never silently dropped; only a removal may leave such an entry
    // (docs/executor.md "What cannot be undone").
    const ops = new Map<string, string>(ev[0]?.event === 'plan' ? ev[0].actions.map((a: any) => [a.id, a.op]) : []);
    const bad = done.leftovers.filter((l: any) => !(ops.get(l.id) === 'delete' || l.id.endsWith(':delete')));
    if (bad.length) problems.push(`left behind: ${JSON.stringify(bad)}`);
    // Isolation before exposure: when the pf load fails, no container it protects (one whose action waits for it)
    // started, and a flush that fails leaves the rules of whatever still runs.
    if (hit.id === 'pf' && ev[0]?.event === 'plan') {
      const guarded = new Set(ev[0].actions.filter((a: any) => a.resource === 'container' && a.after.includes('pf')).map((a: any) => a.id));
      const started = ev.filter((e) => e.event === 'action-start' && guarded.has(e.id)).map((e) => e.id);
      if (started.length) problems.push(`containers started although the pf load that protects them failed: ${started.join(', ')}`);
    }
    const half = halfMade(box.state(), fresh);
    // An alias on klee's own interface that no jail holds is removed by the next run as leaked (docs/decisions.md):
    // a failure can leave one when the interface's destroy, which would have taken it, was skipped. The re-run
    // below must remove it (upConverges refuses it).
    const recoverable = (p: string) => /^alias \S+ on \S+ \(klee's\) without a jail$/.test(p);
    problems.push(...half.filter((p) => !recoverable(p)));

    // The same command again, without the fault, converges; then down leaves a fresh host.
    if (phase === 'down') {
      const again = await box.klee([...verb('down'), '-H', box.host()]);
      if (again.code !== 0) problems.push(`re-run of down exited ${again.code}: ${again.stderr}`);
    } else {
      try {
        await upConverges(box, phase === 'up' ? texts.before : texts.after, 're-run', fresh);
      } catch (e) {
        problems.push((e as Error).message);
      }
      const down = await box.klee([...verb('down'), '-H', box.host()]);
      if (down.code !== 0) problems.push(`down exited ${down.code}: ${down.stderr}`);
    }
    const left = afterDown(box.state(), fresh);
    if (!isDeepStrictEqual(left, comparable(fresh))) problems.push('down did not leave a fresh host');
    return { problems: problems.map(tag) };
  } finally {
    box.remove();
  }
}

/** A state without klee's logs (console logs and daemon(8)'s output files), which stay after the jail is gone (docs/reliability.md). */
function comparableWithoutLogs(state: Record<string, any>): Record<string, any> {
  return { ...comparable(state), files: withoutLogs(state.files) };
}

/**
 * `up --atomic` from a fresh host with the nth command failing: besides the failed action's own undo, every action the
 * run completed is undone, the last completed first and each one's commands last first (undo events `atomic`), only
 * what cannot be undone is left (and reported), and the host is fresh again.
 */
export async function injectAtomicAt(clean: CleanRun, n: number, text: string, fresh: Record<string, any>): Promise<PointResult> {
  const hit = clean.up[n - 1];
  if (hit.absorbed) throw new Error(`up #${n} fails no run (best effort, or a check tried again), so there is nothing for --atomic to undo`);
  const box = sandboxWith(text);
  const tag = (p: string) => `up --atomic #${n} (${hit.argv.join(' ')}): ${p}`;
  try {
    const watch = watchAction(box, hit.id);
    const r = await box.klee([...verb('up'), '--json', '--atomic', '--parallel', '1', '-H', box.host(`fail=${clean.offsets.up + n}`)], { onStdout: watch.onStdout });
    const ev = events(r.stdout);
    const done = ev.at(-1);
    if (!done || done.event !== 'done') return { problems: [tag(`no done event (exit ${r.code}): ${r.stderr}`)] };
    const problems = [...rootCauseProblems(hit, r, ev, done), ...undoProblems(clean, 'up', hit, ev, watch.seen)];
    const byId = new Map(clean.plans.up.map((a) => [a.id, a]));
    const completed = ev.filter((e) => e.event === 'action-done' && e.status === 'ok').map((e) => byId.get(e.id)!);
    const owed = [...completed].reverse().flatMap((a) => owedUndo(a.commands));
    const got = undoSteps(ev, 'atomic');
    if (!isDeepStrictEqual(got, owed)) problems.push(`atomic undo: got ${JSON.stringify(got)}, owed (last completed action first) ${JSON.stringify(owed)}`);
    const { done: failedDone } = failedAction(clean, 'up', hit);
    const irreversible = [...completed.flatMap((a) => a.commands.map((c) => ({ id: a.id, c }))), ...failedDone.map((c) => ({ id: hit.id, c }))]
      .filter(({ c }) => !c.undo?.length).map(({ id, c }) => ({ id, argv: c.argv, reason: 'cannot be undone' }));
    const sortKey = (l: any) => `${l.id} ${l.argv.join(' ')}`;
    if (!isDeepStrictEqual([...done.leftovers].map(sortKey).sort(), irreversible.map(sortKey).sort())) problems.push(`leftovers ${JSON.stringify(done.leftovers)}, expected only what cannot be undone ${JSON.stringify(irreversible)}`);
    if (irreversible.length === 0 && !isDeepStrictEqual(comparableWithoutLogs(box.state()), comparableWithoutLogs(fresh))) problems.push(`the host is not fresh after the atomic undo: ${stateDiff(comparableWithoutLogs(fresh), comparableWithoutLogs(box.state()))}`);
    return { problems: problems.map(tag) };
  } finally {
    box.remove();
  }
}

/** The outcome of a sweep: points tried (in all and per phase, `atomic` = up --atomic), survived, and the problems. */
export interface SweepResult { tried: number; survived: number; problems: string[]; byPhase: Record<Phase | 'atomic', number> }

/** An empty sweep result, to add others to. */
export const noSweep = (): SweepResult => ({ tried: 0, survived: 0, problems: [], byPhase: { up: 0, edit: 0, down: 0, atomic: 0 } });

/** Add b's counts and problems to a. */
export function addSweep(a: SweepResult, b: SweepResult, note = ''): void {
  a.tried += b.tried;
  a.survived += b.survived;
  a.problems.push(...b.problems.map((p) => p + note));
  for (const k of Object.keys(a.byPhase) as (Phase | 'atomic')[]) a.byPhase[k] += b.byPhase[k];
}

/**
 * The injection points of a phase (1-based command numbers): all of them (every = 1), or every `every`-th one counted
 * across the phases from `from`, plus every command that follows a completed one of its own action, where the
 * executor has work to undo (they are few and the undo check needs them).
 */
export function pointsOf(clean: CleanRun, every = 1, from = 0): Record<Phase, number[]> {
  const out = { up: [], edit: [], down: [] } as Record<Phase, number[]>;
  let k = 0;
  for (const phase of PHASES) {
    clean[phase].forEach((c, i) => {
      if (k++ % every === from % every || c.step > 0) out[phase].push(i + 1);
    });
  }
  return out;
}

/** Sweep the chosen points of every phase (pointsOf), and the up phase's points again with --atomic. */
export async function sweep(clean: CleanRun, texts: { before: string; after: string }, fresh: Record<string, any>, every = 1, from = 0): Promise<SweepResult> {
  const out = noSweep();
  const points = pointsOf(clean, every, from);
  const count = (kind: Phase | 'atomic', r: PointResult) => {
    out.tried++;
    out.byPhase[kind]++;
    if (r.problems.length === 0) out.survived++;
    out.problems.push(...r.problems);
  };
  for (const phase of PHASES) for (const n of points[phase]) count(phase, await injectAt(clean, phase, n, texts, fresh));
  for (const n of points.up.filter((k) => !clean.up[k - 1].absorbed)) count('atomic', await injectAtomicAt(clean, n, texts.before, fresh));
  return out;
}
