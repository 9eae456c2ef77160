// `klee start [SERVICE...]` (compose's start): see lifecycle.ts.
import type { CliContext } from './context.js';
import { runLifecycle } from './lifecycle.js';

/** Start the named containers' programs (all when none is named). */
export function run(ctx: CliContext, services: string[] = [], opts: { parallel?: number } = {}): Promise<number> {
  return runLifecycle(ctx, 'start', services, opts);
}
