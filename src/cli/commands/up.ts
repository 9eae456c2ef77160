// `klee up [SERVICE...]`: its arguments and options.
import type { CommandDef } from './types.js';
import { durationSeconds, positiveInt } from './parse.js';

/** Definition of `klee up`. */
export const up: CommandDef = {
  name: 'up',
  description: 'plan and apply: create and update everything the file declares',
  args: [{ name: '[service...]', description: 'only these containers and what they depend on', complete: 'containers' }],
  options: [
    { flags: '--dry-run', description: 'print the plan as a POSIX shell script and change nothing' },
    { flags: '--parallel <n>', description: "actions run at once (default: the host's bound, 256; 1 = strictly sequential)", parse: positiveInt },
    { flags: '--atomic', description: 'on failure, also undo everything this run created' },
    { flags: '--wait', description: 'return when every container is running and, with a healthcheck, healthy' },
    { flags: '--wait-timeout <duration>', description: 'give up waiting after this long (e.g. 60s, 5m)', parse: durationSeconds },
    { flags: '--remove-orphans', description: "also remove the project's containers and networks the file does not have (orphans)" },
    { flags: '-y, --yes', description: 'apply without asking, also when the plan destroys or replaces something' },
    { flags: '--plan <file>', description: 'apply exactly this saved plan (`klee plan -o FILE`); refused when the file or the host changed since' },
  ],
  load: () => import('../up.js'),
};
