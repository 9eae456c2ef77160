// Names that are members of Object.prototype (issue 14.13), end to end: a project whose networks and containers are
// called constructor, toString, valueOf, hasOwnProperty goes up, converges, answers ps, exec and logs, and comes down
// to a fresh host, like any other names; unknown ones given on the command line are unknown, never an internal error.
import { describe, expect, it } from 'vitest';
import { freshState } from '../e2e/helpers.js';
import { sandboxWith } from './harness.js';
import { downToFresh, upConverges } from './lifecycle.js';

const TEXT = `name: proto
networks:
  constructor: { type: bridge, subnet: 10.77.0.0/24 }
  valueOf: { subnet: 10.77.1.0/24 }
containers:
  toString:
    path: /jails/toString
    driver: vnet
    networks: [constructor]
  hasOwnProperty:
    path: /jails/hasOwnProperty
    networks: { valueOf: { ip: 10.77.1.5 } }
    depends_on: [toString]
    env: { constructor: x, __defineGetter__: y }
`;

describe('hostile names: Object.prototype\'s members as names, end to end', () => {
  it('up, plan, ps, exec, logs, down: like any other names', async () => {
    const fresh = await freshState();
    const box = sandboxWith(TEXT);
    try {
      const h = ['-H', box.host()];
      await upConverges(box, TEXT, 'up', fresh);
      const ps = JSON.parse((await box.klee(['ps', '--json', ...h])).stdout) as { name: string; state: string; networks: { network: string; ip: string | null }[] }[];
      expect(ps.map((r) => [r.name, r.state, r.networks.map((n) => `${n.network} ${n.ip}`)])).toEqual([
        ['hasOwnProperty', 'running', ['valueOf 10.77.1.5']], ['toString', 'running', ['constructor 10.77.0.2']],
      ]);
      expect((await box.klee(['exec', ...h, 'toString', 'hostname'])).stdout).toBe('toString\n');
      expect((await box.klee(['logs', ...h, 'hasOwnProperty'])).code).toBe(0);
      for (const n of ['constructor', '__proto__', 'valueOf']) {
        const r = await box.klee(['exec', ...h, n, 'hostname']);
        expect([r.code, r.stderr.split('\n')[0]], n).toEqual([1, expect.stringMatching(new RegExp(`^klee: .*${n}`))]);
        expect(r.stderr, n).not.toMatch(/^ {4}at /m);
      }
      await downToFresh(box, 'down', fresh);
    } finally {
      box.remove();
    }
  });
});
