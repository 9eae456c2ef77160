// Ordering the plan: drop edges to absent actions, then a deterministic topological order (cycles are planner bugs).
import type { Action } from './types.js';

/** Rank of an action in the canonical order: deletes (reverse of creation) first, then creates. */
function rank(a: Action): number {
  const del = a.op === 'delete' || a.id.endsWith(':delete');
  const order = ['pf', 'container', 'dataset', 'address', 'epair', 'gateway', 'network'];
  if (del) return order.indexOf(a.resource) >= 0 ? order.indexOf(a.resource) : 7;
  const create = ['sysctl', 'network', 'gateway', 'epair', 'address', 'dataset', 'container', 'pf'];
  return 10 + create.indexOf(a.resource);
}

/** Normalise edges (existing ids only, unique, sorted) and sort actions so each comes after what it needs. */
export function orderActions(actions: Action[]): Action[] {
  const ids = new Set(actions.map((a) => a.id));
  for (const a of actions) a.after = [...new Set(a.after.filter((id) => ids.has(id) && id !== a.id))].sort();
  const key = (a: Action) => `${String(rank(a)).padStart(2, '0')} ${a.id}`;
  const indegree = new Map(actions.map((a) => [a.id, a.after.length]));
  const dependents = new Map<string, Action[]>();
  for (const a of actions) for (const d of a.after) dependents.set(d, [...(dependents.get(d) ?? []), a]);
  // Kahn's algorithm; `ready` stays sorted by key (binary insertion) so the order is deterministic.
  const ready: Action[] = actions.filter((a) => a.after.length === 0).sort((x, y) => cmp(key(x), key(y)));
  const out: Action[] = [];
  while (ready.length > 0) {
    const next = ready.shift()!;
    out.push(next);
    for (const d of dependents.get(next.id) ?? []) {
      const left = indegree.get(d.id)! - 1;
      indegree.set(d.id, left);
      if (left === 0) {
        const k = key(d);
        let lo = 0, hi = ready.length;
        while (lo < hi) { const mid = (lo + hi) >> 1; if (cmp(key(ready[mid]), k) < 0) lo = mid + 1; else hi = mid; }
        ready.splice(lo, 0, d);
      }
    }
  }
  if (out.length !== actions.length) {
    const stuck = actions.filter((a) => !out.includes(a)).map((a) => a.id);
    throw new Error(`planner bug: cycle among ${stuck.join(', ')}`);
  }
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** True when the actions' `after` edges form no cycle (tests). */
export function isAcyclic(actions: Action[]): boolean {
  const byId = new Map(actions.map((a) => [a.id, a]));
  const state = new Map<string, 1 | 2>();
  const visit = (id: string): boolean => {
    const s = state.get(id);
    if (s === 2) return true;
    if (s === 1) return false;
    state.set(id, 1);
    for (const d of byId.get(id)?.after ?? []) if (!visit(d)) return false;
    state.set(id, 2);
    return true;
  };
  return actions.every((a) => visit(a.id));
}
