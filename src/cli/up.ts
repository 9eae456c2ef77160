// `klee up`: probe the host, plan, show the plan summary and apply it under the project's lock (or print it as a script).
import type { CliContext } from './context.js';
import { requireSpec } from './load-spec.js';
import { openHost } from '../host/open.js';
import { planOnHost } from './plan-host.js';
import { lockOwner, withProjectLock } from '../executor/lock.js';
import { applyPlan } from './views/progress-run.js';
import { planScript } from './views/script.js';

/** Options of `klee up`. */
export interface UpOptions {
  dryRun?: boolean;
  parallel?: number;
  atomic?: boolean;
}

/** Converge the host to the file; 0 ok (or nothing to do), 1 failed, 130 interrupted. */
export async function run(ctx: CliContext, opts: UpOptions = {}): Promise<number> {
  const { spec } = await requireSpec(ctx);
  const host = await openHost(ctx.host);
  try {
    const planFor = () => planOnHost(host, spec, ctx.signal);
    if (opts.dryRun) {
      ctx.io.stdout.write(planScript(await planFor(), 'up'));
      return 0;
    }
    return await withProjectLock(host, spec.project, lockOwner('up'), async () =>
      applyPlan(ctx, host, await planFor(), 'up', { parallel: opts.parallel, atomic: opts.atomic }));
  } finally {
    await host.close();
  }
}
