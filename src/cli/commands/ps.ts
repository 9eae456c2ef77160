// `klee ps`: its options.
import type { CommandDef } from './types.js';

/** Definition of `klee ps`. */
export const ps: CommandDef = {
  name: 'ps',
  description: "the project's containers, read live from the host: state, exit code, health",
  options: [
    { flags: '-a, --all', description: 'also containers whose program exited (completed one-shots)' },
    { flags: '-q, --quiet', description: 'only the jail names of the containers that exist, one per line' },
  ],
  load: () => import('../ps.js'),
};
