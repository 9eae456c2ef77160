// Turn a failed CommandResult into the one message shape users see: the command, its exit code, what FreeBSD said.
import type { CommandResult } from './types.js';
import { UserError } from '../errors.js';
import { shJoin } from './quote.js';

/** A UserError quoting the command (shell-quoted argv), its exit code and its stderr (or stdout when stderr is empty). */
export function commandError(result: CommandResult, what?: string): UserError {
  const said = (result.stderr.trim() || result.stdout.trim()).split('\n').slice(0, 20).join('\n');
  const head = `${what ? `${what}: ` : ''}\`${shJoin(result.argv)}\` failed (exit ${result.exitCode})`;
  return new UserError(said ? `${head}: ${said}` : head, undefined, 1, { command: [...result.argv] });
}
