// The executor: walks the plan's action graph with bounded concurrency, undoes half-made work, emits events.
import PQueue from 'p-queue';
import type { CommandResult, Host } from '../host/types.js';
import { runPolled } from './poll.js';
import type { Action, Plan, PlannedCommand } from '../planner/types.js';
import type { ActionStatus, CommandFailure, Counts, ExecEvent, ExecResult } from './events.js';
import { checkGraph, dependentsOf } from './order.js';
import { resolveArgs, resolveUndo, takeName } from './kernel-names.js';
import { safeRun } from './safe-run.js';
import { undoCommands, type Leftover } from './undo.js';

/** How to run a plan. */
export interface ExecuteOptions {
  /** Actions at once (default: the host's own bound, Host.parallel); 1 = strictly sequential in a topological order. */
  parallel?: number;
  /** On failure (or interrupt), also undo every action this run completed. */
  atomic?: boolean;
  /** Aborted: start nothing new, let running commands finish, undo half-made work. */
  signal?: AbortSignal;
  onEvent?: (e: ExecEvent) => void;
}

/** Apply a plan to a host; never throws for a failed command (that is a result), only for a malformed plan. */
export async function execute(plan: Plan, host: Host, opts: ExecuteOptions = {}): Promise<ExecResult> {
  checkGraph(plan.actions);
  const started = Date.now();
  const emit = (e: ExecEvent) => opts.onEvent?.(e);
  const signal = opts.signal;
  emit({
    event: 'plan', project: plan.project, host: plan.host,
    actions: plan.actions.map((a) => ({
      id: a.id, op: a.op, resource: a.resource, name: a.name, reason: a.reason, after: a.after, commands: a.commands.length,
      ...(a.verb ? { verb: a.verb } : {}), ...(a.replacedBy !== undefined ? { replacedBy: a.replacedBy } : {}),
    })),
    warnings: plan.warnings ?? [], // a saved plan of an older klee may have none
  });

  const dependents = dependentsOf(plan.actions);
  const byId = new Map(plan.actions.map((a) => [a.id, a]));
  const missing = new Map(plan.actions.map((a) => [a.id, new Set(a.after).size]));
  const status = new Map<string, ActionStatus>();
  const completed: { id: string; done: PlannedCommand[] }[] = [];
  const failures: { id: string; error: CommandFailure }[] = [];
  const leftovers: Leftover[] = [];
  /** The names the kernel chose so far in this run (PlannedCommand.prints), by key. */
  const names = new Map<string, string>();
  const queue = new PQueue({ concurrency: Math.max(1, opts.parallel ?? host.parallel) });
  const stopStarting = () => Boolean(signal?.aborted) || (Boolean(opts.atomic) && failures.length > 0);

  const finish = (id: string, s: ActionStatus, durationMs: number, extra: { cause?: string; error?: CommandFailure } = {}) => {
    status.set(id, s);
    emit({ event: 'action-done', id, status: s, durationMs, ...extra });
  };
  const skipDependents = (root: string) => {
    const todo = [...(dependents.get(root) ?? [])];
    while (todo.length > 0) {
      const id = todo.shift()!;
      if (status.has(id)) continue;
      finish(id, 'skipped', 0, { cause: root });
      todo.push(...(dependents.get(id) ?? []));
    }
  };
  const schedule = (a: Action) => void queue.add(() => runAction(a));

  const runAction = async (a: Action) => {
    if (stopStarting() || status.has(a.id)) return; // left for the final sweep
    emit({ event: 'action-start', id: a.id });
    const t0 = Date.now();
    const done: PlannedCommand[] = [];
    const interrupt = async () => {
      leftovers.push(...(await undoCommands(host, a.id, done, 'half-made', emit)));
      finish(a.id, 'interrupted', Date.now() - t0);
    };
    for (const cmd of a.commands) {
      if (signal?.aborted) return interrupt();
      const run = resolveArgs(cmd, names);
      const report = (r: CommandResult) => emit({
        event: 'command', id: a.id, argv: r.argv, exitCode: r.exitCode, durationMs: r.durationMs,
        ...(r.exitCode === 0 ? {} : { stderr: r.stderr.trim() }), ...(cmd.mayFail ? { mayFail: true as const } : {}),
      });
      const ran = cmd.poll ? await runPolled(host, run, cmd.poll, report, signal) : await safeRun(host, run.argv, run.stdin);
      if (ran === 'interrupted') return interrupt();
      // A command that prints a kernel-chosen name but printed none we can use failed for the plan's purpose.
      const unnamed = ran.exitCode === 0 ? takeName(cmd, ran.stdout, names) : undefined;
      const r = unnamed ? { ...ran, exitCode: 1, stderr: unnamed } : ran;
      if (!cmd.poll) report(r);
      const ok = r.exitCode === 0;
      if (!ok && cmd.mayFail) continue; // best effort: reported, the action goes on (nothing to undo)
      if (!ok) {
        const error = { argv: run.argv, exitCode: r.exitCode, stderr: r.stderr.trim() };
        failures.push({ id: a.id, error });
        // it made something the plan cannot name, so nothing can undo it: it stays on the host, and the run says so
        if (unnamed) leftovers.push({ id: a.id, argv: run.argv, reason: unnamed });
        leftovers.push(...(await undoCommands(host, a.id, done, 'half-made', emit)));
        finish(a.id, 'failed', Date.now() - t0, { error });
        return skipDependents(a.id);
      }
      done.push(resolveUndo(run, cmd, names));
    }
    completed.push({ id: a.id, done });
    finish(a.id, 'ok', Date.now() - t0);
    for (const dep of dependents.get(a.id)!) {
      const left = missing.get(dep)! - 1;
      missing.set(dep, left);
      if (left === 0 && !status.has(dep)) schedule(byId.get(dep)!);
    }
  };

  for (const a of plan.actions) if (missing.get(a.id) === 0) schedule(a);
  await queue.onIdle();

  // Whatever was never started: interrupted by Ctrl-C, or held back by --atomic after a failure. Those held back
  // carry no cause: they depended on no failed action (those were skipped with theirs above; docs/executor.md).
  for (const a of plan.actions) {
    if (status.has(a.id)) continue;
    if (signal?.aborted) finish(a.id, 'interrupted', 0);
    else finish(a.id, 'skipped', 0);
  }

  let undone = 0;
  if (opts.atomic && (failures.length > 0 || signal?.aborted)) {
    for (const { id, done } of [...completed].reverse()) {
      const left = await undoCommands(host, id, done, 'atomic', emit);
      leftovers.push(...left);
      if (left.length === 0) undone++;
    }
  }

  const counts: Counts = { ok: 0, failed: 0, skipped: 0, interrupted: 0, undone };
  for (const s of status.values()) counts[s]++;
  const interrupted = counts.interrupted > 0;
  const result: ExecResult = {
    ok: failures.length === 0 && !interrupted && leftovers.length === 0,
    interrupted, counts, durationMs: Date.now() - started, failures, leftovers,
  };
  emit({ event: 'done', ...result });
  return result;
}
