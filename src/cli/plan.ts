// `klee plan`: read the file, probe the host, print what `up` would change and why.
import type { CliContext } from './context.js';
import { requireSpec } from './load-spec.js';
import { openHost } from '../host/open.js';
import { planOnHost } from './plan-host.js';
import { renderPlan } from './views/plan-human.js';
import { planJson } from './views/plan-json.js';
import { countChanges } from './views/plan-summary.js';
import { planPicture } from './views/plan-picture.js';
import { renderPicture, type GraphFormat } from './views/picture.js';

/** Options of `klee plan`. */
export interface PlanCliOptions {
  commands?: boolean;
  detailedExitcode?: boolean;
  /** The action graph instead of the plan: true (dot) or the format. */
  graph?: true | GraphFormat;
}

/** Exit 0 (or 2 with --detailed-exitcode when there are changes); errors are UserErrors (exit 1). */
export async function run(ctx: CliContext, opts: PlanCliOptions = {}): Promise<number> {
  const { spec } = await requireSpec(ctx);
  const host = await openHost(ctx.host);
  let p;
  try {
    p = await planOnHost(host, spec, ctx.signal);
  } finally {
    await host.close();
  }
  if (opts.graph) ctx.io.stdout.write(renderPicture(planPicture(p), opts.graph === true ? 'dot' : opts.graph));
  else if (ctx.json) ctx.io.stdout.write(`${JSON.stringify(planJson(p), null, 2)}\n`);
  else {
    for (const w of p.warnings) ctx.io.stderr.write(`warning: ${w}\n`);
    ctx.io.stdout.write(renderPlan(p, { commands: Boolean(opts.commands), color: ctx.color }));
  }
  return opts.detailedExitcode && countChanges(p).total > 0 ? 2 : 0;
}
