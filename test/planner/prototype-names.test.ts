// Names the file writes that are members of Object.prototype (issue 14.13, the planner's part): every kind looks
// networks, containers, epairs, addresses and dependencies up in Maps, so such names plan, converge and come down like
// any other, and a name the plan does not know (a depends_on the loader would refuse) is unknown, never an inherited
// member.
import { describe, expect, it } from 'vitest';
import { plan, planDown } from '../../src/planner/plan.js';
import { ctr, freshHost, net, spec } from './builders.js';
import { simBox } from './sim-apply.js';

// The members a file's names can spell (names start with a letter or digit: `__proto__` is refused by the loader).
const NAMES = ['constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString'];
const P = 'proto';
const opts = { host: 'test' };

/** One network of each kind and one container of each driver per name, each depending on the one before. */
function file() {
  const nets = NAMES.flatMap((n, i) => [net(n, { type: 'bridge', subnet: `10.${80 + i}.0.0/24` }), net(`${n}_lo`, { subnet: `10.${80 + i}.1.0/24` })]);
  const cs = NAMES.flatMap((n, i) => [
    ctr(P, n, { driver: 'vnet', networks: [{ network: n }], env: { [n]: n }, dependsOn: i ? [NAMES[i - 1]] : [] }),
    ctr(P, `${n}_ip`, { networks: [{ network: `${n}_lo` }], dependsOn: [n] }),
  ]);
  return spec(P, nets, cs);
}

describe('names that are Object.prototype members, in the planner', () => {
  it('plan on a fresh host, apply on the simulator, plan again (empty), down to nothing', async () => {
    const s = file();
    const fresh = plan(s, freshHost(), opts);
    expect(fresh.actions.filter((a) => a.resource === 'container').map((a) => a.name)).toEqual(expect.arrayContaining(NAMES));
    // depends_on edges: each vnet container after the one before it.
    for (const [i, n] of NAMES.entries()) if (i) expect(fresh.actions.find((a) => a.id === `container:${n}`)!.after).toContain(`container:${NAMES[i - 1]}`);
    const sim = simBox(P);
    const h = await sim.apply(plan(s, await sim.state(), opts));
    expect(plan(s, h, opts).actions).toEqual([]);
    const gone = await sim.apply(planDown(P, h, opts));
    expect(planDown(P, gone, opts).actions).toEqual([]);
    expect(gone.jails).toEqual([]);
  });

  it('a depends_on naming a prototype member the file has no container for adds no edge and no error', () => {
    for (const dep of [...NAMES, '__proto__', '__defineGetter__']) {
      const p = plan(spec(P, [], [ctr(P, 'a', { dependsOn: [dep] })]), freshHost(), opts);
      expect(p.actions.map((a) => [a.id, a.after])).toEqual([['container:a', []]]);
    }
  });
});
