// `klee up [SERVICE...]`: probe the host, plan, show the plan summary and apply it under the project's lock (or print
// it as a script); with --wait, then wait until every container is running and, with a healthcheck, healthy;
// `--plan FILE` applies a saved plan instead, once the file and the host are checked unchanged.
import type { CliContext } from './context.js';
import { UserError } from '../errors.js';
import type { Host } from '../host/types.js';
import type { Spec } from '../spec/types.js';
import type { NormDoc } from '../spec/normalized.js';
import type { Plan } from '../planner/types.js';
import { requireSpec } from './load-spec.js';
import { openHost, refuseReadOnly } from '../host/open.js';
import { planOnHost, probeFor } from './plan-host.js';
import { lockOwner, withProjectLock } from '../executor/lock.js';
import { onlyServices, ordered, waitActions, withDependencies } from '../planner/lifecycle.js';
import { applyPlan } from './views/progress-run.js';
import type { ExecResult } from '../executor/events.js';
import { programLog } from '../host/program.js';
import { waited } from '../planner/kinds/service.js';
import { planScript } from './views/script.js';
import { fileFingerprint, hostFingerprint } from './fingerprint.js';
import { checkSaved, readSavedPlan, type SavedPlan } from './saved-plan.js';

/** Options of `klee up`. */
export interface UpOptions {
  dryRun?: boolean;
  parallel?: number;
  atomic?: boolean;
  wait?: boolean;
  /** Seconds (parsed from --wait-timeout). */
  waitTimeout?: number;
  /** A saved plan (`klee plan -o FILE`) to apply instead of planning now. */
  plan?: string;
  /** Also remove the project's containers and networks the file does not have. */
  removeOrphans?: boolean;
  /** Apply without asking (-y/--yes). */
  yes?: boolean;
}

/** For each container whose wait failed, the last lines of its program's log (compose's `--wait` names the container). */
async function lastLogLines(host: Host, spec: Spec, r: ExecResult): Promise<string[]> {
  const out: string[] = [];
  for (const c of spec.containers) {
    if (!r.failures.some((f) => waited(f.id) === c.name) || !c.supervised) continue;
    const tail = await host.run(['jexec', c.jailName, 'tail', '-n', '5', programLog(c.jailName)]);
    if (tail.exitCode === 0 && tail.stdout.trim()) out.push(`last lines of the log of ${c.name}:`, ...tail.stdout.trimEnd().split('\n').map((l) => `    ${l}`));
  }
  return out;
}

/** Converge the host to the file; 0 ok (or nothing to do), 1 failed, 130 interrupted. */
export async function run(ctx: CliContext, services: string[] = [], opts: UpOptions = {}): Promise<number> {
  // A saved plan is applied whole (terraform's apply PLANFILE takes no -target): naming services would change it.
  if (opts.plan !== undefined && services.length) throw new UserError(`klee up --plan applies the saved plan whole: it takes no SERVICE (got ${services.join(' ')})`, 'make a plan of the whole project with `klee plan -o FILE`, or run `klee up SERVICE...` without --plan');
  const saved = opts.plan !== undefined ? readSavedPlan(opts.plan) : undefined;
  const { spec, normalized } = await requireSpec(ctx);
  if (saved) checkSaved(saved, opts.plan!, { project: spec.project, file: fileFingerprint(normalized, spec.project) });
  const host = await openHost(ctx.host);
  try {
    if (!opts.dryRun) refuseReadOnly(host, 'up');
    const planFor = saved ? () => checkedSavedPlan(ctx, host, spec, normalized, saved, opts.plan!)
      : async () => onlyServices((await planOnHost(host, spec, ctx.signal, { removeOrphans: opts.removeOrphans })).plan, spec, services);
    if (opts.dryRun) {
      ctx.io.stdout.write(planScript(await planFor(), 'up'));
      return 0;
    }
    // Planned (or checked) under the lock, so that nothing changes the project between the plan and its apply.
    return await withProjectLock(host, spec.project, lockOwner('up'), async () => {
      const plan = await planFor();
      if (opts.wait) {
        const chosen = [...withDependencies(spec, services.length ? services : spec.containers.map((c) => c.name))];
        plan.actions = ordered([...plan.actions, ...waitActions(spec, plan, chosen, opts.waitTimeout)]);
      }
      return applyPlan(ctx, host, plan, 'up', { parallel: opts.parallel, atomic: opts.atomic, yes: opts.yes, explain: (r) => lastLogLines(host, spec, r) });
    });
  } finally {
    await host.close();
  }
}

/** The saved plan, once the host is probed and found as it was when the plan was made (else a UserError naming what changed). */
async function checkedSavedPlan(ctx: CliContext, host: Host, spec: Spec, normalized: NormDoc, saved: SavedPlan, path: string): Promise<Plan> {
  const state = await probeFor(host, spec, ctx.signal, { removeOrphans: saved.removeOrphans });
  checkSaved(saved, path, { project: spec.project, file: fileFingerprint(normalized, spec.project), host: hostFingerprint(state) });
  return { ...saved.plan, host: host.uri };
}
