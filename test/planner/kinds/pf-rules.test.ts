// The project's pf rules as `klee plan` loads them: per network (nat, icc, internal, Kleene's block in) and per
// published port, each marked with its owner; which networks' rules restrict; an orphan's rules kept as listed.
import { describe, expect, it } from 'vitest';
import { epairGroup } from '../../../src/host/labels.js';
import type { HostState } from '../../../src/host/types.js';
import { loadableRule, pfOwner } from '../../../src/planner/kinds/pf-rules.js';
import { loadRules } from '../../../src/host/sim/pfctl.js';
import { wantFile } from '../../../src/planner/desired.js';
import { plan, planKinds } from '../../../src/planner/plan.js';
import type { ContainerSpec, NetworkSpec } from '../../../src/spec/types.js';
import { ctr, freshHost, iface, net, spec } from '../builders.js';
import { convergedSim, simBox } from '../sim-apply.js';

const P = 'proj';
/** The interface group of network br's epair a sides, which its rules name (labels.ts epairGroup). */
const BR = epairGroup(P, 'br');
const opts = { host: 'test' };
/** The rule without klee's mark (label, or a translation rule's tag). */
const unmark = (l: string) => l.replace(/ label "klee:[^"]+"$/, '').replace(/ tag "klee:[^"]+"/, '');
const pfOf = (nets: NetworkSpec[], cs: ContainerSpec[], h: HostState = freshHost()) => {
  const p = plan(spec(P, nets, cs), h, opts);
  const text = p.actions.find((a) => a.id === 'pf')?.commands[0].stdin ?? '';
  return { lines: text.split('\n').filter(Boolean), rules: text.split('\n').filter(Boolean).map(unmark), warnings: p.warnings };
};
const noRoute = () => { const h = freshHost(); delete h.defaultRoute; return h; };
const port = (hostStart: number, containerStart: number, o: Partial<ContainerSpec['ports'][number]> = {}) => ({ hostStart, hostEnd: hostStart, containerStart, containerEnd: containerStart, protocol: 'tcp' as const, ...o });

describe('pf rules of networks', () => {
  it('nat on the default-route interface, a named one, or none; icc passes where members talk; Kleene\'s block in', () => {
    const { rules, warnings } = pfOf([
      net('a', { subnet: '10.1.0.0/24', nat: true }), net('b', { subnet: '10.2.0.0/24', nat: 'em1' }), net('c', { subnet: '10.3.0.0/24', nat: false }),
    ], [], { ...freshHost(), interfaces: [...freshHost().interfaces, iface('em1', { kind: 'physical' })] }); // a nat: interface must exist (issue 14.4)
    expect(warnings).toEqual([]); // the host has a default route: nothing to warn about
    expect(rules).toEqual([
      'nat on "em0" inet from 10.1.0.0/24 to any -> ("em0")',
      'nat on "em1" inet from 10.2.0.0/24 to any -> ("em1")',
      ...[['10.1.0.0/24', 'kleene0'], ['10.2.0.0/24', 'kleene1'], ['10.3.0.0/24', 'kleene2']].flatMap(([sn, itf]) => [
        `pass quick on { "${itf}" "lo0" } inet from ${sn} to ${sn}`, `block in log inet from any to ${sn}`]),
    ]);
  });

  it('internal: no nat; the jails\' own traffic blocked out on every interface, a bridge\'s forwarded traffic blocked in on it', () => {
    const { rules } = pfOf([
      net('lo', { subnet: '10.4.0.0/24', nat: true, internal: true }),
      net('br', { type: 'bridge', subnet: '10.5.0.0/24', nat: true, internal: true }),
    ], [ctr(P, 'v', { driver: 'vnet', networks: [{ network: 'br' }] })]);
    expect(rules).toEqual([
      'pass quick on { "kleene0" "lo0" } inet from 10.4.0.0/24 to 10.4.0.0/24',
      'block out quick log inet from 10.4.0.0/24 to ! 10.4.0.0/24',
      'block in log inet from any to 10.4.0.0/24',
      `pass quick on { "kleene1" "lo0" "${BR}" } inet from 10.5.0.0/24 to 10.5.0.0/24`,
      'block out quick log inet from 10.5.0.0/24 to ! 10.5.0.0/24',
      'block in quick log on "kleene1" inet from 10.5.0.0/24 to ! 10.5.0.0/24',
      'block in log inet from any to 10.5.0.0/24',
    ]);
  });

  it('icc: false: each ipnet address may talk to itself, members and the gateway reach each other, the rest between members is blocked', () => {
    const { rules } = pfOf([net('br', { type: 'bridge', subnet: '10.6.0.0/24', icc: false })], [
      ctr(P, 'i', { networks: [{ network: 'br', ip: '10.6.0.5' }] }), ctr(P, 'v', { driver: 'vnet', networks: [{ network: 'br', ip: '10.6.0.6' }] }),
    ]);
    expect(rules).toEqual([
      'pass quick on { "kleene0" "lo0" } inet from 10.6.0.5 to 10.6.0.5',
      `pass quick on { "kleene0" "lo0" "${BR}" } inet from 10.6.0.1 to 10.6.0.0/24`,
      `pass quick on { "kleene0" "lo0" "${BR}" } inet from 10.6.0.0/24 to 10.6.0.1`,
      `block quick log on { "kleene0" "lo0" "${BR}" } inet from 10.6.0.0/24 to 10.6.0.0/24`,
      'block in log inet from any to 10.6.0.0/24',
    ]);
  });

  it('IPv6: inet6 rules and no nat; link-local multicast passes first when icc is off or the network internal; a custom network is never blocked in', () => {
    const { rules } = pfOf([
      net('br', { type: 'bridge', subnet6: 'fd00:8::/64', nat: true, internal: true }),
      net('lan', { type: 'custom', interface: 'em0', subnet: '10.0.2.0/24', nat: false }),
    ], [ctr(P, 'v', { driver: 'vnet', networks: [{ network: 'br' }] })]);
    expect(rules).toEqual([
      'pass quick inet6 from fd00:8::/64 to ff02::/16',
      `pass quick on { "kleene0" "lo0" "${BR}" } inet6 from fd00:8::/64 to fd00:8::/64`,
      'block out quick log inet6 from fd00:8::/64 to ! fd00:8::/64',
      'block in quick log on "kleene0" inet6 from fd00:8::/64 to ! fd00:8::/64',
      'block in log inet6 from any to fd00:8::/64',
      'pass quick on { "em0" "lo0" } inet from 10.0.2.0/24 to 10.0.2.0/24',
    ]);
  });

  it('without a default route: no nat, with a warning', () => {
    const { rules, warnings } = pfOf([net('lo', { subnet: '10.1.0.0/24', nat: true })], [], noRoute());
    expect(rules.filter((r) => r.startsWith('nat '))).toEqual([]);
    expect(warnings).toEqual(['network "lo": nat is on but the host has no default route, so no NAT rule is loaded']);
  });
});

describe('pf rules of published ports', () => {
  it('rdr translates the host port to the container port (ranges too), for IPv4 and IPv6; the passes follow the networks\' rules', () => {
    const { rules } = pfOf([net('br', { type: 'bridge', subnet: '10.2.3.0/24', subnet6: 'fd00:3::/64' })], [
      ctr(P, 'a', { networks: [{ network: 'br', ip: '10.2.3.5', ip6: 'fd00:3::5' }], ports: [
        port(8080, 80), { interface: 'em1', hostStart: 5000, hostEnd: 5009, containerStart: 6000, containerEnd: 6009, protocol: 'udp' },
      ] }),
    ]);
    expect(rules.filter((r) => / port /.test(r))).toEqual([
      'rdr on "em0" inet proto tcp from any to ("em0") port 8080 -> 10.2.3.5 port 80',
      'rdr on "em0" inet6 proto tcp from any to ("em0") port 8080 -> fd00:3::5 port 80',
      'rdr on "em1" inet proto udp from any to ("em1") port 5000:5009 -> 10.2.3.5 port 6000:*',
      'rdr on "em1" inet6 proto udp from any to ("em1") port 5000:5009 -> fd00:3::5 port 6000:*',
      'pass quick inet proto tcp from any to 10.2.3.5 port 80',
      'pass quick inet6 proto tcp from any to fd00:3::5 port 80',
      'pass quick inet proto udp from any to 10.2.3.5 port 6000:6009',
      'pass quick inet6 proto udp from any to fd00:3::5 port 6000:6009',
    ]);
    expect(rules.findIndex((r) => r.startsWith('block in log'))).toBeLessThan(rules.findIndex((r) => r.startsWith('pass quick inet ')));
  });

  it('not published without an interface (no default route) or without any address (warnings); a project without rules loads none', () => {
    const { warnings } = pfOf([net('lo', { subnet: '10.1.0.0/24' })], [ctr(P, 'a', { networks: [{ network: 'lo' }], ports: [port(80, 80)] })], noRoute());
    expect(warnings).toEqual(['container "a": port 80:80/tcp not published: no interface given and the host has no default route']);
    expect(pfOf([net('lo')], [ctr(P, 'b', { networks: [{ network: 'lo' }], ports: [port(80, 80, { interface: 'em0' })] })]).warnings)
      .toEqual(['container "b": port em0:80:80/tcp not published: the container has no address']);
    expect(plan(spec(P, [], [ctr(P, 'h')]), freshHost(), opts).actions.map((a) => a.id)).toEqual(['container:h']);
  });
});

describe('marks and owners', () => {
  it('every rule carries klee:<hash of its owner\'s rules>:<owner>: a label on filter rules, a tag on translation rules', () => {
    const { lines } = pfOf([net('a', { subnet: '10.1.0.0/24', nat: true })], [ctr(P, 'w', { networks: [{ network: 'a', ip: '10.1.0.9' }], ports: [port(80, 80)] })]);
    const marks = lines.map((l) => /(label|tag) "klee:([0-9a-f]{16}):([nc]-[0-9a-f]{8})"/.exec(l)!.slice(1));
    expect(marks.map(([kind, , owner]) => `${kind} ${owner}`)).toEqual([
      `tag ${pfOwner('network', 'a')}`, `tag ${pfOwner('container', 'w')}`, `label ${pfOwner('network', 'a')}`, `label ${pfOwner('network', 'a')}`, `label ${pfOwner('container', 'w')}`,
    ]);
    expect(lines[1]).toMatch(/^rdr on "em0" inet proto tcp from any to \("em0"\) port 80 tag "klee:[0-9a-f]{16}:c-[0-9a-f]{8}" -> 10\.1\.0\.9 port 80$/);
    expect(new Set(marks.filter(([, , o]) => o === pfOwner('network', 'a')).map(([, h]) => h)).size).toBe(1);
  });

  it('an owner\'s hash follows its rules: another subnet, another hash for that network only', () => {
    const hashOf = (sn: string) => {
      const { lines } = pfOf([net('a', { subnet: sn }), net('b', { subnet: '10.9.0.0/24' })], []);
      return (owner: string) => /"klee:([0-9a-f]{16}):/.exec(lines.find((l) => l.includes(owner))!)![1];
    };
    const [one, two] = [hashOf('10.1.0.0/24'), hashOf('10.1.1.0/24')];
    expect(one(pfOwner('network', 'a'))).not.toBe(two(pfOwner('network', 'a')));
    expect(one(pfOwner('network', 'b'))).toBe(two(pfOwner('network', 'b')));
  });
});

describe('restricting rules and orphans', () => {
  it('a network with a block rule restricts; a custom network with icc and not internal does not, nor one without a subnet', () => {
    const s = spec(P, [
      net('lo', { subnet: '10.1.0.0/24' }), net('bare'), net('lan', { type: 'custom', interface: 'em0', subnet: '10.0.2.0/24' }),
      net('x', { type: 'custom', interface: 'em0', subnet: '10.0.3.0/24', internal: true }), net('y', { type: 'custom', interface: 'em0', subnet: '10.0.4.0/24', icc: false }),
    ], []);
    expect([...planKinds(wantFile(s), freshHost()).planned.pf.restricts].sort()).toEqual(['lo', 'x', 'y']);
  });

  it('an orphan network\'s and an orphan container\'s rules stay loaded as they are; with --remove-orphans they go', async () => {
    const both = spec(P, [net('a', { subnet: '10.1.0.0/24', nat: true }), net('b', { subnet: '10.2.0.0/24', internal: true })], [
      ctr(P, 'x', { networks: [{ network: 'a', ip: '10.1.0.5' }], ports: [port(8080, 80)] }), ctr(P, 'y', { networks: [{ network: 'b' }] }),
    ]);
    const { h } = await convergedSim(both);
    const onlyA = spec(P, [both.networks[0]], []);
    // b and y, and x, are orphans: nothing of theirs changes, so the anchor needs no load at all.
    const kept = plan(onlyA, h, opts);
    expect(kept.orphans).toEqual({ containers: ['x', 'y'], networks: ['b'] });
    expect(kept.actions).toEqual([]);
    const gone = plan(onlyA, h, { ...opts, removeOrphans: true });
    const rules = gone.actions.find((a) => a.id === 'pf')!.commands[0].stdin!.split('\n').filter(Boolean).map(unmark);
    expect(rules).toEqual(['nat on "em0" inet from 10.1.0.0/24 to any -> ("em0")', 'pass quick on { "kleene0" "lo0" } inet from 10.1.0.0/24 to 10.1.0.0/24', 'block in log inet from any to 10.1.0.0/24']);
    // A change of the file's own rules reloads the anchor with the orphans' rules as pfctl lists them (names quoted again), marks unchanged.
    const changed = plan(spec(P, [{ ...both.networks[0], icc: false }], []), h, opts);
    const text = changed.actions.find((a) => a.id === 'pf')!.commands[0].stdin!;
    const listed = h.pf.projectRules!.filter((r) => r.owner !== pfOwner('network', 'a'));
    // b's pass on { kleene1 lo0 } is listed as one rule per interface (parse.y expand_rule): four of b's
    expect(listed.map((r) => r.owner)).toEqual([pfOwner('container', 'x'), ...Array(4).fill(pfOwner('network', 'b')), pfOwner('container', 'x')]);
    const lines = text.split('\n').filter(Boolean);
    for (const r of listed) expect(lines.filter((l) => unmark(l) === loadableRule(r.text) && l.includes(`"klee:${r.hash}:${r.owner}"`))).toHaveLength(1);
    // a's own rules, icc off now: nat, the orphan x's address talking to itself, the block between members, block in.
    expect(lines.filter((l) => l.includes(pfOwner('network', 'a'))).map(unmark)).toEqual(['nat on "em0" inet from 10.1.0.0/24 to any -> ("em0")', 'pass quick on { "kleene0" "lo0" } inet from 10.1.0.5 to 10.1.0.5', 'block quick log on { "kleene0" "lo0" } inet from 10.1.0.0/24 to 10.1.0.0/24', 'block in log inet from any to 10.1.0.0/24']);
  });

  it('an orphan\'s rules naming an interface that is a pf keyword load again: the listing\'s bare names quoted (parse.y reads a bare `quick` as the keyword)', async () => {
    const both = spec(P, [net('a', { subnet: '10.1.0.0/24' }), net('q', { type: 'bridge', interface: 'quick', subnet: '10.5.0.0/24', nat: 'port' })], [
      ctr(P, 'x', { driver: 'vnet', networks: [{ network: 'q' }], ports: [port(8080, 80, { interface: 'port' })] }),
    ]);
    const sim = simBox(P);
    await sim.run('ifconfig', 'lo', 'create', 'name', 'port', 'up'); // the host's own interface named `port`
    const h = await sim.apply(plan(both, await sim.state(), opts));
    expect(h.pf.projectRules!.some((r) => r.text.startsWith('pass quick on quick '))).toBe(true); // listed bare
    // a's rules change, q and x are kept orphans: their rules are reloaded from the listing, and the undo is the listing
    const p = plan(spec(P, [{ ...both.networks[0], icc: false }], []), h, opts);
    expect(p.orphans).toEqual({ containers: ['x'], networks: ['q'] });
    const load = p.actions.find((a) => a.id === 'pf')!.commands[0];
    expect(load.stdin).toContain('pass quick on "quick" inet from 10.5.0.0/24 to 10.5.0.0/24');
    expect(load.stdin).toContain('nat on "port" inet from 10.5.0.0/24 to any tag');
    expect(load.stdin).toContain('-> ("port") round-robin');
    expect(loadRules(load.undoStdin!)).toHaveProperty('rules');
    const after = await sim.apply(p);
    expect(after.pf.projectRules!.filter((r) => r.owner === pfOwner('network', 'q')).map((r) => r.text)).toEqual(h.pf.projectRules!.filter((r) => r.owner === pfOwner('network', 'q')).map((r) => r.text));
    expect(plan(spec(P, [{ ...both.networks[0], icc: false }], []), after, opts).actions).toEqual([]);
  });

  it('loadableRule quotes what print_rule prints bare: `on`, `on !`, and interface addresses with their modifiers', () => {
    expect(loadableRule('pass quick on ! all inet from (port:network) to ! (lo0) flags S/SA keep state')).toBe('pass quick on ! "all" inet from ("port:network") to ! ("lo0") flags S/SA keep state');
    expect(loadableRule('rdr on em0 inet proto tcp from any to (em0) port = http -> { (em1), (em2:0) } port 80 round-robin')).toBe('rdr on "em0" inet proto tcp from any to ("em0") port = http -> { ("em1"), ("em2:0") } port 80 round-robin');
    expect(loadableRule('pass log (all) quick on wg-0 all')).toBe('pass log (all) quick on wg-0 all'); // not a plain interface name: left as listed
    expect(loadableRule('pass quick on em0 all flags S/SA keep state label "up on lo0 (em0)"')).toBe('pass quick on "em0" all flags S/SA keep state label "up on lo0 (em0)"'); // a label's text is kept
  });

  it('a ranged published port: pfctl lists its redirect as `port 80:90` (parse.y proxy_port[1]); plan after up has nothing to do, and as an orphan\'s it loads again', async () => {
    const both = spec(P, [net('a', { subnet: '10.1.0.0/24' })], [ctr(P, 'x', { networks: [{ network: 'a', ip: '10.1.0.5' }], ports: [{ hostStart: 8000, hostEnd: 8010, containerStart: 80, containerEnd: 90, protocol: 'tcp' }] })]);
    const { sim, h } = await convergedSim(both);
    expect(h.pf.projectRules!.find((r) => r.translation)!.text).toBe('rdr on em0 inet proto tcp from any to (em0) port 8000:8010 -> 10.1.0.5 port 80:90');
    expect(plan(both, h, opts).actions).toEqual([]);
    const p = plan(spec(P, [{ ...both.networks[0], icc: false }], []), h, opts);
    expect(p.actions.find((a) => a.id === 'pf')!.commands[0].stdin).toContain('-> 10.1.0.5 port 80:90');
    const after = await sim.apply(p);
    expect(after.pf.projectRules!.find((r) => r.translation)!.text).toBe('rdr on em0 inet proto tcp from any to (em0) port 8000:8010 -> 10.1.0.5 port 80:90');
    expect(plan(spec(P, [{ ...both.networks[0], icc: false }], []), after, opts).actions).toEqual([]);
  });
});
