import { describe, expect, it } from 'vitest';
import { epairGroup } from '../../src/host/labels.js';
import { nameRef } from '../../src/planner/kernel-names.js';
import { plan } from '../../src/planner/plan.js';
import { ctr, freshHost, net, spec } from './builders.js';

const argvs = (p: ReturnType<typeof plan>) => p.actions.flatMap((a) => a.commands.map((c) => c.argv));

describe('the seeds\' numbers', () => {
  it('loopback 10.2.3.0/24: the first ipnet container gets 10.2.3.1', () => {
    const s = spec('demo', [net('testnet', { subnet: '10.2.3.0/24' })], [ctr('demo', 'one', { networks: [{ network: 'testnet' }] })]);
    const p = plan(s, freshHost(), { host: 'sim:x' });
    expect(p.actions.map((a) => `${a.op} ${a.id}`)).toEqual(['create network:testnet', 'create pf', 'create container:one']);
    expect(argvs(p)[0]).toEqual(['ifconfig', 'lo', 'create', 'description', 'klee:demo:testnet', 'up', 'name', 'kleene0']);
    expect(argvs(p)[2]).toContain('ip4.addr=kleene0|10.2.3.1/32');
  });

  it('bridge 10.4.6.0/24: gateway 10.4.6.1, first vnet container 10.4.6.2 with a default route via 10.4.6.1', () => {
    const s = spec('demo', [net('testvnet', { type: 'bridge', subnet: '10.4.6.0/24' })], [ctr('demo', 'one', { driver: 'vnet', networks: [{ network: 'testvnet' }] })]);
    const p = plan(s, freshHost(), { host: 'sim:x' });
    expect(p.actions.map((a) => `${a.op} ${a.id}`)).toEqual([
      'update sysctl:net.inet.ip.forwarding', 'create network:testvnet', 'create gateway:testvnet', 'create epair:one:testvnet', 'create pf', 'create container:one',
    ]);
    const cmds = argvs(p);
    expect(cmds[1]).toEqual(['ifconfig', 'bridge', 'create', 'description', 'klee:demo:testvnet', 'up', 'name', 'kleene0']);
    expect(cmds[2]).toEqual(['ifconfig', 'kleene0', 'inet', '10.4.6.1/24', 'alias']);
    // the seed's epair0 is the kernel's choice on a fresh host (the sim gives it); the plan carries the printed name
    const e = nameRef('epair:one:testvnet');
    expect(cmds[3]).toEqual(['ifconfig', 'epair', 'create', 'description', 'klee:demo:one:testvnet', 'group', epairGroup('demo', 'testvnet'), 'up']);
    expect(cmds[4]).toEqual(['ifconfig', 'kleene0', 'addm', `${e}a`]);
    const created = cmds[6].find((a) => a.startsWith('exec.created='));
    expect(created).toBe(`exec.created=/sbin/ifconfig ${e}b vnet demo_one && /usr/sbin/jexec demo_one /sbin/ifconfig lo0 inet 127.0.0.1/8 up && /usr/sbin/jexec demo_one /sbin/ifconfig ${e}b inet 10.4.6.2/24 up && /usr/sbin/jexec demo_one /sbin/route add -inet default 10.4.6.1`);
  });
});
