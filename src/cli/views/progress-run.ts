// Running a plan from `up`/`down`: the plan summary, the live or plain progress (or NDJSON), the final summary, the exit code.
import type { CliContext } from '../context.js';
import type { Host } from '../../host/types.js';
import type { Plan } from '../../planner/types.js';
import { execute } from '../../executor/execute.js';
import type { ExecResult } from '../../executor/events.js';
import { jsonEvents } from './events-json.js';
import { progressView } from './progress.js';
import { painter, summaryLines } from './progress-format.js';
import { planCounts } from './plan-summary.js';
import { confirm, mustConfirm } from '../confirm.js';

/** Exit code of a run stopped by Ctrl-C (128 + SIGINT), as shells report it. */
export const EXIT_INTERRUPTED = 130;

/** The commands that apply plans. */
export type RunVerb = 'up' | 'down' | 'start' | 'stop' | 'restart';

/** What each says when its plan is empty. */
const NOTHING: Record<RunVerb, (p: Plan) => string> = {
  up: (p) => `Nothing to do: project ${p.project} on ${p.host} already matches the file.`,
  down: (p) => `Nothing to remove: project ${p.project} owns nothing on ${p.host}.`,
  start: (p) => `Nothing to start: every container of project ${p.project} on ${p.host} is running (or completed).`,
  stop: (p) => `Nothing to stop: no container of project ${p.project} on ${p.host} is running.`,
  restart: (p) => `Nothing to restart: project ${p.project} has no container on ${p.host}.`,
};

/** Options of `up`/`down` that reach the executor. */
export interface ApplyOptions {
  parallel?: number;
  atomic?: boolean;
  /** -y/--yes: never ask before applying (up, down). */
  yes?: boolean;
  /** After a failed run (human view): more lines about the failures, e.g. the last log lines of a container. */
  explain?: (r: ExecResult) => Promise<string[]>;
}

/** Execute `plan` on `host` with the views `ctx` asks for; returns 0 ok, 1 failed, 130 interrupted. */
export async function applyPlan(ctx: CliContext, host: Host, plan: Plan, verb: RunVerb, opts: ApplyOptions): Promise<number> {
  const p = painter(ctx.color);
  for (const w of plan.warnings) ctx.io.stderr.write(`${p.yellow('warning:')} ${w}\n`);
  if (ctx.json) {
    const r = await execute(plan, host, { ...opts, signal: ctx.signal, onEvent: jsonEvents(ctx.io.stdout) });
    return r.ok ? 0 : r.interrupted ? EXIT_INTERRUPTED : 1;
  }
  if (plan.actions.length === 0) {
    ctx.io.stdout.write(`${NOTHING[verb](plan)}\n`);
    return 0;
  }
  if (mustConfirm(ctx, plan, verb, opts.yes) && !(await confirm(ctx, plan))) {
    ctx.io.stderr.write(`Cancelled: nothing was changed on ${plan.host}.\n`);
    return 1;
  }
  ctx.io.stdout.write(`${p.bold(`klee ${verb}`)}: project ${plan.project} on ${plan.host}: ${planCounts(plan)}\n`);
  const view = progressView(ctx.io.stdout, { color: ctx.color, live: ctx.tty });
  try {
    const r = await execute(plan, host, { ...opts, signal: ctx.signal, onEvent: (e) => view.onEvent(e) });
    const out = r.ok ? ctx.io.stdout : ctx.io.stderr;
    // Counted per resource, as the header and `klee plan` count (a replacement's two actions are one).
    for (const line of summaryLines({ ...r, counts: { ...r.counts, ...view.rowCounts() } }, p, verb)) out.write(`${line}\n`);
    if (!r.ok && opts.explain) for (const line of await opts.explain(r)) out.write(`${line}\n`);
    return r.ok ? 0 : r.interrupted ? EXIT_INTERRUPTED : 1;
  } finally {
    view.stop();
  }
}
