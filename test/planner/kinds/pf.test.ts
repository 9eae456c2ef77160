// The pf kind: the project's anchor loaded when its rules' hash differs from the host's, flushed when none are needed.
import { describe, expect, it } from 'vitest';
import { PF_KEYWORDS, lexPf } from '../../../src/host/sim/pf-lex.js';
import { epairGroup } from '../../../src/host/labels.js';
import { parsePfSubnets } from '../../../src/host/parse/pf.js';
import { loadRules } from '../../../src/host/sim/pfctl.js';
import type { HostState } from '../../../src/host/types.js';
import { PlanError } from '../../../src/planner/errors.js';
import { planPf } from '../../../src/planner/kinds/pf.js';
import { plan } from '../../../src/planner/plan.js';
import { isInterfaceName } from '../../../src/spec/ifname.js';
import type { Spec } from '../../../src/spec/types.js';
import { ctr, freshHost, iface, net, spec } from '../builders.js';
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

describe('the anchor is the record of a project\'s subnets (other projects read them: host/parse/pf.ts parsePfSubnets)', () => {
  it('every loopback and bridge subnet, of both families, is read back from the listing pfctl prints; custom ones are not', () => {
    const s = spec(P, [
      net('lo', { subnet: '10.2.3.0/24', subnet6: 'fd00:2::/64', icc: false }), net('br', { type: 'bridge', subnet: '10.4.6.0/24', internal: true, nat: true }),
      net('lan', { type: 'custom', interface: 'em0', subnet: '10.0.2.0/24' }),
    ], []);
    const r = loadRules(plan(s, freshHost(), { host: 't' }).actions.find((a) => a.id === 'pf')!.commands[0].stdin!);
    expect('rules' in r && parsePfSubnets(r.rules.join('\n'))).toEqual(['10.2.3.0/24', '10.4.6.0/24', 'fd00:2::/64']);
  });
});

describe('pf words (issue 14.4): every interface name in a rule is quoted, so a pf keyword is a name', () => {
  // The pf keywords a kleene.yaml can write as an interface name (the others hold '-' and the loader refuses them).
  const words = [...PF_KEYWORDS].filter(isInterfaceName).sort();
  const rulesFor = (bridge: string, out: string) => {
    const h = freshHost();
    h.interfaces.push(iface(out, { kind: 'physical' }));
    const s = spec(P, [net('n', { type: 'bridge', interface: bridge, subnet: '10.88.0.0/24', nat: out }), net('i', { type: 'bridge', subnet: '10.89.0.0/24', nat: out, internal: true })], [
      ctr(P, 'c', { driver: 'vnet', networks: [{ network: 'n' }], ports: [{ interface: out, hostStart: 8080, hostEnd: 8080, containerStart: 80, containerEnd: 80, protocol: 'tcp' }] }),
    ]);
    return plan(s, h, { host: 'sim:/tmp/h.json' }).actions.find((a) => a.id === 'pf')!.commands[0].stdin!;
  };

  it('the words are keywords: bare, pf reads them as such', () => {
    expect(words.length).toBeGreaterThan(90);
    expect(words.filter((w) => lexPf(w).tokens[0].t !== 'kw')).toEqual([]);
  });

  it('as a network interface, a NAT interface and a port interface: pfctl loads the rules, and lists the names', () => {
    const bad: string[] = [];
    words.forEach((w, k) => {
      const out = words[(k + 1) % words.length];
      const text = rulesFor(w, out);
      const r = loadRules(text);
      if ('error' in r) { bad.push(`${w}/${out}: ${r.error}`); return; }
      r.rules = r.rules.map((l) => l.replace(/ tag klee:\S+/, '')); // a translation rule's mark (issue 15), before its ->, bare (print_rule)
      // pfctl lists one rule per interface of `on { ... }` (parse.y expand_rule), port 8080 by its services name (print_port)
      const want = [`nat on ${out} inet from 10.88.0.0/24 to any -> (${out}) round-robin`, ...[w, 'lo0', epairGroup(P, 'n')].map((i) => `pass quick on ${i} inet from 10.88.0.0/24 to 10.88.0.0/24`)];
      for (const rule of want) if (!r.rules.some((l) => l.startsWith(rule))) bad.push(`${w}/${out}: no "${rule}" in ${JSON.stringify(r.rules)}`);
      if (!r.rules.some((l) => l.startsWith(`rdr on ${out} inet proto tcp from any to (${out}) port = http-alt -> `))) bad.push(`${w}/${out}: no rdr on ${out}`);
    });
    expect(bad).toEqual([]);
  });

  it('a nat: interface the host does not have is a problem naming the network (nat: quick went up); one the plan creates is not', () => {
    const s = spec(P, [net('n', { subnet: '10.88.0.0/24', nat: 'quick' }), net('m', { type: 'bridge', interface: 'kleene7', subnet: '10.89.0.0/24', nat: 'kleene7' })], []);
    let err: unknown;
    try { plan(s, freshHost(), { host: 'sim:/tmp/h.json' }); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(PlanError);
    expect((err as PlanError).details.map((d) => [d.resource, d.message])).toEqual([
      ['network:n', 'network "n": nat interface "quick" does not exist on the host (name an interface the host has, or set nat: true for the default route\'s)'],
    ]);
  });

  it('a default-route interface that is not a plain name is refused where a rule would name it, never written', () => {
    for (const name of ['em"0', 'em0 pass', 'wg-vpn', 'vnet0:11', 'em0\\']) {
      const h = freshHost();
      h.defaultRoute = { gateway: '10.0.2.2', interface: name };
      const withNat = run(spec(P, [net('lo', { subnet: '10.2.3.0/24', nat: true })], []), h);
      expect(withNat.problems.map((p) => [p.resource, p.message]), name).toEqual([['pf', `network "lo": the host's default-route interface ${JSON.stringify(name)} is not a plain interface name (a letter, then letters, digits, '_' or '.', at most 15 bytes), so klee cannot write it into a pf rule; name the interface in the file`]]);
      expect(withNat.action?.commands[0].stdin ?? '', name).not.toContain(name);
      expect(run(spec(P, [net('lo', { subnet: '10.2.3.0/24', nat: 'em0' })], []), h).problems, name).toEqual([]);
    }
  });
});
