// `klee exec`: its arguments and options (everything after the container belongs to the command).
import type { CommandDef } from './types.js';

/** Definition of `klee exec`. */
export const exec: CommandDef = {
  name: 'exec',
  description: 'run a command in a container (jexec); `--` before the command is optional',
  args: [
    { name: '<container>', description: 'container name', complete: 'containers' },
    { name: '<command...>', description: 'the command and its arguments' },
  ],
  options: [
    { flags: '-u, --user <user>', description: 'user inside the jail (default: the container user)' },
    { flags: '-T', description: 'do not attach a terminal' },
  ],
  passThrough: true,
  load: () => import('../exec.js'),
};
