// `klee probe`: its options.
import type { CommandDef } from './types.js';

/** Definition of `klee probe`. */
export const probe: CommandDef = {
  name: 'probe',
  description: 'what klee sees on the host: its projects, and foreign interfaces and jails',
  options: [
    { flags: '--save <path>', description: 'record the raw probe as a snapshot for `-H snapshot:PATH`' },
  ],
  load: () => import('../probe.js'),
};
