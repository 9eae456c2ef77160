// `klee start|stop|restart [SERVICE...]`: their arguments and options (compose's names; one plan each in planner/lifecycle.ts).
import type { CommandDef } from './types.js';
import { positiveInt } from './parse.js';

const services = [{ name: '[service...]', description: 'only these containers (default: all)', complete: 'containers' as const }];
const parallel = [{ flags: '--parallel <n>', description: 'actions run at once', parse: positiveInt }];

/** Definition of `klee start`. */
export const start: CommandDef = {
  name: 'start',
  description: 'start stopped or exited programs again in their jails',
  args: services,
  options: parallel,
  load: () => import('../start.js'),
};

/** Definition of `klee stop`. */
export const stop: CommandDef = {
  name: 'stop',
  description: "stop the containers' programs (stop_signal, then SIGKILL after stop_grace_period); jails and networks stay",
  args: services,
  options: parallel,
  load: () => import('../stop.js'),
};

/** Definition of `klee restart`. */
export const restart: CommandDef = {
  name: 'restart',
  description: 'stop, then start the programs again',
  args: services,
  options: parallel,
  load: () => import('../restart.js'),
};
