// `klee stop [SERVICE...]` (compose's stop): see lifecycle.ts.
import type { CliContext } from './context.js';
import { runLifecycle } from './lifecycle.js';

/** Stop the named containers' programs (all when none is named). */
export function run(ctx: CliContext, services: string[] = [], opts: { parallel?: number } = {}): Promise<number> {
  return runLifecycle(ctx, 'stop', services, opts);
}
