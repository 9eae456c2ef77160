// `klee start|stop|restart [SERVICE...]`: act on the containers' programs, keeping their jails and networks, under
// the project's lock, with the same views as `up`.
import type { CliContext } from './context.js';
import { requireSpec } from './load-spec.js';
import { openHost, refuseReadOnly } from '../host/open.js';
import { probe } from '../host/probe.js';
import { lockOwner, withProjectLock } from '../executor/lock.js';
import { planRestart, planStart, planStop } from '../planner/lifecycle.js';
import { applyPlan } from './views/progress-run.js';

/** The three commands and their plans. */
const PLANS = { start: planStart, stop: planStop, restart: planRestart };

/** Run `klee <verb> [SERVICE...]`; 0 ok (also nothing to do), 1 failed, 130 interrupted. */
export async function runLifecycle(ctx: CliContext, verb: keyof typeof PLANS, services: string[], opts: { parallel?: number }): Promise<number> {
  const { spec } = await requireSpec(ctx);
  const host = await openHost(ctx.host);
  try {
    refuseReadOnly(host, verb);
    return await withProjectLock(host, spec.project, lockOwner(verb), async () => {
      const state = await probe(host, { project: spec.project, zfs: false, signal: ctx.signal });
      return applyPlan(ctx, host, PLANS[verb](spec, state, services, host.uri), verb, { parallel: opts.parallel });
    });
  } finally {
    await host.close();
  }
}
