// The container kind: one decision per file container (create, keep or replace and why) and the removal of the others.
import { describe, expect, it } from 'vitest';
import type { HostState } from '../../../src/host/types.js';
import type { DesiredNetwork } from '../../../src/planner/desired.js';
import { decideContainer, planContainers } from '../../../src/planner/kinds/container.js';
import { effectiveConfig } from '../../../src/planner/kinds/jail-argv.js';
import { reason } from '../../../src/planner/reason.js';
import type { Spec } from '../../../src/spec/types.js';
import { ctr, freshHost, jail, net, spec } from '../builders.js';
import { converged, upToContainers } from './world.js';

const P = 'proj';
const lo = net('lo', { subnet: '10.2.3.0/24' });
const br = net('br', { type: 'bridge', subnet: '10.4.6.0/24' });
const base = spec(P, [lo, br], [ctr(P, 'a', { networks: [{ network: 'lo' }] }), ctr(P, 'v', { driver: 'vnet', networks: [{ network: 'br' }] })]);
const edit = (f: (s: Spec) => void) => { const s = structuredClone(base); f(s); return s; };

/** The decision for container `name` of file `s` on host `h`. */
function decide(s: Spec, h: HostState, name: string, nets?: (n: Map<string, DesiredNetwork>) => void, dataset?: ReturnType<typeof reason>) {
  const u = upToContainers(s, h);
  nets?.(u.nets);
  return decideContainer(u.desired.find((d) => d.spec.name === name)!, u.obs.jails.get(name), u.obs, u.nets, dataset);
}
const why = (d: ReturnType<typeof decide>) => (d.op === 'replace' ? d.reasons.map((r) => [r.code, r.text, r.fields]) : d.op);

const h = await converged(base);

describe('decideContainer', () => {
  const lostEpair = () => {
    const x = structuredClone(h);
    x.interfaces = x.interfaces.filter((i) => !i.name.startsWith('epair'));
    x.jails.find((j) => j.name === 'proj_v')!.inside = { interfaces: [] };
    return x;
  };
  const cases: [string, () => ReturnType<typeof decide>, unknown][] = [
    ['no jail: created', () => decide(base, freshHost(), 'a'), 'create'],
    ['the jail as the file says: kept', () => decide(base, h, 'a'), 'keep'],
    ['a change jls cannot show (command): named by the field digests in meta', () => decide(edit((s) => { s.containers[0].command = ['/bin/true']; }), h, 'a'), [['changed', 'command changed', ['command']]]],
    ['a new path', () => decide(edit((s) => { s.containers[0].path = '/jails/a2'; }), h, 'a'), [['changed', 'path changed (/jails/a → /jails/a2)', ['path']]]],
    ['a new hostname and driver, both named', () => decide(edit((s) => { s.containers[1].driver = 'ipnet'; s.containers[1].hostname = 'w'; }), h, 'v'),
      [['changed', 'driver changed (vnet → ipnet)', ['driver']], ['changed', 'hostname changed (v → w)', ['hostname']]]],
    ['a new explicit address', () => decide(edit((s) => { s.containers[0].networks[0].ip = '10.2.3.9'; }), h, 'a'), [['changed', 'addresses changed (10.2.3.1 → 10.2.3.9)', ['networks']]]],
    ['its network replaced', () => decide(base, h, 'a', (n) => { n.set('lo', { ...n.get('lo')!, status: 'replace' }); }), [['changed', 'network lo replaced', ['networks.lo']]]],
    ['its epair destroyed by hand (the jail holds nothing of it any more)', () => decide(base, lostEpair(), 'v'),
      [['drifted', 'epair for br missing', undefined]]],
    ['its dataset replaced', () => decide(base, h, 'a', undefined, reason('changed', 'image changed (x → y)', ['image'])), [['changed', 'image changed (x → y)', ['image']]]],
    ['what the file changed comes first: no epair or dataset reason besides it', () => decide(edit((s) => { s.containers[1].hostname = 'w'; }), lostEpair(), 'v', undefined, reason('changed', 'image changed', ['image'])),
      [['changed', 'hostname changed (v → w)', ['hostname']]]],
  ];
  for (const [name, f, want] of cases) it(name, async () => expect(why(f())).toEqual(want));
});

const fieldsFile = spec(P, [lo], [ctr(P, 'a', {
  networks: [{ network: 'lo' }], env: { WORKERS: '4', MODE: 'fast' }, user: 'www',
  mounts: [{ source: '/data/a', target: '/a', mode: 'rw' }, { source: '/data/b', target: '/b', mode: 'ro' }],
})]);
const fieldsHost = await converged(fieldsFile);

describe('a replacement names the field that changed (digests per field in the jail\'s meta, no values)', () => {
  const change = (f: (s: Spec) => void) => { const s = structuredClone(fieldsFile); f(s); return s; };
  const host = fieldsHost;
  const meta = host.jails.find((j) => j.name === 'proj_a')!.params.meta as string;

  it('the meta parameter holds the hash and a digest per field, never a value', () => {
    expect(meta).toMatch(/^klee:v3:proj:a:[0-9a-f]{16}:[^:]*:path=[0-9a-f]{2},driver=[0-9a-f]{2},command=[0-9a-f]{2},restart=[0-9a-f]{2},user=[0-9a-f]{2},hostname=[0-9a-f]{2},jail_params=[0-9a-f]{2},env\.MODE=[0-9a-f]{2},env\.WORKERS=[0-9a-f]{2},mounts\[0\]=[0-9a-f]{2},mounts\[1\]=[0-9a-f]{2},networks\.lo=[0-9a-f]{2}$/);
    for (const value of ['fast', 'www', '/data/a', '/bin/sh']) expect(meta).not.toContain(value);
  });

  it.each([
    ['env.WORKERS', (s: Spec) => { s.containers[0].env.WORKERS = '8'; }, ['env.WORKERS']],
    ['a new env variable', (s: Spec) => { s.containers[0].env.EXTRA = '1'; }, ['env.EXTRA']],
    ['an env variable gone', (s: Spec) => { delete s.containers[0].env.MODE; }, ['env.MODE']],
    ['mounts[1]', (s: Spec) => { s.containers[0].mounts[1].mode = 'rw'; }, ['mounts[1]']],
    ['user', (s: Spec) => { s.containers[0].user = 'nobody'; }, ['user']],
    ['jail_params', (s: Spec) => { s.containers[0].jailParams = ['allow.raw_sockets']; }, ['jail_params']],
    ['restart (daemon(8)\'s -r, inside command=: jls cannot show it)', (s: Spec) => { s.containers[0].restart = 'always'; }, ['restart']],
    ['command and env at once', (s: Spec) => { s.containers[0].command = ['/bin/true']; s.containers[0].env.WORKERS = '2'; }, ['command', 'env.WORKERS']],
  ] as const)('%s', (_what, f, fields) => {
    expect(why(decide(change(f), host, 'a'))).toEqual([['changed', `${fields.join(', ')} changed`, fields]]);
  });

  it('every part of the configuration hash has a field: a changed hash always has a named field (but for a collision)', () => {
    const cfg = effectiveConfig(fieldsFile.containers[0], '/r', []);
    const fields = meta.split(':').at(-1)!.split(',').map((f) => f.split('=')[0].replace(/[.[].*$/, ''));
    const named = { root: 'path', jailParams: 'jail_params' } as Record<string, string>;
    for (const key of Object.keys(cfg)) if ((cfg as Record<string, unknown>)[key] !== undefined) expect(fields, key).toContain(named[key] ?? key);
  });

  it('a jail of an older klee (meta v1, no digests) says "configuration changed": the host cannot tell which field', () => {
    const old = structuredClone(host);
    const j = old.jails.find((x) => x.name === 'proj_a')!;
    j.params.meta = meta.replace(/^klee:v3:/, 'klee:v1:').split(':').slice(0, 5).join(':');
    expect(why(decide(change((s) => { s.containers[0].user = 'nobody'; }), old, 'a'))).toEqual([['changed', 'configuration changed', undefined]]);
  });

  it('many variables fold into one `env` digest to keep meta short, and a change is still named', async () => {
    const env = Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`VARIABLE_NUMBER_${i}`, String(i)]));
    const big = spec(P, [lo], [ctr(P, 'a', { networks: [{ network: 'lo' }], env })]);
    const bigHost = await converged(big);
    const m = bigHost.jails.find((j) => j.name === 'proj_a')!.params.meta as string;
    expect(m).toMatch(/,env=[0-9a-f]{2}/);
    expect(m).not.toContain('VARIABLE_NUMBER_');
    const s = structuredClone(big);
    s.containers[0].env.VARIABLE_NUMBER_7 = 'seven';
    expect(why(decide(s, bigHost, 'a'))).toEqual([['changed', 'env changed', ['env']]]);
  });
});

describe('planContainers', () => {
  const run = (s: Spec, h: HostState, down = false) => {
    const u = upToContainers(s, h, down);
    return planContainers(u.desired, { want: u.want, obs: u.obs, nets: u.nets, destroyed: u.networks.destroyed, epairs: new Map([['v', new Map([['br', 'epair4']])]]), datasetReplaced: new Map(), datasetDestroyed: new Map() });
  };

  it('a replacement: the removal half (stop, umount, -alias, klee\'s directory, jail -r) then the create half; both recorded for the rules', async () => {
    const p = run(edit((s) => { s.containers[0].command = ['/bin/true']; }), await converged(base));
    expect(p.actions.map((a) => [a.id, a.op, a.replacedBy, a.commands.map((c) => c.argv[0])])).toEqual([
      ['container:a:delete', 'replace', 'container:a', ['jexec', 'umount', 'ifconfig', 'jexec', 'jail']],
      ['container:a', 'replace', undefined, ['jail']],
    ]);
    expect([[...p.created], [...p.removal], p.kept.map((k) => k.d.spec.name)]).toEqual([[['a', 'container:a']], [['a', 'container:a:delete']], ['v']]);
  });

  it('a vnet container is created with the epair the epair kind gave it', async () => {
    const p = run(base, freshHost());
    expect(p.actions.find((a) => a.id === 'container:v')!.commands[0].argv.find((x) => x.startsWith('exec.created='))).toContain('/sbin/ifconfig epair4b vnet proj_v');
  });

  it('a jail the file no longer has: removed; down: removed for the reason down', async () => {
    const h = await converged(base);
    const gone = run(spec(P, [lo, br], [base.containers[1]]), h);
    expect(gone.actions.map((a) => [a.id, a.op, a.reason])).toEqual([['container:a', 'delete', 'not in file']]);
    expect(run(spec(P, [], []), h, true).actions.map((a) => [a.id, a.reason])).toEqual([['container:a', 'down'], ['container:v', 'down']]);
  });

  it('a dying jail is planned as absent (a warning says so); a foreign jail with our name is a problem about the container', async () => {
    const h = await converged(base);
    h.jails.find((j) => j.name === 'proj_a')!.dying = true;
    h.jails.push(jail('proj_b', { jid: 9, meta: 'klee:v1:other:b:0' }));
    const p = run(edit((s) => { s.containers.push(ctr(P, 'b')); }), h);
    expect(p.actions.find((a) => a.id === 'container:a')!.op).toBe('create');
    expect(p.warnings).toEqual(['jail "proj_a" is dying (being removed by the kernel); it is planned as absent']);
    expect(p.problems.map((x) => x.resource)).toEqual(['container:b']);
  });

  it('a meta longer than the kernel takes (the record of many mounts) is a problem about the container, before anything runs', () => {
    const many = Array.from({ length: 60 }, (_, i) => ({ source: `/data/${'x'.repeat(40)}${i}`, target: `/srv/${'y'.repeat(60)}${i}`, mode: 'ro' as const }));
    const p = run(edit((s) => { s.containers[0].mounts = many; }), freshHost());
    expect(p.problems).toEqual([{ resource: 'container:a', message: expect.stringMatching(/^container "a": its jail's meta, with the record of the mounts its creation makes, is \d+ bytes, more than the kernel's security.jail.meta_maxbufsize \(4096\)/) }]);
    expect(run(edit((s) => { s.containers[0].mounts = many.slice(0, 5); }), freshHost()).problems).toEqual([]);
  });
});
