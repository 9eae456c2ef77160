// `klee completion`: its argument.
import type { CommandDef } from './types.js';

/** The shells `klee completion` writes scripts for. */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;

/** Definition of `klee completion`. */
export const completion: CommandDef = {
  name: 'completion',
  description: 'print a shell completion script (bash, zsh or fish), generated from these command definitions',
  args: [{ name: '<shell>', description: SHELLS.join(', '), complete: [...SHELLS] }],
  load: () => import('../completion.js'),
};
