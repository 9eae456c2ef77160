// Test controls (fail, fail-match, latency, missing, hooks, vimage), persistence, concurrency and the project lock.
import { existsSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openSimHost } from '../../src/host/sim/index.js';
import { LockBusyError } from '../../src/host/types.js';
import { freshHost, tmpState } from './helpers.js';

describe('query controls', () => {
  it('fail=N fails the Nth command with FreeBSD text and leaves state alone', async () => {
    const { sh } = await freshHost('?fail=2');
    expect((await sh('ifconfig', 'bridge', 'create')).stdout).toBe('bridge0\n');
    const r = await sh('ifconfig', 'bridge', 'create');
    expect([r.exitCode, r.stderr]).toEqual([1, 'ifconfig: SIOCIFCREATE2: Invalid argument\n']);
    expect((await sh('ifconfig', 'bridge', 'create')).stdout).toBe('bridge1\n');
  });

  it('fail-match fails every matching command', async () => {
    const { sh } = await freshHost('?fail-match=' + encodeURIComponent('^jail -c'));
    const r = await sh('jail', '-c', 'name=a', 'path=/', 'persist');
    expect([r.exitCode, r.stderr]).toEqual([1, 'jail: jail_set: Operation not permitted\n']);
    expect((await sh('jls', '-n', '--libxo=json')).stdout).toBe('{"__version": "2", "jail-information": {"jail": []}}\n');
  });

  it('latency delays each command', async () => {
    const { sh } = await freshHost('?latency=30');
    const t = Date.now();
    await sh('uname', '-sr');
    expect(Date.now() - t).toBeGreaterThanOrEqual(28);
  });

  it('hooks=0, vimage=0 and the fresh host', async () => {
    const on = await freshHost();
    expect((await on.sh('pfctl', '-s', 'nat')).stdout).toBe('nat-anchor "klee/*" all\nrdr-anchor "klee/*" all\n');
    expect((await on.sh('pfctl', '-s', 'rules')).stdout).toBe('anchor "klee/*" all\n');
    expect((await on.sh('uname', '-sr')).stdout).toBe('FreeBSD 14.3-RELEASE\n'); // the default release
    // uname.c prints its fields in a fixed order (sysname, nodename, release, version, machine), whatever the flags' order
    expect((await on.sh('uname', '-m')).stdout).toBe('amd64\n');
    expect((await on.sh('uname', '-m', '-s')).stdout).toBe('FreeBSD amd64\n');
    expect((await on.sh('uname', '-n')).stdout).toBe((await on.sh('/bin/sh', '-c', 'hostname')).stdout);
    expect((await on.sh('route', '-n', 'get', '-inet', 'default')).stdout).toContain('  interface: em0\n');
    const off = await freshHost('?hooks=0&vimage=0');
    expect((await off.sh('pfctl', '-s', 'nat')).stdout).toBe('');
    const s = await off.sh('sysctl', 'net.inet.ip.forwarding', 'kern.features.vimage', 'security.jail.meta_maxbufsize');
    expect([s.exitCode, s.stdout, s.stderr]).toEqual([1, 'net.inet.ip.forwarding: 0\nsecurity.jail.meta_maxbufsize: 4096\n', "sysctl: unknown oid 'kern.features.vimage'\n"]);
    expect((await off.sh('jail', '-c', 'name=v', 'path=/', 'persist', 'vnet')).stderr).toBe('jail: unknown parameter: vnet\n');
  });

  it('sysctl set prints old -> new', async () => {
    const { sh } = await freshHost();
    expect((await sh('sysctl', 'net.inet.ip.forwarding=1')).stdout).toBe('net.inet.ip.forwarding: 0 -> 1\n');
  });

  it('pfctl -s info first line and -F all texts as pfctl_parser.c print_status and pfctl.c main print them', async () => {
    const { sh } = await freshHost();
    expect((await sh('pfctl', '-s', 'info')).stdout.split('\n')[0]).toBe('Status: Enabled for 0 days 00:00:00' + ' '.repeat(9) + '  Debug: Urgent');
    expect((await sh('pfctl', '-d')).exitCode).toBe(0);
    expect((await sh('pfctl', '-s', 'info')).stdout.split('\n')[0]).toBe('Status: Disabled' + ' '.repeat(28) + '  Debug: Urgent');
    const f = await sh('pfctl', '-a', 'klee/web', '-F', 'all');
    expect([f.exitCode, f.stdout, f.stderr]).toEqual([0, '', 'Ethernet rules cleared\nrules cleared\nnat cleared\n0 tables deleted.\n']);
  });

  it('sysctl exits with the number of names it could not handle (sbin/sysctl/sysctl.c: return (warncount))', async () => {
    const { sh } = await freshHost();
    const s = await sh('sysctl', 'no.such.a', 'net.inet.ip.forwarding', 'no.such.b');
    expect([s.exitCode, s.stdout, s.stderr]).toEqual([2, 'net.inet.ip.forwarding: 0\n', "sysctl: unknown oid 'no.such.a'\nsysctl: unknown oid 'no.such.b'\n"]);
  });

  it('unknown options are refused', async () => {
    await expect(openSimHost(tmpState() + '?bogus=1')).rejects.toThrow(/unknown option "bogus"/);
  });
});

describe('pf anchors', () => {
  it('loads, lists normalised, flushes; syntax errors name the stdin line', async () => {
    const { host, sh } = await freshHost();
    const rules = 'nat on em0 inet from 10.4.6.0/24 to any -> (em0)\nrdr on em0 inet proto tcp from any to any port 8080 -> 10.4.6.2 port 80\npass in quick on kleene1 inet proto tcp from any to 10.4.6.2 port 80 label "klee:ab12"\n';
    expect((await host.run(['pfctl', '-a', 'klee/web', '-f', '-'], { stdin: rules })).exitCode).toBe(0);
    expect((await sh('pfctl', '-a', 'klee', '-s', 'Anchors')).stdout).toBe('  klee/web\n');
    expect((await sh('pfctl', '-a', 'klee/web', '-s', 'rules')).stdout).toBe('pass in quick on kleene1 inet proto tcp from any to 10.4.6.2 port = http flags S/SA keep state label "klee:ab12"\n');
    expect((await sh('pfctl', '-a', 'klee/web', '-s', 'nat')).stdout).toBe('nat on em0 inet from 10.4.6.0/24 to any -> (em0) round-robin\nrdr on em0 inet proto tcp from any to any port = http-alt -> 10.4.6.2 port 80\n');
    const bad = await host.run(['pfctl', '-a', 'klee/web', '-f', '-'], { stdin: 'pass in\nfrobnicate all\n' });
    expect([bad.exitCode, bad.stderr]).toEqual([1, 'stdin:2: syntax error\npfctl: Syntax error in config file: pf rules not loaded\n']);
    // parse.y natrule has no label: a labelled nat/rdr rule is a syntax error and nothing is loaded
    for (const rule of ['nat on em0 inet from 10.4.6.0/24 to any -> (em0) label "klee:ab12"', 'rdr on em0 inet proto tcp from any to any port 80 -> 10.4.6.2 port 80 label "x"']) {
      const r = await host.run(['pfctl', '-a', 'klee/web', '-f', '-'], { stdin: `pass in\n${rule}\n` });
      expect([r.exitCode, r.stderr]).toEqual([1, 'stdin:2: syntax error\npfctl: Syntax error in config file: pf rules not loaded\n']);
    }
    expect((await sh('pfctl', '-a', 'klee/web', '-s', 'nat')).stdout).toContain('rdr on em0 inet proto tcp from any to any port = http-alt');
    await sh('pfctl', '-a', 'klee/web', '-F', 'all');
    expect((await sh('pfctl', '-a', 'klee', '-s', 'Anchors')).stdout).toBe('');
  });

  it('the main ruleset is loaded and listed like an anchor (pf.conf hooks on a host without them); -F rules keeps nat', async () => {
    const { host, sh } = await freshHost('?hooks=0');
    expect((await sh('pfctl', '-s', 'Anchors')).stdout).toBe('');
    const conf = 'nat-anchor "klee/*"\nrdr-anchor "klee/*"\npass all\nanchor "klee/*"\n';
    expect((await host.run(['pfctl', '-f', '-'], { stdin: conf })).exitCode).toBe(0);
    expect((await sh('pfctl', '-s', 'nat')).stdout).toBe('nat-anchor "klee/*" all\nrdr-anchor "klee/*" all\n');
    expect((await sh('pfctl', '-s', 'rules')).stdout).toBe('pass all flags S/SA keep state\nanchor "klee/*" all\n');
    expect((await sh('pfctl', '-s', 'Anchors')).stdout).toBe('  klee\n');
    await host.run(['pfctl', '-a', 'klee/web', '-f', '-'], { stdin: 'nat on em0 inet from 10.4.6.0/24 to any -> (em0)\npass in all\n' });
    // parse.y expand_rule keeps the default `flags S/SA` for tcp or no protocol only
    await host.run(['pfctl', '-a', 'klee/udp', '-f', '-'], { stdin: 'pass in inet proto udp from any to 10.4.6.2 port 53\n' });
    expect((await sh('pfctl', '-a', 'klee/udp', '-s', 'rules')).stdout).toBe('pass in inet proto udp from any to 10.4.6.2 port = domain keep state\n');
    await sh('pfctl', '-a', 'klee/udp', '-F', 'all');
    expect((await sh('pfctl', '-a', 'klee/web', '-F', 'rules')).stderr).toBe('rules cleared\n');
    expect((await sh('pfctl', '-a', 'klee/web', '-s', 'rules')).stdout).toBe('');
    expect((await sh('pfctl', '-a', 'klee/web', '-s', 'nat')).stdout).toBe('nat on em0 inet from 10.4.6.0/24 to any -> (em0) round-robin\n');
    await sh('pfctl', '-a', 'klee/web', '-F', 'nat');
    expect((await sh('pfctl', '-a', 'klee', '-s', 'Anchors')).stdout).toBe('');
  });
});

describe('zfs', () => {
  it('clones, lists and destroys datasets', async () => {
    const { sh } = await freshHost('?missing=' + encodeURIComponent('zroot/img@gone'));
    expect((await sh('zfs', 'clone', '-p', '-o', 'mountpoint=/jails/c', 'zroot/img@v1', 'zroot/klee/web/c')).exitCode).toBe(0);
    expect((await sh('zfs', 'list', '-H', '-p', '-t', 'filesystem', '-o', 'name,origin,mountpoint')).stdout).toBe('zroot\t-\t/zroot\nzroot/klee\t-\t/zroot/klee\nzroot/klee/web\t-\t/zroot/klee/web\nzroot/klee/web/c\tzroot/img@v1\t/jails/c\n');
    expect((await sh('zfs', 'clone', '-p', 'zroot/img@gone', 'zroot/klee/web/d')).stderr).toBe("cannot open 'zroot/img@gone': dataset does not exist\n");
    expect((await sh('zfs', 'destroy', 'zroot/klee/web/c')).exitCode).toBe(0);
  });
});

describe('persistence and concurrency', () => {
  it('state survives between two hosts on the same path, and a fresh file is created', async () => {
    const path = tmpState();
    const a = await openSimHost(path);
    await a.run(['ifconfig', 'bridge', 'create', 'name', 'kleene1']);
    expect(existsSync(path)).toBe(true);
    const b = await openSimHost(path);
    expect((await b.run(['ifconfig', '-l'])).stdout).toBe('em0 lo0 pflog0 kleene1\n');
  });

  it('a fresh host may live in a directory that does not exist yet', async () => {
    const path = `${tmpState()}.d/nested/host.json`;
    const h = await openSimHost(path);
    expect((await h.run(['ifconfig', 'lo', 'create'])).stdout).toBe('lo1\n');
    expect(existsSync(path)).toBe(true);
  });

  it('concurrent writers lose no update', async () => {
    const path = tmpState();
    const a = await openSimHost(path);
    const b = await openSimHost(path);
    await Promise.all(Array.from({ length: 20 }, (_, n) => (n % 2 ? a : b).run(['ifconfig', 'lo', 'create'])));
    const names = (await a.run(['ifconfig', '-l'])).stdout.trim().split(' ').filter((x) => x.startsWith('lo') && x !== 'lo0');
    expect(names.length).toBe(20);
  });

  it('refuses a state file of another version', async () => {
    const path = tmpState();
    writeFileSync(path, JSON.stringify({ version: 99 }));
    const h = await openSimHost(path);
    await expect(h.run(['ifconfig', '-l'])).rejects.toThrow(/state version 99/);
  });
});

describe('project lock', () => {
  it('is exclusive, names the holder, and is taken over when the holder is dead', async () => {
    const path = tmpState();
    const h = await openSimHost(path);
    const l = await h.acquireLock('web', 'klee up');
    await expect(h.acquireLock('web', 'klee down')).rejects.toBeInstanceOf(LockBusyError);
    await expect(h.acquireLock('web', 'klee down')).rejects.toThrow(/klee up \(pid \d+/);
    await l.release();
    await l.release();
    const l2 = await h.acquireLock('web', 'x');
    await l2.release();
    const { hostname } = await import('node:os');
    writeFileSync(`${path}.web.lock`, JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), started: 'then', command: 'dead' }));
    const l3 = await h.acquireLock('web', 'alive');
    await l3.release();
  });
});
