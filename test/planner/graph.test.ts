// The plan's order: a topological sort with a fixed tie-break; an edge to an absent action, a duplicate id or a cycle is a planner bug.
import { describe, expect, it } from 'vitest';
import { orderActions } from '../../src/planner/graph.js';
import type { Action } from '../../src/planner/types.js';

const act = (id: string, o: Partial<Action> = {}): Action => ({ id, op: 'create', resource: 'network', name: id, reason: '', after: [], commands: [], facts: {}, ...o });
const ids = (xs: Action[]) => orderActions(xs).map((a) => a.id);

describe('orderActions', () => {
  it('removals first in reverse order of creation (a replacement\'s delete half among them), then creations; pf between containers and the rest', () => {
    expect(ids([
      act('container:a', { resource: 'container' }), act('network:n'), act('network:old', { op: 'delete' }),
      act('container:b:delete', { resource: 'container', op: 'replace', replacedBy: 'container:b' }), act('pf', { resource: 'pf' }),
      act('pf:old', { resource: 'pf', op: 'delete' }),
    ])).toEqual(['container:b:delete', 'pf:old', 'network:old', 'network:n', 'pf', 'container:a']);
  });

  it('an edge wins over the tie-break; edges come out unique and sorted', () => {
    const xs = [act('network:b', { after: ['network:c', 'network:a', 'network:c'] }), act('network:a'), act('network:c')];
    expect(ids(xs)).toEqual(['network:a', 'network:c', 'network:b']);
    expect(xs[0].after).toEqual(['network:a', 'network:c']);
  });

  const bugs: [string, Action[], RegExp][] = [
    ['an edge to an action the plan does not have', [act('network:a', { after: ['network:gone'] })], /planner bug: network:a ordered after network:gone, which the plan does not have/],
    ['an edge to itself', [act('network:a', { after: ['network:a'] })], /planner bug: network:a ordered after itself/],
    ['a duplicate id', [act('network:a'), act('network:a')], /planner bug: duplicate action id network:a/],
    ['a cycle', [act('network:a', { after: ['network:b'] }), act('network:b', { after: ['network:a'] })], /planner bug: cycle among network:a, network:b/],
  ];
  for (const [name, xs, err] of bugs) it(`${name} throws`, () => expect(() => orderActions(xs)).toThrow(err));
});
