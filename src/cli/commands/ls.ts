// `klee ls`: its options.
import type { CommandDef } from './types.js';

/** Definition of `klee ls`. */
export const ls: CommandDef = {
  name: 'ls',
  description: 'the klee projects on the host',
  load: () => import('../ls.js'),
};
