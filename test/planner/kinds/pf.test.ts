// The pf kind: the project's anchor loaded when its rules' hash differs from the host's, flushed when none are needed.
import { describe, expect, it } from 'vitest';
import type { HostState } from '../../../src/host/types.js';
import { planPf } from '../../../src/planner/kinds/pf.js';
import type { Spec } from '../../../src/spec/types.js';
import { freshHost, net, spec } from '../builders.js';
import { converged, upToContainers } from './world.js';

const P = 'proj';
const rules = spec(P, [net('lo', { subnet: '10.2.3.0/24' })], []);
const none = spec(P, [], []);
const run = (s: Spec, h: HostState, down = false) => {
  const u = upToContainers(s, h, down);
  return planPf(u.want, u.obs, u.networks.resolved, u.desired, { containers: [], networks: [] });
};
const loaded = () => { const h = freshHost(); h.pf.projects = [P]; h.pf.projectHash = 'f00'; return h; };

describe('planPf', () => {
  const cases: [string, Spec, () => HostState | Promise<HostState>, [string, string, string[][]] | undefined, boolean?][] = [
    ['rules and none loaded: loaded', rules, freshHost, ['create', 'not on host', [['pfctl', '-a', 'klee/proj', '-f', '-']]]],
    ['the same rules loaded: nothing', rules, () => converged(rules), undefined],
    ['other rules loaded: loaded again', rules, loaded, ['update', 'rules changed', [['pfctl', '-a', 'klee/proj', '-f', '-']]]],
    ['no rules needed and none loaded: nothing', none, freshHost, undefined],
    ['no rules needed but some loaded: flushed', none, loaded, ['delete', 'no rules in file', [['pfctl', '-a', 'klee/proj', '-F', 'all']]]],
    ['down: flushed, for the reason down', none, loaded, ['delete', 'down', [['pfctl', '-a', 'klee/proj', '-F', 'all']]], true],
  ];
  for (const [name, s, h, want, down] of cases) {
    it(name, async () => {
      const a = run(s, await h(), down).action;
      expect(a && [a.op, a.reason, a.commands.map((c) => c.argv)]).toEqual(want);
    });
  }

  it('the anchor hooks missing are a problem about pf; pf not queried or disabled are warnings', async () => {
    const h = freshHost();
    h.pf.hooks = { nat: true, rdr: true, filter: false };
    expect(run(rules, h).problems.map((p) => [p.resource, p.message.split(' (')[0]])).toEqual([['pf', 'pf: the main ruleset does not call klee\'s anchors']]);
    h.pf.enabled = null;
    expect(run(rules, h).warnings).toEqual(['pf could not be queried (not root, or pf not loaded): its anchor hooks were not checked']);
    h.pf.enabled = false;
    h.pf.hooks.filter = true;
    expect(run(rules, h).warnings).toEqual(['pf is disabled: klee loads its rules but they take effect only after `pfctl -e`']);
  });

  it('counts the NAT rules (the sysctl kind needs them)', async () => {
    expect(run(spec(P, [net('lo', { subnet: '10.2.3.0/24', nat: true })], []), freshHost()).natRules).toBe(1);
    expect(run(rules, freshHost()).natRules).toBe(0);
  });
});
