// `klee plan`: read the file, probe the host, print what `up` would change and why; `-o FILE` saves it for `up --plan`.
import type { CliContext } from './context.js';
import { requireSpec } from './load-spec.js';
import { openHost } from '../host/open.js';
import { planOnHost } from './plan-host.js';
import { renderPlan } from './views/plan-human.js';
import { planJson } from './views/plan-json.js';
import { countChanges } from './views/plan-summary.js';
import { nagiosLine, nagiosUnknown } from './views/plan-nagios.js';
import { planPicture } from './views/plan-picture.js';
import { renderPicture, type GraphFormat } from './views/picture.js';
import { fileFingerprint, hostFingerprint } from './fingerprint.js';
import { writeSavedPlan } from './saved-plan.js';

/** Options of `klee plan`. */
export interface PlanCliOptions {
  commands?: boolean;
  detailedExitcode?: boolean;
  /** The action graph instead of the plan: true (dot) or the format. */
  graph?: true | GraphFormat;
  /** Save the plan, with the fingerprints of the file and the host, for `klee up --plan`. */
  out?: string;
  /** Plan as `up --remove-orphans`. */
  removeOrphans?: boolean;
  /** `nagios`: one line and the Nagios plugin API's exit code (views/plan-nagios.ts). */
  format?: 'text' | 'nagios';
}

/** Exit 0 (or 2 with --detailed-exitcode when there are changes); errors are UserErrors (exit 1). */
export async function run(ctx: CliContext, opts: PlanCliOptions = {}): Promise<number> {
  if (opts.format === 'nagios') return nagios(ctx, opts);
  const { spec, normalized, shownAs } = await requireSpec(ctx);
  const host = await openHost(ctx.host);
  let p;
  try {
    p = await planOnHost(host, spec, ctx.signal, { removeOrphans: opts.removeOrphans });
  } finally {
    await host.close();
  }
  const { plan } = p;
  if (opts.out) {
    writeSavedPlan(opts.out, {
      project: plan.project, host: plan.host, file: shownAs, plan, ...(opts.removeOrphans ? { removeOrphans: true as const } : {}),
      fingerprints: { file: fileFingerprint(normalized, spec.project), host: hostFingerprint(p.state) },
    });
  }
  if (opts.graph) ctx.io.stdout.write(renderPicture(planPicture(plan), opts.graph === true ? 'dot' : opts.graph));
  else if (ctx.json) ctx.io.stdout.write(`${JSON.stringify(planJson(plan), null, 2)}\n`);
  else {
    for (const w of plan.warnings) ctx.io.stderr.write(`warning: ${w}\n`);
    ctx.io.stdout.write(renderPlan(plan, { commands: Boolean(opts.commands), color: ctx.color }));
    if (opts.out) ctx.io.stdout.write(`\nSaved the plan to ${opts.out}: apply exactly it with \`klee up --plan ${opts.out}\`.\n`);
  }
  return opts.detailedExitcode && countChanges(plan).total > 0 ? 2 : 0;
}

/** `--format nagios`: every failure is the UNKNOWN line (a monitoring system reads stdout and the code, never a trace). */
async function nagios(ctx: CliContext, opts: PlanCliOptions): Promise<number> {
  const quiet = { ...ctx, io: { ...ctx.io, stderr: { write: () => true } } };
  let r;
  try {
    const { spec } = await requireSpec(quiet);
    const host = await openHost(ctx.host);
    try {
      r = nagiosLine((await planOnHost(host, spec, ctx.signal, { removeOrphans: opts.removeOrphans })).plan);
    } finally {
      await host.close();
    }
  } catch (e) {
    r = nagiosUnknown((e as Error).message);
  }
  ctx.io.stdout.write(`${r.line}\n`);
  return r.code;
}
