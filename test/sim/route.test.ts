// route(8) in the simulator takes the forms sbin/route/route.c takes (options, then a command, then modifiers and words
// in any order), for the one table it models: the default routes.
import { describe, expect, it } from 'vitest';
import { freshHost } from './helpers.js';

const USAGE = 'route: usage: route [-46dnqtv] command [[modifiers] args]\n';

describe('route', () => {
  it('reads the default route through every form of the same question', async () => {
    const { sh } = await freshHost();
    for (const argv of [['-n', 'get', 'default'], ['-n', 'get', '-inet', 'default'], ['-4n', 'get', '0.0.0.0'], ['-n', 'show', '-4', 'default'], ['get', '-dst', 'default']]) {
      const r = await sh('route', ...argv);
      expect([argv.join(' '), r.exitCode, r.stdout.includes('    gateway: 10.0.2.2\n'), r.stdout.includes('  interface: em0\n')]).toEqual([argv.join(' '), 0, true, true]);
    }
    expect((await sh('route', '-n', 'get', 'default')).stdout.startsWith('   route to: 0.0.0.0\n')).toBe(true);
    expect((await sh('route', 'get', 'default')).stdout.startsWith('   route to: default\n')).toBe(true);
    for (const argv of [['-6', 'get', 'default'], ['-n', 'get', '-inet6', 'default'], ['get', '-6', '::/0']]) {
      expect([argv.join(' '), (await sh('route', ...argv)).stderr]).toEqual([argv.join(' '), 'route: route has not been found\n']);
    }
  });

  it('adds, changes and deletes with modifiers anywhere; refuses what route.c refuses', async () => {
    const { sh } = await freshHost();
    expect((await sh('route', 'add', 'default', '10.0.2.3')).stdout).toBe('add net default: gateway 10.0.2.3 fib 0: route already in table\n');
    expect((await sh('route', '-q', 'delete', '-inet', 'default')).stdout).toBe('delete net default: gateway 10.0.2.2\n');
    expect((await sh('route', 'change', 'default', '10.0.2.3')).stdout).toBe('change net default: gateway 10.0.2.3 fib 0: not in table\n');
    expect((await sh('route', 'add', '-net', 'default', '-gateway', '10.0.2.3', '-fib', '0', '-mtu', '1400', '-static')).stdout).toBe('add net default: gateway 10.0.2.3\n');
    expect((await sh('route', 'change', 'default', '10.0.2.4')).stdout).toBe('change net default: gateway 10.0.2.4\n');
    expect((await sh('route', '-n', 'get', 'default')).stdout).toContain('    gateway: 10.0.2.4\n');
    expect((await sh('route', 'add', '-inet6', 'default', '10.0.2.2')).stderr).toBe('route: bad address: 10.0.2.2\n');
    const bad = async (...argv: string[]) => { const r = await sh('route', ...argv); return [r.exitCode, r.stderr]; };
    expect(await bad()).toEqual([64, USAGE]);
    expect(await bad('-x', 'get', 'default')).toEqual([64, `route: illegal option -- x\n${USAGE}`]);
    expect(await bad('bogus', 'default')).toEqual([64, `route: bad keyword: bogus\n${USAGE}`]);
    expect(await bad('get', '-bogus', 'default')).toEqual([64, `route: bad keyword: bogus\n${USAGE}`]);
    expect(await bad('get', 'default', '-fib')).toEqual([64, USAGE]);
    expect(await bad('add', 'default', '10.0.2.3', '-fib', '1')).toEqual([64, 'route: invalid fib number: 1\n']);
    expect(await bad('add', 'default', '10.0.2.3', 'x')).toEqual([64, USAGE]);
  });

  it('says so for what it does not model: other destinations, flush, monitor', async () => {
    const { sh } = await freshHost();
    expect((await sh('route', 'add', '-net', '10.9.0.0/24', '10.0.2.2')).stderr).toBe('route: the simulator models only the default route, not 10.9.0.0/24 (docs/simulator.md)\n');
    expect((await sh('route', 'flush')).stderr).toBe('route: the simulator does not model route flush (docs/simulator.md)\n');
  });
});
