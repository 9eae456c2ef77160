// The plan's action graph as a picture (`klee plan --graph`, terraform graph's habit): one node per action with its
// symbol, resource, name and reason; an edge from each action to those it waits for. Pure.
import type { Plan } from '../../planner/types.js';
import type { Picture } from './picture.js';
import { SYMBOL } from './plan-summary.js';

/** The picture of a plan (an empty plan is a picture with no nodes). */
export function planPicture(p: Plan): Picture {
  return {
    title: `klee plan ${p.project} on ${p.host}`,
    nodes: p.actions.map((a) => ({ id: a.id, kind: 'action' as const, lines: [`${SYMBOL[a.op]} ${a.resource} ${a.name}${a.replacedBy !== undefined ? ' (delete half)' : ''}`, a.reason] })),
    edges: p.actions.flatMap((a) => a.after.map((b) => ({ from: b, to: a.id, dashed: true }))),
  };
}
