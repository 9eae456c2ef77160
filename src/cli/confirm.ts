// Confirmation before destruction (terraform's `Do you want to perform these actions?`, compose's prompts): on a
// terminal, `up` that destroys or replaces anything and `down` show the plan and ask; -y/--yes, --json and a run
// without a terminal (CI, pipes) never ask.
import { createInterface } from 'node:readline';
import type { CliContext } from './context.js';
import type { Plan } from '../planner/types.js';
import { removes } from '../planner/types.js';
import { renderPlan } from './views/plan-human.js';
import type { RunVerb } from './views/progress-run.js';

/** The question, as terraform asks it. */
export const QUESTION = 'Do you want to perform these actions? [y/N] ';

/** Whether this run asks before applying `plan`: something to take away, a terminal to ask on, no --json or --yes. */
export function mustConfirm(ctx: CliContext, plan: Plan, verb: RunVerb, yes: boolean | undefined): boolean {
  if (yes || ctx.json || !ctx.io.stdin?.isTTY || !ctx.io.stdout.isTTY) return false;
  // start, stop and restart take nothing away for good: they never ask (compose's habit).
  return verb === 'down' ? plan.actions.length > 0 : verb === 'up' && plan.actions.some(removes);
}

/** The plan (as `klee plan` shows it), what it destroys for good said again, and the question; true only for y or yes. */
export async function confirm(ctx: CliContext, plan: Plan): Promise<boolean> {
  const data = plan.actions.flatMap((a) => (a.destroysData ? [a.destroysData] : []));
  const out = [renderPlan(plan, { commands: false, color: ctx.color }).trimEnd(), ''];
  if (data.length) out.push('This destroys data that cannot be recovered:', ...data.map((d) => `  - ${d}`), '');
  ctx.io.stdout.write(`${out.join('\n')}\n${QUESTION}`);
  const answer = await readLine(ctx);
  return answer !== undefined && /^(y|yes)$/i.test(answer.trim());
}

/** One line from standard input; undefined at its end or when the run is interrupted (Ctrl-C). */
function readLine(ctx: CliContext): Promise<string | undefined> {
  const input = ctx.io.stdin!;
  return new Promise((resolve) => {
    // terminal: false: the terminal stays in its own (cooked) mode, so Ctrl-C is SIGINT and reaches ctx.signal.
    const rl = createInterface({ input, terminal: false });
    let over = false;
    const done = (line: string | undefined) => {
      if (over) return;
      over = true;
      ctx.signal.removeEventListener('abort', onAbort);
      rl.close();
      resolve(line);
    };
    const onAbort = () => done(undefined);
    rl.once('line', (line) => done(line));
    rl.once('close', () => done(undefined));
    ctx.signal.addEventListener('abort', onAbort, { once: true });
  });
}
