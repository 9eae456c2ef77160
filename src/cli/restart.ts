// `klee restart [SERVICE...]` (compose's restart): see lifecycle.ts.
import type { CliContext } from './context.js';
import { runLifecycle } from './lifecycle.js';

/** Restart the named containers' programs (all when none is named). */
export function run(ctx: CliContext, services: string[] = [], opts: { parallel?: number } = {}): Promise<number> {
  return runLifecycle(ctx, 'restart', services, opts);
}
