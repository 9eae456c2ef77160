// The plan's graph: checks that every dependency exists and that there is no cycle, and a stable execution order.
import type { Action } from '../planner/types.js';

/** Dependents of each action id (the reverse of `after`), each listed once even when `after` repeats an id. */
export function dependentsOf(actions: readonly Action[]): Map<string, string[]> {
  const out = new Map<string, string[]>(actions.map((a) => [a.id, []]));
  for (const a of actions) for (const d of new Set(a.after)) out.get(d)?.push(a.id);
  return out;
}

/** Throws when an action depends on an unknown id, ids repeat, or the graph has a cycle (planner bugs). */
export function checkGraph(actions: readonly Action[]): void {
  const ids = new Set<string>();
  for (const a of actions) {
    if (ids.has(a.id)) throw new Error(`plan: duplicate action id "${a.id}"`);
    ids.add(a.id);
  }
  for (const a of actions) {
    for (const d of a.after) if (!ids.has(d)) throw new Error(`plan: action "${a.id}" depends on unknown action "${d}"`);
  }
  const order = topoOrder(actions);
  if (order.length !== actions.length) {
    const ordered = new Set(order.map((a) => a.id));
    const cyclic = actions.filter((a) => !ordered.has(a.id)).map((a) => a.id).sort();
    throw new Error(`plan: dependency cycle among ${cyclic.join(', ')}`);
  }
}

/** Kahn's order, taking the earliest ready action in plan order each time; actions on a cycle are left out. */
export function topoOrder(actions: readonly Action[]): Action[] {
  const index = new Map(actions.map((a, i) => [a.id, i]));
  const missing = actions.map((a) => new Set(a.after.filter((d) => index.has(d))).size);
  const dependents = dependentsOf(actions);
  const ready = actions.map((_, i) => i).filter((i) => missing[i] === 0);
  const order: Action[] = [];
  while (ready.length > 0) {
    ready.sort((x, y) => x - y);
    const a = actions[ready.shift()!];
    order.push(a);
    for (const dep of dependents.get(a.id)!) {
      const j = index.get(dep)!;
      if (--missing[j] === 0) ready.push(j);
    }
  }
  return order;
}
