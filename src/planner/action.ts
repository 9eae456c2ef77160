// Building an action: what a kind decided and why, with no edges yet (the ordering rules add them, rules/ordering.ts).
import { reasonText, type Reason } from './reason.js';
import type { Action } from './types.js';

/** What a kind gives to make one action: the action without its edges, its reasons as codes and texts. */
export type ActionInput = Omit<Action, 'after' | 'reason'> & { why: readonly Reason[] };

/** The action, its fields always in the same order (the order of `klee plan --json`). */
export function action(a: ActionInput): Action {
  const out: Action = { id: a.id, op: a.op, resource: a.resource, name: a.name, reason: reasonText(a.why), after: [], commands: a.commands, facts: a.facts };
  if (a.replacedBy !== undefined) out.replacedBy = a.replacedBy;
  if (a.destroysData !== undefined) out.destroysData = a.destroysData;
  return out;
}
