// Reversing commands that succeeded: each command's `undo` argvs, last command first.
import type { Host } from '../host/types.js';
import { shJoin } from '../host/quote.js';
import { safeRun } from './safe-run.js';
import type { PlannedCommand } from '../planner/types.js';
import type { ExecEvent, UndoEvent } from './events.js';

/** What could not be reversed, for the run's summary. */
export interface Leftover {
  id: string;
  argv: string[];
  reason: string;
}

/** Undo `done` (the commands of action `id` that succeeded, in run order) in reverse; returns what was left behind. */
export async function undoCommands(
  host: Host,
  id: string,
  done: readonly PlannedCommand[],
  why: UndoEvent['why'],
  emit: (e: ExecEvent) => void,
): Promise<Leftover[]> {
  const leftovers: Leftover[] = [];
  for (const cmd of [...done].reverse()) {
    if (!cmd.undo || cmd.undo.length === 0) {
      emit({ event: 'undo', id, why, of: cmd.argv, possible: false, ok: false });
      leftovers.push({ id, argv: cmd.argv, reason: 'cannot be undone' });
      continue;
    }
    for (const argv of cmd.undo) {
      const r = await safeRun(host, argv, cmd.undoStdin);
      const ok = r.exitCode === 0;
      emit({ event: 'undo', id, why, of: cmd.argv, argv, possible: true, ok, exitCode: r.exitCode, ...(ok ? {} : { stderr: r.stderr.trim() }) });
      if (!ok) leftovers.push({ id, argv: cmd.argv, reason: `undo \`${shJoin(argv)}\` failed (exit ${r.exitCode}): ${r.stderr.trim()}` });
    }
  }
  return leftovers;
}
