import { describe, expect, it } from 'vitest';
import { epairGroup } from '../../src/host/labels.js';
import { PlanError } from '../../src/planner/errors.js';
import { isAcyclic } from '../../src/planner/graph.js';
import { plan, planDown } from '../../src/planner/plan.js';
import { configHash } from '../../src/planner/kinds/jail-argv.js';
import type { Plan } from '../../src/planner/types.js';
import { convergedSim, simBox } from './sim-apply.js';
import { ctr, freshHost, iface, jail, net, spec } from './builders.js';

const P = 'proj';
const opts = { host: 'test' };
const ids = (p: Plan) => p.actions.map((a) => `${a.op} ${a.id}`);
const argvOf = (p: Plan, id: string) => p.actions.find((a) => a.id === id)!.commands.map((c) => c.argv);
const problems = (f: () => unknown): string[] => {
  try { f(); } catch (e) { if (e instanceof PlanError) return e.problems; throw e; }
  throw new Error('expected a PlanError');
};

describe('commands per container', () => {
  it('ipnet costs 1 command, vnet at most 3, pf one load per run', () => {
    const s = spec(P, [net('lo', { subnet: '10.2.3.0/24' }), net('br', { type: 'bridge', subnet: '10.4.6.0/24' })], [
      ...['a', 'b', 'c'].map((n) => ctr(P, n, { networks: [{ network: 'lo' }] })),
      ...['d', 'e', 'f'].map((n) => ctr(P, n, { driver: 'vnet', networks: [{ network: 'br' }] })),
    ]);
    const p = plan(s, freshHost(), opts);
    for (const n of ['a', 'b', 'c']) expect(argvOf(p, `container:${n}`)).toHaveLength(1);
    for (const n of ['d', 'e', 'f']) expect(argvOf(p, `container:${n}`).length + argvOf(p, `epair:${n}:br`).length).toBe(3);
    expect(p.actions.flatMap((a) => a.commands).filter((c) => c.argv[0] === 'pfctl')).toHaveLength(1);
    expect(argvOf(p, 'epair:e:br')[0]).toEqual(['ifconfig', 'epair', 'create', 'description', 'klee:proj:e:br', 'group', epairGroup(P, 'br'), 'up']);
  });
});

describe('addresses', () => {
  it('skip host addresses, explicit addresses of others and the gateway; stay stable once given', async () => {
    const sim = simBox(P);
    await sim.run('jail', '-c', 'name=other', 'path=/jails/other', 'persist', 'ip4.addr=10.4.6.2'); // a foreign jail holds .2
    const h = await sim.state();
    const s = spec(P, [net('br', { type: 'bridge', subnet: '10.4.6.0/24' })], [
      ctr(P, 'a', { networks: [{ network: 'br' }] }), ctr(P, 'b', { networks: [{ network: 'br', ip: '10.4.6.3' }] }), ctr(P, 'c', { networks: [{ network: 'br' }] }),
    ]);
    const p = plan(s, h, opts);
    expect(p.actions.find((a) => a.id === 'container:a')!.facts.addresses).toBe('br=10.4.6.4');
    expect(p.actions.find((a) => a.id === 'container:c')!.facts.addresses).toBe('br=10.4.6.5');
    // a running container keeps its address when a lower one frees up
    await sim.apply(p);
    await sim.run('jail', '-r', 'other');
    const host = await sim.state();
    const s2 = spec(P, s.networks, [ctr(P, 'new', { networks: [{ network: 'br' }] }), s.containers[2]]);
    const p2 = plan(s2, host, opts);
    expect(p2.actions.find((a) => a.id === 'container:new')!.facts.addresses).toBe('br=10.4.6.2');
    expect(p2.actions.find((a) => a.id === 'container:c')).toBeUndefined();
  });

  it('a full subnet is an error naming the network', () => {
    const s = spec(P, [net('tiny', { subnet: '10.9.9.0/30' })], ['a', 'b', 'c'].map((n) => ctr(P, n, { networks: [{ network: 'tiny' }] })));
    expect(problems(() => plan(s, freshHost(), opts))).toEqual(['network "tiny": subnet 10.9.9.0/30 is full, no free address for container "c" (use a larger subnet)']);
  });

  it('1,000 containers on 50 networks plan without trouble (timing belongs to the benchmark)', async () => {
    const nets = Array.from({ length: 50 }, (_, i) => net(`n${i}`, { type: 'bridge', subnet: `10.${100 + i}.0.0/16` }));
    const cs = Array.from({ length: 1000 }, (_, i) => ctr(P, `c${i}`, { driver: i % 2 ? 'vnet' : 'ipnet', networks: [{ network: `n${i % 50}` }] }));
    const p = plan(spec(P, nets, cs), freshHost(), opts);
    expect(p.actions.filter((a) => a.resource === 'container')).toHaveLength(1000);
    expect(p.actions.find((a) => a.id === 'container:c999')!.facts.addresses).toBe('n49=10.149.0.21');
    const sim = simBox(P);
    const converged = await sim.apply(plan(spec(P, nets, cs), await sim.state(), opts));
    expect(plan(spec(P, nets, cs), converged, opts).actions).toEqual([]);
  });
});

describe('ownership and collisions', () => {
  it('a foreign jail with our name is a collision, before anything runs', () => {
    const h = freshHost();
    h.jails.push(jail('proj_a', { jid: 9 }));
    expect(problems(() => plan(spec(P, [], [ctr(P, 'a')]), h, opts))[0]).toMatch(/container "a": jail "proj_a" \(jid 9\) exists and is not klee's/);
  });

  it('a missing custom interface, a clashing subnet, no VIMAGE and missing pf hooks are all reported at once', () => {
    const h = freshHost();
    h.sysctl.vimage = false;
    h.pf.hooks = { nat: false, rdr: true, filter: false };
    const s = spec(P, [net('lan', { type: 'custom', interface: 'em9', subnet: '192.168.0.0/24' }), net('br', { type: 'bridge', subnet: '10.0.2.0/24' })],
      [ctr(P, 'v', { driver: 'vnet', networks: [{ network: 'br' }] })]);
    const ps = problems(() => plan(s, h, opts));
    expect(ps).toHaveLength(4);
    expect(ps.join('\n')).toContain('the custom interface "em9" does not exist');
    expect(ps.join('\n')).toContain('subnet 10.0.2.0/24 clashes with 10.0.2.15/24 on interface em0');
    expect(ps.join('\n')).toContain('no VIMAGE');
    expect(ps.join('\n')).toContain('nat-anchor "klee/*"\n      rdr-anchor "klee/*"\n      anchor "klee/*"');
  });

  // Issue 14.10: a lost label is no licence to adopt. What an unlabelled clone holds (our epair, a jail's address)
  // cannot tell a network whose label was lost from a user's interface that happens to hold the same: neither is
  // ever relabelled, stripped or destroyed.
  it('an unlabelled bridge holding our epair is not taken back: its subnet clash is refused naming it; down never touches it', async () => {
    const s = spec(P, [net('br', { type: 'bridge', subnet: '10.4.6.0/24' })], [ctr(P, 'v', { driver: 'vnet', networks: [{ network: 'br' }] })]);
    const { h } = await convergedSim(s);
    h.interfaces.find((i) => i.name === 'kleene0')!.description = undefined;
    expect(problems(() => plan(s, h, opts))).toEqual(['network "br": subnet 10.4.6.0/24 clashes with 10.4.6.1/24 on interface kleene0, which is not this project\'s. Choose another subnet']);
    expect(planDown(P, h, opts).actions.flatMap((a) => a.commands.map((c) => c.argv.join(' '))).filter((c) => c.includes('kleene0') && !c.includes('deletem epair0a'))).toEqual([]);
  });

  describe('a user\'s userlo holding a running container\'s address (10.2.3.1/32)', () => {
    const s = spec(P, [net('lo', { subnet: '10.2.3.0/24' })], [ctr(P, 'a', { networks: [{ network: 'lo', ip: '10.2.3.1' }] })]);
    const userlo = () => iface('userlo', { kind: 'loopback', groups: ['lo'], inet: [{ address: '10.2.3.1', prefixlen: 32 }] });
    const touches = (p: Plan) => p.actions.flatMap((a) => a.commands.map((c) => c.argv.join(' '))).filter((c) => c.includes('userlo'));
    /** The project's kleene0 destroyed by hand (its alias with it), the same address on the user's userlo. */
    const replaced = async () => { const { h } = await convergedSim(s); h.interfaces = h.interfaces.filter((i) => i.name !== 'kleene0'); h.interfaces.push(userlo()); return h; };
    /** Both hold it: kleene0 (ours, where jail(8) put it) and userlo. */
    const both = async () => { const { h } = await convergedSim(s); h.interfaces.unshift(userlo()); return h; };

    it('is never relabelled: the plan refuses the clash naming userlo (it adopted userlo as the network whose label was lost)', async () => {
      const h = await replaced();
      expect(problems(() => plan(s, h, opts))).toEqual([
        'container "a": address 10.2.3.1 on network "lo" is already in use on the host (interface userlo)',
        'network "lo": subnet 10.2.3.0/24 clashes with 10.2.3.1/32 on interface userlo, which is not this project\'s. Choose another subnet',
      ]);
    });

    it('is never stripped nor destroyed by down, which says the address stays', async () => {
      for (const h of [await replaced(), await both()]) {
        const d = planDown(P, h, opts);
        expect(touches(d)).toEqual([]);
        expect(d.actions.flatMap((a) => a.commands.map((c) => c.argv.join(' ')))).toEqual(expect.arrayContaining(['jail -r proj_a']));
      }
      expect(planDown(P, await replaced(), opts).warnings).toContain('jail "proj_a": its address 10.2.3.1 is left on interface userlo, a clone that is neither one of the project\'s interfaces nor a custom network\'s of the file: the address is that interface\'s');
      // Where both hold it, the alias is kleene0's (ours first): destroyed with it, and nothing to say about userlo.
      const d = planDown(P, await both(), opts);
      expect(d.actions.find((a) => a.id === 'network:lo')!.commands.map((c) => c.argv.join(' '))).toEqual(['ifconfig kleene0 destroy']);
      expect(d.warnings.filter((w) => w.includes('userlo'))).toEqual([]);
    });

    it('as the interface of a custom network of the file, it is the container\'s: its alias is taken off', async () => {
      const custom = spec(P, [net('lan', { type: 'custom', interface: 'userlo', subnet: '10.2.3.0/24' })], [ctr(P, 'a', { networks: [{ network: 'lan', ip: '10.2.3.1' }] })]);
      const sim = simBox(P);
      await sim.run('ifconfig', 'lo', 'create', 'name', 'userlo', 'up');
      const h = await sim.apply(plan(custom, await sim.state(), opts));
      expect(h.interfaces.find((i) => i.name === 'userlo')!.inet.map((a) => a.address)).toEqual(['10.2.3.1']); // jail(8) added it
      expect(touches(planDown(P, h, { ...opts, spec: custom }))).toEqual(['ifconfig userlo inet 10.2.3.1 -alias']);
    });
  });

  it('a subnet overlapping another klee project\'s, in either order, is refused naming it (issue 14.12: a /24 inside another\'s /16 went up)', () => {
    const h = freshHost();
    h.pf.projects = ['a', P];
    h.pf.otherSubnets = [{ project: 'a', subnet: '10.50.0.0/16' }, { project: 'a', subnet: 'fd00:50::/64' }];
    const at = (subnet: string, subnet6?: string) => problems(() => plan(spec(P, [net('lo', { subnet, ...(subnet6 ? { subnet6 } : {}) })], []), h, opts));
    expect(at('10.50.3.0/24')).toEqual(['network "lo": subnet 10.50.3.0/24 overlaps 10.50.0.0/16, a subnet of klee project "a" on this host. Choose another subnet']);
    expect(at('10.48.0.0/12')).toEqual(['network "lo": subnet 10.48.0.0/12 overlaps 10.50.0.0/16, a subnet of klee project "a" on this host. Choose another subnet']);
    expect(at('10.51.0.0/16', 'fd00:50:0:0:8000::/65')).toEqual(['network "lo": subnet fd00:50:0:0:8000::/65 overlaps fd00:50::/64, a subnet of klee project "a" on this host. Choose another subnet']);
    expect(plan(spec(P, [net('lo', { subnet: '10.51.0.0/16', subnet6: 'fd00:51::/64' })], []), h, opts).actions.map((a) => a.id)).toEqual(['network:lo', 'pf']);
  });

  it('a root holding another klee project\'s jail root, or inside one, is refused naming it (issue 14.5); the same root or a sibling is not', () => {
    for (const meta of [true, false]) {
      const h = freshHost();
      if (!meta) h.sysctl.jailMetaMax = 0;
      h.pf.projects = ['a'];
      h.jails.push(jail('a_web', { jid: 4, path: '/jails/web', ...(meta ? { meta: 'klee:v1:a:web:00' } : {}) }));
      const at = (path: string) => { try { plan(spec(P, [], [ctr(P, 'c', { path })]), h, opts); return []; } catch (e) { if (e instanceof PlanError) return e.problems; throw e; } };
      expect(at('/jails'), `meta ${meta}`).toEqual(['container "c": its root /jails holds /jails/web, the root of jail "a_web" of klee project "a". Give each project\'s containers roots apart']);
      expect(at('/jails/web/db'), `meta ${meta}`).toEqual(['container "c": its root /jails/web/db lies inside /jails/web, the root of jail "a_web" of klee project "a". Give each project\'s containers roots apart']);
      for (const ok of ['/jails/web', '/jails/web2', '/jails/we']) expect(at(ok), ok).toEqual([]);
    }
    // A foreign jail (no klee meta, no known project) is none of klee's business here.
    const f = freshHost();
    f.jails.push(jail('web', { jid: 4, path: '/jails/web' }));
    expect(plan(spec(P, [], [ctr(P, 'c', { path: '/jails' })]), f, opts).actions.map((a) => a.id)).toEqual(['container:c']);
  });

  it('nat without a default route: no nat rule, a warning', () => {
    const h = freshHost();
    h.defaultRoute = undefined;
    const p = plan(spec(P, [net('lo', { subnet: '10.2.3.0/24', nat: true })], []), h, opts);
    expect(p.actions.find((a) => a.id === 'pf')!.commands[0].stdin).not.toContain('nat on');
    expect(p.warnings).toContain('network "lo": nat is on but the host has no default route, so no NAT rule is loaded');
  });
});

describe('containers', () => {
  it('user jail_params replace Kleene\'s defaults; env goes to stdin, mounts and the supervised program are rendered as documented', () => {
    const c = ctr(P, 'a', { command: ['/usr/local/bin/app', '-v'], jailParams: ['nomount.devfs', 'exec.clean=false'], env: { B: '2', A: "x y'z" }, mounts: [{ source: '/d', target: '/mnt', mode: 'ro' }], user: 'www', driver: 'disabled' });
    const cmd = plan(spec(P, [], [c]), freshHost(), opts).actions.find((a) => a.id === 'container:a')!.commands[0];
    const argv = cmd.argv;
    expect(argv).not.toContain('mount.devfs');
    expect(argv).not.toContain('exec.clean');
    expect(argv.some((a) => a.startsWith('exec.jail_user'))).toBe(false); // daemon -u runs the program as the user
    expect(argv).toEqual(expect.arrayContaining(['ip4=disable', 'ip6=disable', 'mount=/d /jails/a/mnt nullfs ro 0 0']));
    expect(argv).toContain('exec.start=umask 077 && mkdir -p /var/run/klee/proj_a /var/log/klee && cat > /var/run/klee/proj_a/env');
    expect(argv.slice(argv.indexOf('command=/bin/sh'))).toEqual(['command=/bin/sh', '-c', '[ ! -f "$0"/env ] || . "$0"/env; rm -f "$0"/stopped; exec "$@"', '/var/run/klee/proj_a',
      '/usr/sbin/daemon', '-f', '-P', '/var/run/klee/proj_a/daemon.pid', '-p', '/var/run/klee/proj_a/child.pid', '-o', '/var/log/klee/proj_a.log', '-t', 'proj_a', '-u', 'www',
      '/bin/sh', '-c', 'trap : TERM; "$@"; echo "klee: exited with status $?"', 'klee', '/usr/local/bin/app', '-v']);
    // env values only on standard input, sorted, single-quoted for sh
    expect(cmd.stdin).toBe("export A='x y'\\''z'\nexport B='2'\n");
    expect(JSON.stringify(argv)).not.toContain('x y');
  });

  it('the hash follows the effective configuration, not the order of env keys', () => {
    const a = ctr(P, 'a', { env: { X: '1', Y: '2' } });
    expect(configHash(a, '/r', [])).toBe(configHash({ ...a, env: { Y: '2', X: '1' } }, '/r', []));
    expect(configHash(a, '/r', [])).not.toBe(configHash({ ...a, env: { X: '1', Y: '3' } }, '/r', []));
  });

  it('a replacement is a delete half then a create half; depends_on orders creation', async () => {
    const s = spec(P, [], [ctr(P, 'db'), ctr(P, 'app', { dependsOn: ['db'] })]);
    const { h } = await convergedSim(s);
    const s2 = spec(P, [], [ctr(P, 'db', { command: ['/bin/true'] }), ctr(P, 'app', { dependsOn: ['db'] })]);
    const p = plan(s2, h, opts);
    expect(p.actions.map((a) => [a.id, a.op, a.after])).toEqual([['container:db:delete', 'replace', []], ['container:db', 'replace', ['container:db:delete']]]);
    expect(plan(s, freshHost(), opts).actions.find((a) => a.id === 'container:app')!.after).toEqual(['container:db']);
  });

  it('a container that left vnet leaves a leaked epair, deleted after its jail', async () => {
    const br = net('br', { type: 'bridge', subnet: '10.4.6.0/24' });
    const { h } = await convergedSim(spec(P, [br], [ctr(P, 'v', { driver: 'vnet', networks: [{ network: 'br' }] })]));
    const p = plan(spec(P, [br], [ctr(P, 'v', { driver: 'ipnet', networks: [{ network: 'br' }] })]), h, opts);
    const e = p.actions.find((a) => a.id === 'epair:v:br')!;
    expect([e.op, e.reason, e.after]).toEqual(['delete', 'leaked epair', ['container:v:delete']]);
    expect(p.actions.find((a) => a.id === 'container:v')!.reason).toBe('driver changed (vnet → ipnet)');
  });
});

describe('down, determinism, graph', () => {
  const s = spec(P, [net('lo', { subnet: '10.2.3.0/24' }), net('br', { type: 'bridge', subnet: '10.4.6.0/24' })],
    [ctr(P, 'a', { networks: [{ network: 'lo' }] }), ctr(P, 'v', { driver: 'vnet', networks: [{ network: 'br' }] })]);

  it('down removes everything in reverse order and needs only the project name', async () => {
    const { h } = await convergedSim(s);
    const d = planDown(P, h, opts);
    expect(ids(d)).toEqual(['delete container:a', 'delete container:v', 'delete pf', 'delete epair:v:br', 'delete network:br', 'delete network:lo']);
    expect(argvOf(d, 'network:br')).toEqual([['ifconfig', 'kleene1', 'destroy']]);
    expect(isAcyclic(d.actions)).toBe(true);
    expect(d.actions.every((a) => a.reason === 'down')).toBe(true);
  });

  it('the same inputs give the same plan; every plan is acyclic', () => {
    const h = freshHost();
    const a = plan(s, h, opts), b = plan(structuredClone(s), structuredClone(h), opts);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(isAcyclic(a.actions)).toBe(true);
    const cyc = [{ ...a.actions[0], after: [a.actions[1].id] }, { ...a.actions[1], after: [a.actions[0].id] }];
    expect(isAcyclic(cyc)).toBe(false);
  });
});
