// What a plan changes, counted per resource: a replacement (two actions) counts once.
import type { Action, Op, Plan } from '../../planner/types.js';

/** Terraform's symbols. */
export const SYMBOL: Record<Op, string> = { create: '+', update: '~', delete: '-', replace: '-/+' };

/** The delete halves of replacements (`replacedBy` naming a create half in the list), mapped to that create half's id. */
export function foldedHalves(actions: readonly { id: string; replacedBy?: string }[]): Map<string, string> {
  const ids = new Set(actions.map((a) => a.id));
  return new Map(actions.filter((a) => a.replacedBy !== undefined && ids.has(a.replacedBy)).map((a) => [a.id, a.replacedBy!]));
}

/** The actions a human sees: a replacement's delete half (`replacedBy`) folds into its create half. */
export function visibleActions(p: Plan): { action: Action; deleteHalf?: Action }[] {
  const folded = foldedHalves(p.actions);
  const byId = new Map(p.actions.map((a) => [a.id, a]));
  const halfOf = new Map([...folded].map(([half, base]) => [base, byId.get(half)!]));
  return p.actions.filter((a) => !folded.has(a.id)).map((a) => ({ action: a, deleteHalf: halfOf.get(a.id) }));
}

/** Counts of add / change / replace / destroy. */
export function countChanges(p: Plan): { add: number; change: number; replace: number; destroy: number; total: number } {
  const c = { add: 0, change: 0, replace: 0, destroy: 0, total: 0 };
  for (const { action } of visibleActions(p)) {
    if (action.op === 'create') c.add++;
    else if (action.op === 'update') c.change++;
    else if (action.op === 'replace') c.replace++;
    else c.destroy++;
    c.total++;
  }
  return c;
}

/** The summary line. */
export function summaryLine(p: Plan): string {
  const c = countChanges(p);
  if (c.total === 0) return 'No changes. The host matches kleene.yaml.';
  return `Plan: ${c.add} to add, ${c.change} to change, ${c.replace} to replace, ${c.destroy} to destroy.`;
}

/** "3 to create, 1 to remove": the plan's changes (countChanges: a replacement counts once, as `klee plan` says), in a fixed order. */
export function planCounts(plan: Plan): string {
  const c = countChanges(plan);
  const parts: [number, string][] = [[c.add, 'to create'], [c.change, 'to update'], [c.replace, 'to replace'], [c.destroy, 'to remove']];
  return parts.filter(([n]) => n > 0).map(([n, words]) => `${n} ${words}`).join(', ');
}
