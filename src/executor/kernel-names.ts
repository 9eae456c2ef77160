// The executor's side of kernel-chosen names (src/planner/kernel-names.ts): a command's references filled in before it
// runs, the name it prints taken once it succeeded, and its undo filled in then (it may name what it just made).
import { fillNameRefs, readKernelName } from '../planner/kernel-names.js';
import type { PlannedCommand } from '../planner/types.js';
import { hostText } from '../host/quote.js';

/** The command's argv and stdin with the names known so far; its undo is resolved after it ran (resolveUndo). */
export function resolveArgs(cmd: PlannedCommand, names: ReadonlyMap<string, string>): PlannedCommand {
  return { argv: cmd.argv.map((a) => fillNameRefs(a, names)), ...(cmd.stdin !== undefined ? { stdin: fillNameRefs(cmd.stdin, names) } : {}) };
}

/** Record the name a successful command printed; returns why it cannot be used, or undefined when all is well. */
export function takeName(cmd: PlannedCommand, stdout: string, names: Map<string, string>): string | undefined {
  if (!cmd.prints) return undefined;
  const name = readKernelName(stdout, cmd.prints);
  if (name === undefined) {
    return `printed ${hostText(stdout.trim())}, not the name of the interface it made (expected a name ending in "${cmd.prints.suffix}"); it may be left on the host`;
  }
  names.set(cmd.prints.key, name);
  return undefined;
}

/** The command as it ran (resolved argv), with its undo, and the undo's stdin, filled in from the names known now. */
export function resolveUndo(run: PlannedCommand, cmd: PlannedCommand, names: ReadonlyMap<string, string>): PlannedCommand {
  if (!cmd.undo) return run;
  const undoStdin = cmd.undoStdin === undefined ? {} : { undoStdin: fillNameRefs(cmd.undoStdin, names) };
  return { ...run, undo: cmd.undo.map((argv) => argv.map((a) => fillNameRefs(a, names))), ...undoStdin };
}
