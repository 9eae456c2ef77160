// `klee down`: its options.
import type { CommandDef } from './types.js';
import { positiveInt } from './parse.js';

/** Definition of `klee down`. */
export const down: CommandDef = {
  name: 'down',
  description: 'remove what the file declares from the host (everything the project owns without a file, or with --remove-orphans)',
  options: [
    { flags: '--dry-run', description: 'print the commands as a POSIX shell script and change nothing' },
    { flags: '--parallel <n>', description: "actions run at once (default: the host's bound, 256)", parse: positiveInt },
    { flags: '--remove-orphans', description: "also remove the project's containers and networks the file does not have (orphans)" },
    { flags: '-y, --yes', description: 'remove without asking' },
  ],
  load: () => import('../down.js'),
};
