// `klee logs`: its arguments and options (-f is follow, as in compose: the file is --file here).
import type { CommandDef } from './types.js';
import { positiveInt } from './parse.js';

/** Definition of `klee logs`. */
export const logs: CommandDef = {
  name: 'logs',
  description: "a container's output: its supervised program's log, or the thin VM's console log",
  args: [{ name: '<container>', description: 'container name', complete: 'containers' }],
  options: [
    { flags: '-f, --follow', description: 'keep printing as the log grows' },
    { flags: '-n, --lines <n>', description: 'last N lines', parse: positiveInt },
    { flags: '--tail <n>', description: "last N lines (compose's name for -n)", parse: positiveInt },
    { flags: '--timestamps', description: 'show timestamps (refused: daemon(8) writes none)' },
  ],
  fileLongOnly: true,
  load: () => import('../logs.js'),
};
