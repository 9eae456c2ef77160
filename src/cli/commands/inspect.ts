// `klee inspect`: its arguments.
import type { CommandDef } from './types.js';

/** Definition of `klee inspect`. */
export const inspect: CommandDef = {
  name: 'inspect',
  description: 'a network or container as JSON, read live from the host',
  args: [{ name: '<name>', description: 'network or container name', complete: 'resources' }],
  load: () => import('../inspect.js'),
};
