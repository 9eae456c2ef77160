// `klee plan`: its options.
import type { CommandDef } from './types.js';
import { GRAPH_FORMATS } from '../views/picture.js';

/** Definition of `klee plan`. */
export const plan: CommandDef = {
  name: 'plan',
  description: 'show what `up` would change on the host, and why',
  options: [
    { flags: '--commands', description: 'show the exact commands under each action' },
    { flags: '--detailed-exitcode', description: 'exit 0 no changes, 1 error, 2 changes' },
    { flags: '--remove-orphans', description: "plan as `up --remove-orphans`: also remove the project's containers and networks the file does not have" },
    { flags: '-o, --out <file>', description: 'save the plan, with fingerprints of the file and the host, for `klee up --plan FILE`' },
    { flags: '--format <format>', description: 'text (default), or nagios: one line, exit 0 OK, 1 WARNING (drift), 3 UNKNOWN (no plan)', choices: ['text', 'nagios'] },
    { flags: '--graph [format]', description: 'print the plan\'s action graph instead: dot (default) or mermaid', choices: [...GRAPH_FORMATS] },
  ],
  load: () => import('../plan.js'),
};
