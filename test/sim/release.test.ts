// ?version=: the release a fresh simulated host runs, and what follows from it (uname, jls, meta, 13.x's ifconfig).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../host/fixtures.js';
import { freshHost } from './helpers.js';

/** The block of interface `name` in an ifconfig listing, fixture 07's 8-space indents read as tabs. */
function block(listing: string, name: string): string {
  const lines = listing.replace(/^ {8}/gm, '\t').split('\n');
  const start = lines.findIndex((l) => l.startsWith(`${name}: `));
  const end = lines.findIndex((l, k) => k > start && !l.startsWith('\t'));
  return lines.slice(start, end < 0 ? undefined : end).join('\n');
}

describe('?version=', () => {
  it('uname, freebsd-version, sysctl and jls report the release (param.h __FreeBSD_version MMmm000)', async () => {
    const { sh } = await freshHost('?version=13.5');
    expect((await sh('uname', '-r')).stdout).toBe('13.5-RELEASE\n');
    expect((await sh('/bin/sh', '-c', 'freebsd-version')).stdout).toBe('13.5-RELEASE\n');
    expect((await sh('sysctl', '-n', 'kern.osrelease')).stdout).toBe('13.5-RELEASE\n');
    await sh('jail', '-c', 'name=a', 'path=/', 'persist');
    const jls = (await sh('jls', '-n', '--libxo=json')).stdout;
    expect(jls).toContain('"osreldate":"1305000","osrelease":"13.5-RELEASE"');
  });

  it.each([['13.5', false], ['14.0', false], ['14.2', false], ['14.3', true], ['15.0', true]] as const)('%s: meta exists from 14.3 (kern_jailmeta.c)', async (v, meta) => {
    const { sh } = await freshHost(`?version=${v}`);
    const r = await sh('jail', '-c', 'name=a', 'path=/', 'persist', 'meta=x');
    expect(r.stderr).toBe(meta ? '' : 'jail: unknown parameter: meta\n');
    expect((await sh('sysctl', 'security.jail.meta_maxbufsize')).exitCode).toBe(meta ? 0 : 1);
  });

  it('13.x prints lo0 as its ioctl ifconfig did: no LOWER_UP, addresses in the order they were added (fixture 07)', async () => {
    const fixture = readFileSync(join(FIXTURES, '07-ifconfig-fbsd13-bridge-epairs-descriptions-cloudinit.txt'), 'utf8');
    const old = await freshHost('?version=13.5');
    expect(block((await old.sh('ifconfig', 'lo0')).stdout, 'lo0')).toBe(block(fixture, 'lo0'));
    const now = await freshHost('?version=14.3');
    expect((await now.sh('ifconfig', 'lo0')).stdout).toMatch(/^lo0: flags=1008049<UP,LOOPBACK,RUNNING,MULTICAST,LOWER_UP> .*\n.*\n\tinet 127\.0\.0\.1 /);
  });

  it('13.x: an alias added after an inet6 address follows it; flags=0<> and no options=0 (seed 002, fixture 07)', async () => {
    const { sh } = await freshHost('?version=13.5');
    await sh('ifconfig', 'bridge', 'create');
    await sh('ifconfig', 'bridge0', 'inet', '10.1.0.1/24');
    await sh('ifconfig', 'bridge0', 'inet6', 'fd00::1/64');
    await sh('ifconfig', 'bridge0', 'inet', '10.1.0.2/32', 'alias');
    const out = (await sh('ifconfig', 'bridge0')).stdout;
    expect(out.split('\n').filter((l) => /^\tinet/.test(l)).map((l) => l.split(' ')[1])).toEqual(['10.1.0.1', 'fd00::1', '10.1.0.2']);
    expect(out).not.toContain('options=0');
    expect((await sh('ifconfig', 'pflog0')).stdout.split('\n')[0]).toBe('pflog0: flags=0<> metric 0 mtu 33160');
  });

  it('refuses a release it does not model', async () => {
    await expect(freshHost('?version=12.4')).rejects.toThrow(/sim: option version must be one of 13\.0, .*, 15\.0, got "12\.4"/);
  });
});
