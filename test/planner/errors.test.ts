// PlanError: every problem at once, each with the resource it is about; the messages sorted, each once.
import { expect, it } from 'vitest';
import { PlanError } from '../../src/planner/errors.js';
import { plan } from '../../src/planner/plan.js';
import { ctr, freshHost, iface, net, spec } from './builders.js';

it('a collision, a missing custom interface and a full subnet, each about its resource', () => {
  const h = freshHost();
  h.interfaces.push(iface('kleene3', { kind: 'loopback', description: 'mine' }));
  const s = spec('p', [net('a', { interface: 'kleene3' }), net('c', { type: 'custom', interface: 'em9' }), net('t', { subnet: '10.9.9.0/30' })],
    ['x', 'y', 'z'].map((n) => ctr('p', n, { networks: [{ network: 't' }] })));
  let err: unknown;
  try { plan(s, h, { host: 'test' }); } catch (e) { err = e; }
  expect(err).toBeInstanceOf(PlanError);
  const e = err as PlanError;
  expect(e.details.map((d) => d.resource).sort()).toEqual(['container:z', 'network:a', 'network:c']);
  expect(e.problems).toEqual([...e.problems].sort());
  expect(e.problems.map((p) => p.split(':')[0])).toEqual(['network "a"', 'network "c"', 'network "t"']);
  expect(new PlanError([{ resource: 'host', message: 'x' }, { resource: 'pf', message: 'x' }]).problems).toEqual(['x']);
});
