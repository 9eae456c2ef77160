// Container removal (stop, jail -r, umount, -alias: jail(8)'s stop order; it does only the kernel's part for command-line jails)
// and leaked aliases on the project's own interfaces.
import { describe, expect, it } from 'vitest';
import { plan, planDown } from '../../src/planner/plan.js';
import { createUndo } from '../../src/planner/kinds/container-removal.js';
import { stopCommands } from '../../src/planner/kinds/service.js';
import type { Plan } from '../../src/planner/types.js';
import { convergedSim, simBox } from './sim-apply.js';
import { ctr, freshHost, iface, jail, net, spec } from './builders.js';

const P = 'proj';
const opts = { host: 'test', removeOrphans: true }; // containers dropped from the file are removed (--remove-orphans)
const cmds = (p: Plan, id: string) => p.actions.find((a) => a.id === id)!.commands;
const mount = (target: string, fstype = 'nullfs', source = '/data') => ({ source, target, fstype, options: 'rw' });

/** A converged simulated host for a loopback network with ipnet containers a (10.2.3.1) and b (10.2.3.2). */
async function ipnetHost(extra: Partial<Parameters<typeof ctr>[2]> = {}) {
  const s = spec(P, [net('lo', { subnet: '10.2.3.0/24' })], [ctr(P, 'a', { networks: [{ network: 'lo' }], ...extra }), ctr(P, 'b', { networks: [{ network: 'lo' }] })]);
  const { sim, h } = await convergedSim(s);
  return { s, h, sim, fresh: await simBox(P).state() };
}

describe('container removal', () => {
  it('the stop (it ends every process of the jail), umount deepest first (never -f), -alias on a kept interface, jail -r last', async () => {
    const { s, h, sim, fresh } = await ipnetHost({ mounts: [{ source: '/d', target: '/var/db', mode: 'rw' }] });
    const p = plan(spec(P, s.networks, [s.containers[1]]), h, opts);
    const c = cmds(p, 'container:a');
    expect(c.map((x) => [x.argv.slice(0, 2).join(' '), x.argv.at(-1), x.mayFail ?? false])).toEqual([
      ['jexec proj_a', '/bin/sh /etc/rc.shutdown jail', false], // the thin VM's stop (src/host/program.ts)
      ['umount /jails/a/var/db', '/jails/a/var/db', false],
      ['umount /jails/a/dev', '/jails/a/dev', false],
      ['ifconfig kleene0', '-alias', false],
      ['jexec proj_a', '/var/run/klee/proj_a', false], // klee's directory with the environment file
      ['jail -r', 'proj_a', false],
    ]);
    const after = await sim.apply(p);
    expect(after.interfaces.find((i) => i.name === 'kleene0')!.inet.map((a) => a.address)).toEqual(['10.2.3.2']);
    expect(after.mounts).toEqual([...fresh.mounts!, mount('/jails/b/dev', 'devfs', 'devfs')]);
  });

  it('the stop command is the file\'s exec.stop (sh -c, several joined with &&); down uses it when given the file', async () => {
    const { s, h } = await ipnetHost({ jailParams: ['exec.stop=/usr/local/etc/rc.d/app stop', 'exec.stop=sync'] });
    // exec.stop is still a user parameter passed to jail -c (only Kleene's default is gone)
    expect(plan(s, freshHost(), opts).actions.find((a) => a.id === 'container:a')!.commands[0].argv).toContain('exec.stop=sync');
    const changed = spec(P, s.networks, [{ ...s.containers[0], hostname: 'other' }, s.containers[1]]);
    // the thin VM's stop runs the file's exec.stop instead of rc.shutdown (its third argument)
    const rcStop = (p: Plan, id: string) => cmds(p, id)[0].argv.slice(5);
    expect(cmds(plan(changed, h, opts), 'container:a:delete')[0].mayFail).toBeUndefined();
    expect(rcStop(plan(changed, h, opts), 'container:a:delete')).toEqual(['/var/run/klee/proj_a', '/usr/local/etc/rc.d/app stop && sync']);
    expect(rcStop(planDown(P, h, { ...opts, spec: s }), 'container:a')).toEqual(['/var/run/klee/proj_a', '/usr/local/etc/rc.d/app stop && sync']);
    expect(rcStop(planDown(P, h, opts), 'container:a')).toEqual(['/var/run/klee/proj_a', '/bin/sh /etc/rc.shutdown jail']);
  });

  it('down destroys the loopback network after the jails, so no -alias there; down returns a fresh host', async () => {
    const { h, sim, fresh } = await ipnetHost();
    const p = planDown(P, h, opts);
    expect(p.actions.flatMap((a) => a.commands).filter((c) => c.argv.includes('-alias'))).toEqual([]);
    const after = await sim.apply(p);
    expect([after.interfaces, after.jails, after.mounts]).toEqual([fresh.interfaces, [], fresh.mounts]);
  });

  it('no mount table (`mount -p` failed, an older snapshot): the removal of a jail with mounts of its own is refused, naming them', async () => {
    const { s, h } = await ipnetHost();
    delete h.mounts;
    expect(() => plan(spec(P, s.networks, [s.containers[1]]), h, opts)).toThrow(/jail "proj_a" cannot be removed: the host state has no mount table \(mount -p\); klee cannot tell whether the jail's own mounts \(devfs on "\/jails\/a\/dev"\)/);
    h.warnings.push('cannot read the mount table: `mount -p` failed (exit 1): mount: permission denied');
    expect(() => planDown(P, h, opts)).toThrow(/cannot be removed: cannot read the mount table: `mount -p` failed \(exit 1\): mount: permission denied; klee/);
  });
});

describe('createUndo (--atomic rollback of a jail -c)', () => {
  it("klee's directory in the jail (the environment file), jail -r, then the aliases and mounts jail(8) left, deepest mount first", async () => {
    const argv = ['jail', '-c', 'name=p_a', 'path=/jails/a', 'mount.devfs', 'mount.procfs', 'ip4.addr=kleene0|10.2.3.1/32', 'ip6.addr=kleene0|fd00::1/128', 'mount=/d /jails/a/var/db nullfs rw 0 0', 'command=/bin/sh'];
    expect(createUndo(argv, 'p_a', '/jails/a')).toEqual([
      ['jexec', 'p_a', '/bin/rm', '-rf', '/var/run/klee/p_a'],
      ['jail', '-r', 'p_a'],
      ['ifconfig', 'kleene0', 'inet', '10.2.3.1', '-alias'],
      ['ifconfig', 'kleene0', 'inet6', 'fd00::1', '-alias'],
      ['umount', '/jails/a/var/db'],
      ['umount', '/jails/a/proc'],
      ['umount', '/jails/a/dev'],
    ]);
    const { s, sim, fresh } = await ipnetHost();
    const p = plan(s, fresh, opts);
    // applying every undo of the container creates gives the host without the jails, their aliases and mounts
    const undone = await sim.apply({ ...p, actions: p.actions.filter((a) => a.resource === 'container').map((a) => ({ ...a, commands: a.commands[0].undo!.map((argv) => ({ argv })) })) });
    expect(undone.jails).toEqual([]);
    expect(undone.mounts).toEqual(fresh.mounts);
    expect(undone.interfaces.find((i) => i.name === 'kleene0')!.inet).toEqual([]);
  });
});

describe('leaked aliases', () => {
  it('an alias of a jail removed by hand is deleted before the container is created again with the same address', async () => {
    const { s, sim } = await ipnetHost();
    await sim.run('jail', '-r', 'proj_a'); // by hand: 10.2.3.1 stays on kleene0 (a command-line jail's alias)
    const h = await sim.state();
    const p = plan(s, h, opts);
    const leak = p.actions.find((a) => a.reason === 'leaked alias')!;
    expect(leak).toMatchObject({ id: 'address:leaked:kleene0:10.2.3.1', op: 'delete', resource: 'address', name: 'lo', commands: [{ argv: ['ifconfig', 'kleene0', 'inet', '10.2.3.1', '-alias'] }] });
    expect(p.actions.find((a) => a.id === 'container:a')).toMatchObject({ facts: { addresses: 'lo=10.2.3.1' }, after: [leak.id, 'network:lo'].filter((x) => p.actions.some((a) => a.id === x)) });
    expect(plan(s, await sim.apply(p), opts).actions).toEqual([]);
  });

  it('never on custom interfaces, never a foreign jail\'s address, never a gateway or link-local address', async () => {
    const s = spec(P, [net('br', { type: 'bridge', subnet: '10.4.6.0/24', subnet6: 'fd00:4::/64' }), net('lan', { type: 'custom', interface: 'em0', subnet: '10.0.2.0/24' })], []);
    const { h } = await convergedSim(s);
    const br = h.interfaces.find((i) => i.name === 'kleene0')!;
    br.inet.push({ address: '10.4.6.50', prefixlen: 32 }, { address: '10.4.6.60', prefixlen: 32 });
    br.inet6.push({ address: 'fe80::1', prefixlen: 128 }, { address: 'fd00:4::9', prefixlen: 128 });
    h.interfaces.find((i) => i.name === 'em0')!.inet.push({ address: '10.0.2.99', prefixlen: 32 });
    h.jails.push(jail('someone', { ip4: ['10.4.6.60'] }));
    h.interfaces.push(iface('kleene9', { kind: 'loopback', description: 'klee:otherproj:n', inet: [{ address: '10.7.0.1', prefixlen: 32 }] }));
    const p = plan(s, h, opts);
    expect(p.actions.filter((a) => a.reason === 'leaked alias').map((a) => a.commands[0].argv)).toEqual([
      ['ifconfig', 'kleene0', 'inet', '10.4.6.50', '-alias'],
      ['ifconfig', 'kleene0', 'inet6', 'fd00:4::9', '-alias'],
    ]);
  });
});

describe('removal edges', () => {
  it('the stop command takes only `exec.stop=...` values, in order; none: Kleene\'s default', () => {
    const j = jail('proj_a');
    const params = ['exec.stop', 'securelevel=2', 'exec.stop=/a b', 'exec.stopx=/c', 'exec.stop=/d'];
    // a supervised program: the file's exec.stop first (best effort), then the program's stop
    const supervised = stopCommands(j, ctr(P, 'a', { command: ['/x'], jailParams: params }));
    expect(supervised[0]).toEqual({ argv: ['jexec', 'proj_a', '/bin/sh', '-c', '/a b && /d'], mayFail: true });
    expect(supervised.slice(1).map((c) => c.argv.slice(0, 4))).toEqual([['jexec', 'proj_a', '/bin/sh', '-c']]);
    // the thin VM: the file's exec.stop instead of rc.shutdown; none given: Kleene's rc.shutdown
    const rc = (jailParams: string[]) => stopCommands(j, ctr(P, 'a', { jailParams })).map((c) => c.argv.at(-1));
    expect([rc(params), rc([]), rc(['exec.stop', 'persist'])]).toEqual([['/a b && /d'], ['/bin/sh /etc/rc.shutdown jail'], ['/bin/sh /etc/rc.shutdown jail']]);
  });

  it('createUndo: fdescfs and procfs mounts, spaced mount lines; only IF|ADDR/len aliases', () => {
    const argv = ['jail', '-c', 'name=p_a', 'mount.fdescfs', 'mount.procfs=true', 'mount.devfs=false', 'mount=/d   /jails/a/x/y  nullfs rw 0 0', 'mount= /e /jails/a/z nullfs ro 0 0', 'mount=/lonely',
      'ip4.addr=10.0.0.1/32', 'ip4.addr=em0|10.0.0.2/32x', 'ip6.addr=em0|fd00::2/128', 'xip4.addr=em0|10.0.0.3/32', 'ip4.addr=em0|10.0.0.4'];
    expect(createUndo(argv, 'p_a', '/jails/a')).toEqual([
      ['jexec', 'p_a', '/bin/rm', '-rf', '/var/run/klee/p_a'], ['jail', '-r', 'p_a'], ['ifconfig', 'em0', 'inet6', 'fd00::2', '-alias'],
      // deepest first, then the later mount first (fdescfs and procfs come after the mount= lines)
      ['umount', '/jails/a/dev/fd'], ['umount', '/jails/a/x/y'], ['umount', '/jails/a/proc'], ['umount', '/jails/a/z'],
    ]);
  });

  it('an alias removed by hand is not taken off again when its container goes', async () => {
    const { s, sim } = await ipnetHost();
    await sim.run('ifconfig', 'kleene0', 'inet', '10.2.3.1', '-alias');
    const p = plan(spec(P, s.networks, [s.containers[1]]), await sim.state(), opts);
    expect(cmds(p, 'container:a').map((c) => [c.argv.slice(0, 2).join(' '), c.argv.at(-1)])).toEqual([
      ['jexec proj_a', '/bin/sh /etc/rc.shutdown jail'], ['umount /jails/a/dev', '/jails/a/dev'], ['jexec proj_a', '/var/run/klee/proj_a'], ['jail -r', 'proj_a'],
    ]);
  });

});

