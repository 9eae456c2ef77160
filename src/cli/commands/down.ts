// `klee down`: its options.
import type { CommandDef } from './types.js';
import { positiveInt } from './parse.js';

/** Definition of `klee down`. */
export const down: CommandDef = {
  name: 'down',
  description: 'remove everything the project owns on the host',
  options: [
    { flags: '--dry-run', description: 'print the commands as a POSIX shell script and change nothing' },
    { flags: '--parallel <n>', description: "actions run at once (default: the host's bound, 256)", parse: positiveInt },
  ],
  load: () => import('../down.js'),
};
