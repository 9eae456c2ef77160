// `klee watch`: its options.
import type { CommandDef } from './types.js';
import { durationSeconds } from './parse.js';

/** Definition of `klee watch`. */
export const watch: CommandDef = {
  name: 'watch',
  description: 'keep the host converged: a pass (probe, plan, apply) every interval, on a file change and on SIGHUP; restart unhealthy containers',
  options: [
    { flags: '--interval <duration>', description: 'time between passes (default 30s)', parse: durationSeconds },
    { flags: '--remove-orphans', description: "each pass also removes the project's containers and networks the file does not have (orphans), without asking" },
  ],
  load: () => import('../watch.js'),
};
