// `klee validate`: its options.
import type { CommandDef } from './types.js';

/** Definition of `klee validate`. */
export const validate: CommandDef = {
  name: 'validate',
  description: 'check the file; exit 0 valid, 1 invalid',
  options: [
    { flags: '--format <format>', description: 'text (default), github or gitlab: diagnostics as CI annotations', choices: ['text', 'github', 'gitlab'] },
  ],
  load: () => import('../validate.js'),
};
