// Hand-made plans for executor tests.
import type { Action, Plan, PlannedCommand } from '../../src/planner/types.js';

/** A command `do <name>` undone by `undo <name>`, or without undo when undoable is false. */
export function cmd(name: string, undoable = true): PlannedCommand {
  return { argv: ['do', name], ...(undoable ? { undo: [['undo', name]] } : {}) };
}

/** An action with the given dependencies and commands (default: one undoable command named after it). */
export function action(id: string, after: string[] = [], commands: PlannedCommand[] = [cmd(id)]): Action {
  return { id, op: 'create', resource: 'network', name: id, reason: 'not on host', after, commands, facts: {} };
}

/** A plan of these actions. */
export function planOf(...actions: Action[]): Plan {
  return { project: 'web', host: 'fake:', actions, warnings: [] };
}
