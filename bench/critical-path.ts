// The plan's critical path: the heaviest chain of dependent actions, weighted by their command counts.
import type { Plan } from '../src/planner/types.js';

/** Commands on the heaviest dependency chain, and the chain's action ids (first to last). */
export function criticalPath(p: Plan): { commands: number; chain: string[] } {
  const byId = new Map(p.actions.map((a) => [a.id, a]));
  const best = new Map<string, { w: number; prev?: string }>();
  const visit = (id: string): number => {
    const hit = best.get(id);
    if (hit) return hit.w;
    const a = byId.get(id)!;
    let w = 0;
    let prev: string | undefined;
    for (const d of a.after) {
      const x = visit(d);
      if (x > w) { w = x; prev = d; }
    }
    best.set(id, { w: w + a.commands.length, prev });
    return w + a.commands.length;
  };
  let end = '';
  let max = -1;
  for (const a of p.actions) if (visit(a.id) > max) { max = visit(a.id); end = a.id; }
  const chain: string[] = [];
  for (let id: string | undefined = end; id; id = best.get(id)?.prev) chain.unshift(id);
  return { commands: Math.max(0, max), chain };
}

/** Every command of the plan. */
export function commandCount(p: Plan): number {
  return p.actions.reduce((n, a) => n + a.commands.length, 0);
}
