// `klee config`: its options.
import type { CommandDef } from './types.js';

/** Definition of `klee config`. */
export const config: CommandDef = {
  name: 'config',
  description: 'print the normalised file (variables interpolated, defaults filled)',
  options: [
    { flags: '--services', description: 'only the container names, one per line' },
    { flags: '--networks', description: 'only the network names, one per line' },
  ],
  load: () => import('../config.js'),
};
