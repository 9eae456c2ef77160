import { describe, expect, it } from 'vitest';
import { PlanError } from '../../src/planner/errors.js';
import { isAcyclic } from '../../src/planner/graph.js';
import { plan, planDown } from '../../src/planner/plan.js';
import { configHash } from '../../src/planner/kinds/jail-argv.js';
import type { Plan } from '../../src/planner/types.js';
import { convergedSim, simBox } from './sim-apply.js';
import { ctr, freshHost, jail, net, spec } from './builders.js';

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
    expect(argvOf(p, 'epair:e:br')[0]).toEqual(['ifconfig', 'epair1', 'create', 'description', 'klee:proj:e:br', 'up']);
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

  it('an unlabelled interface holding our epair gets its label back', async () => {
    const s = spec(P, [net('br', { type: 'bridge', subnet: '10.4.6.0/24' })], [ctr(P, 'v', { driver: 'vnet', networks: [{ network: 'br' }] })]);
    const { h } = await convergedSim(s);
    h.interfaces.find((i) => i.name === 'kleene0')!.description = undefined;
    const p = plan(s, h, opts);
    expect(ids(p)).toEqual(['update network:br']);
    expect(argvOf(p, 'network:br')).toEqual([['ifconfig', 'kleene0', 'description', 'klee:proj:br']]);
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
    expect(ids(d)).toEqual(['delete pf', 'delete container:a', 'delete container:v', 'delete epair:v:br', 'delete network:br', 'delete network:lo']);
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

describe('pf rules of published ports', () => {
  it('rdr translates the host port to the container port (ranges too); pass opens the container port', () => {
    const s = spec(P, [net('lo', { subnet: '10.2.3.0/24' })], [
      ctr(P, 'a', { networks: [{ network: 'lo', ip: '10.2.3.5' }], ports: [
        { hostStart: 8080, hostEnd: 8080, containerStart: 80, containerEnd: 80, protocol: 'tcp' },
        { interface: 'em1', hostStart: 5000, hostEnd: 5009, containerStart: 6000, containerEnd: 6009, protocol: 'udp' },
      ] }),
    ]);
    const stdin = plan(s, freshHost(), opts).actions.find((a) => a.id === 'pf')!.commands[0].stdin!;
    const rules = stdin.split('\n').filter((l) => / port /.test(l)).map((l) => l.replace(/ label "klee:[0-9a-f]+"$/, ''));
    expect(rules).toEqual([
      'rdr on em0 inet proto tcp from any to (em0) port 8080 -> 10.2.3.5 port 80',
      'rdr on em1 inet proto udp from any to (em1) port 5000:5009 -> 10.2.3.5 port 6000:*',
      'pass quick inet proto tcp from any to 10.2.3.5 port 80',
      'pass quick inet proto udp from any to 10.2.3.5 port 6000:6009',
    ]);
  });
});

describe('pf rules of networks', () => {
  const pfOf = (nets: ReturnType<typeof net>[], cs: ReturnType<typeof ctr>[], h = freshHost()) => {
    const p = plan(spec(P, nets, cs), h, opts);
    const text = p.actions.find((a) => a.id === 'pf')?.commands[0].stdin ?? '';
    return { rules: text.split('\n').filter(Boolean), warnings: p.warnings };
  };
  const noRoute = () => { const h = freshHost(); delete h.defaultRoute; return h; };

  it('nat on the default-route interface, a named one, or none; internal networks get none and are fenced in', () => {
    const { rules: r, warnings } = pfOf([
      net('a', { subnet: '10.1.0.0/24', nat: true }), net('b', { subnet: '10.2.0.0/24', nat: 'em1' }), net('c', { subnet: '10.3.0.0/24', nat: false }),
      net('d', { subnet: '10.4.0.0/24', nat: true, internal: true }), net('e', { subnet: '10.5.0.0/24', nat: true, icc: false }),
    ], []);
    expect(warnings).toEqual([]); // the host has a default route: nothing to warn about
    const hash = /label "(klee:[0-9a-f]{16})"$/.exec(r.find((x) => x.startsWith('pass'))!)![1];
    expect(r).toEqual([
      'nat on em0 inet from 10.1.0.0/24 to any -> (em0)',
      'nat on em1 inet from 10.2.0.0/24 to any -> (em1)',
      'nat on em0 inet from 10.5.0.0/24 to any -> (em0)',
      ...[['a', '10.1.0.0/24', 'kleene0'], ['b', '10.2.0.0/24', 'kleene1'], ['c', '10.3.0.0/24', 'kleene2']].flatMap(([, sn, itf]) => [
        `pass quick on { ${itf} lo0 } inet from ${sn} to ${sn} label "${hash}"`, `block in log inet from any to ${sn} label "${hash}"`]),
      `pass quick on { kleene3 lo0 } inet from 10.4.0.0/24 to 10.4.0.0/24 label "${hash}"`,
      `block out quick log on { kleene3 em0 } inet from 10.4.0.0/24 to ! 10.4.0.0/24 label "${hash}"`,
      `block in log inet from any to 10.4.0.0/24 label "${hash}"`,
      `block in log inet from any to 10.5.0.0/24 label "${hash}"`, // icc off: no pass between its members
    ]);
  });

  it('IPv6 subnets get inet6 rules and no nat; a custom network (the user\'s LAN) is never blocked', () => {
    const r = pfOf([net('br', { type: 'bridge', subnet6: 'fd00:8::/64', nat: true }), net('lan', { type: 'custom', interface: 'em0', subnet: '10.0.2.0/24', nat: false })], [ctr(P, 'v', { driver: 'vnet', networks: [{ network: 'br' }] })]).rules;
    expect(r.map((x) => x.replace(/ label "klee:[0-9a-f]+"$/, ''))).toEqual([
      'pass quick on { kleene0 lo0 epair0a } inet6 from fd00:8::/64 to fd00:8::/64',
      'block in log inet6 from any to fd00:8::/64',
      'pass quick on { em0 lo0 } inet from 10.0.2.0/24 to 10.0.2.0/24',
    ]);
  });

  it('without a default route: no nat (a warning), ports on no interface (a warning); a named interface still works', () => {
    const cs = [ctr(P, 'a', { networks: [{ network: 'lo', ip: '10.1.0.5' }], ports: [
      { hostStart: 80, hostEnd: 80, containerStart: 80, containerEnd: 80, protocol: 'tcp' },
      { interface: 'em1', hostStart: 8000, hostEnd: 8009, containerStart: 8000, containerEnd: 8009, protocol: 'udp' },
    ] })];
    const { rules, warnings } = pfOf([net('lo', { subnet: '10.1.0.0/24', nat: true })], cs, noRoute());
    expect(rules.filter((x) => !x.startsWith('pass quick on') && !x.startsWith('block')).map((x) => x.replace(/ label "klee:[0-9a-f]+"$/, ''))).toEqual([
      'rdr on em1 inet proto udp from any to (em1) port 8000:8009 -> 10.1.0.5 port 8000:*',
      'pass quick inet proto udp from any to 10.1.0.5 port 8000:8009',
    ]);
    expect(warnings).toEqual([
      'network "lo": nat is on but the host has no default route, so no NAT rule is loaded',
      'container "a": port 80:80/tcp not published: no interface given and the host has no default route',
    ]);
  });

  it('a port of a container without IPv4 is not published (a warning); a project without rules loads none', () => {
    const { warnings } = pfOf([net('br', { type: 'bridge', subnet6: 'fd00:8::/64' })], [ctr(P, 'v', { driver: 'vnet', networks: [{ network: 'br' }], ports: [{ interface: 'em0', hostStart: 53, hostEnd: 53, containerStart: 5353, containerEnd: 5353, protocol: 'udp' }] })]);
    expect(warnings).toEqual(['container "v": port em0:53:5353/udp not published: the container has no IPv4 address']);
    expect(plan(spec(P, [], [ctr(P, 'h')]), freshHost(), opts).actions.map((a) => a.id)).toEqual(['container:h']);
  });

  it('the label hash follows the rules: another subnet, another hash', () => {
    const h1 = pfOf([net('a', { subnet: '10.1.0.0/24' })], []).rules[0];
    const h2 = pfOf([net('a', { subnet: '10.1.1.0/24' })], []).rules[0];
    expect(/label "klee:([0-9a-f]{16})"$/.exec(h1)![1]).not.toBe(/label "klee:([0-9a-f]{16})"$/.exec(h2)![1]);
  });
});

