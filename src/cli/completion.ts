// `klee completion SHELL`: print the completion script for bash, zsh or fish, generated from the command definitions.
import type { CliContext } from './context.js';
import { UserError } from '../errors.js';
import { COMMANDS } from './commands/index.js';
import { SHELLS } from './commands/completion.js';
import { globalsFor } from './globals.js';
import { completionScript, type Shell } from './views/completion-script.js';

/** Print the script; an unknown shell is a UserError naming the supported ones. */
export async function run(ctx: CliContext, shell: string): Promise<number> {
  if (!(SHELLS as readonly string[]).includes(shell)) throw new UserError(`no completion for shell "${shell}": use one of ${SHELLS.join(', ')}`);
  ctx.io.stdout.write(completionScript(shell as Shell, COMMANDS, globalsFor));
  return 0;
}
