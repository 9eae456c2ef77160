// PLACEHOLDER until its owner lands it: `klee logs`.
import type { CliContext } from './context.js';
import { UserError } from '../errors.js';

/** Not built yet. */
export async function run(_ctx: CliContext, ..._args: unknown[]): Promise<number> {
  throw new UserError('klee logs is not built yet');
}
