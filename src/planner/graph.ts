// Ordering the plan: a deterministic topological order of the edges the ordering rules added (rules/ordering.ts);
// an edge to an absent action and a cycle are planner bugs.
import { removes, type Action } from './types.js';

/** Rank of an action in the canonical order: deletes (reverse of creation) first, then creates. */
function rank(a: Action): number {
  const del = removes(a);
  const order = ['container', 'pf', 'dataset', 'address', 'epair', 'gateway', 'network'];
  if (del) return order.indexOf(a.resource) >= 0 ? order.indexOf(a.resource) : 7;
  const create = ['sysctl', 'network', 'gateway', 'epair', 'address', 'dataset', 'pf', 'container', 'service'];
  return 10 + create.indexOf(a.resource);
}

/** Normalise edges (unique, sorted) and sort actions so each comes after what it needs. Throws on a duplicate id and on an edge to an absent action. */
export function orderActions(actions: Action[]): Action[] {
  const ids = new Set<string>();
  for (const a of actions) {
    if (ids.has(a.id)) throw new Error(`planner bug: duplicate action id ${a.id}`);
    ids.add(a.id);
  }
  for (const a of actions) {
    for (const id of a.after) if (id === a.id || !ids.has(id)) throw new Error(`planner bug: ${a.id} ordered after ${id === a.id ? 'itself' : `${id}, which the plan does not have`}`);
    a.after = [...new Set(a.after)].sort();
  }
  const keys = new Map(actions.map((a) => [a, `${String(rank(a)).padStart(2, '0')} ${a.id}`]));
  const indegree = new Map(actions.map((a) => [a.id, a.after.length]));
  const dependents = new Map<string, Action[]>();
  for (const a of actions) for (const d of a.after) {
    const list = dependents.get(d);
    if (list) list.push(a);
    else dependents.set(d, [a]);
  }
  // Kahn's algorithm taking the smallest key each time (keys are unique, so the order is deterministic); a binary
  // heap keeps this O(n log n) where a sorted array with shift/splice was quadratic for large plans.
  const ready = new KeyHeap(keys);
  for (const a of actions) if (a.after.length === 0) ready.push(a);
  const out: Action[] = [];
  while (ready.size > 0) {
    const next = ready.pop();
    out.push(next);
    for (const d of dependents.get(next.id) ?? []) {
      const left = indegree.get(d.id)! - 1;
      indegree.set(d.id, left);
      if (left === 0) ready.push(d);
    }
  }
  if (out.length !== actions.length) {
    const stuck = actions.filter((a) => !out.includes(a)).map((a) => a.id);
    throw new Error(`planner bug: cycle among ${stuck.join(', ')}`);
  }
  return out;
}

/** A min-heap of actions by their precomputed key. */
class KeyHeap {
  private readonly h: Action[] = [];
  constructor(private readonly keys: Map<Action, string>) {}
  get size(): number {
    return this.h.length;
  }
  push(a: Action): void {
    const h = this.h;
    h.push(a);
    for (let i = h.length - 1; i > 0;) {
      const p = (i - 1) >> 1;
      if (this.less(h[i], h[p])) { [h[i], h[p]] = [h[p], h[i]]; i = p; } else break;
    }
  }
  pop(): Action {
    const h = this.h;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l], h[m])) m = l;
        if (r < h.length && this.less(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
  private less(a: Action, b: Action): boolean {
    return cmp(this.keys.get(a)!, this.keys.get(b)!) < 0;
  }
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
