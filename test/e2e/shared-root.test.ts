// Mounts end to end (issue 14.6-8): two containers sharing one root, in one project or in two, each jail's own
// mounts unmounted once by its own removal; mounts below a root that klee did not make never unmounted (never -f);
// `mount -p` unreadable: down fails with the reason and changes nothing.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSimHost } from '../../src/host/sim/index.js';
import { afterDown, comparable, freshState, Sandbox } from './helpers.js';

const boxes: Sandbox[] = [];
afterEach(() => { while (boxes.length) boxes.pop()!.remove(); });

/** A project with the given containers, all on one loopback network, all rooted at /jails/shared unless they say. */
function project(name: string, subnet: string, containers: Record<string, string>): string {
  const lines = Object.entries(containers).map(([c, extra]) => `  ${c}:\n    path: /jails/shared\n    networks: [n]\n    command: [/bin/sleep, '1000']\n${extra}`);
  return `name: ${name}\nnetworks:\n  n:\n    subnet: ${subnet}\ncontainers:\n${lines.join('')}`;
}

/** The mount points below /jails (mount -p), in table order, each with its fstype. */
async function jailMounts(box: Sandbox): Promise<string[]> {
  const h = await openSimHost(box.simPath);
  return (await h.run(['mount', '-p'])).stdout.trim().split('\n').map((l) => l.split(/\s+/)).filter((f) => f[1].startsWith('/jails/')).map((f) => `${f[2]} ${f[1]}`);
}

/** Every umount klee ran (the sim's trace). */
function umounts(box: Sandbox): string[] {
  return ((box.state().trace ?? []) as { argv: string[] }[]).map((t) => t.argv).filter((a) => a[0].endsWith('umount')).map((a) => a.join(' '));
}

/** Project one up with containers a (a nullfs mount of its own) and b on one root, the sim traced. */
async function oneProjectUp(query: string): Promise<{ box: Sandbox; H: string[] }> {
  const box = new Sandbox();
  boxes.push(box);
  writeFileSync(join(box.project, 'kleene.yaml'), project('one', '10.61.0.0/24', { a: '    mounts: [/data:/srv:ro]\n', b: '' }));
  const H = ['-H', box.host(query)];
  const up = await box.klee(['up', ...H]);
  expect(up.code, up.stderr).toBe(0);
  return { box, H };
}

/** Projects one (container a, first) and two (container b, second) up on one host with the same root. */
async function twoProjectsUp(query = ''): Promise<{ one: Sandbox; two: string; H: string[] }> {
  const one = new Sandbox();
  boxes.push(one);
  const two = join(one.dir, 'two');
  writeFileSync(join(one.project, 'kleene.yaml'), project('one', '10.61.0.0/24', { a: '' }));
  mkdirSync(two);
  writeFileSync(join(two, 'kleene.yaml'), project('two', '10.62.0.0/24', { b: '' }));
  const H = ['-H', one.host(query)];
  expect((await one.klee(['up', ...H])).code).toBe(0);
  expect((await one.klee(['up', ...H], { cwd: two })).code).toBe(0);
  return { one, two, H };
}

describe('two containers sharing one root', () => {
  it('one project: each unmounts its own devfs and nullfs once; one down leaves a fresh host', async () => {
    const { box, H } = await oneProjectUp('trace=1');
    expect(await jailMounts(box)).toEqual(['nullfs /jails/shared/srv', 'devfs /jails/shared/dev', 'devfs /jails/shared/dev']);
    const down = await box.klee(['down', ...H]);
    expect([down.code, down.stderr]).toEqual([0, '']);
    expect(await jailMounts(box)).toEqual([]);
    expect(umounts(box).every((u) => !/ -f\b/.test(u))).toBe(true);
    const fresh = await freshState();
    const { trace: _t, ...after } = afterDown(box.state(), fresh);
    expect(after).toEqual(comparable(fresh));
  });

  it('one project: the newer container replaced while the older stays: one devfs each, nothing stacked up', async () => {
    const box = new Sandbox();
    boxes.push(box);
    const file = join(box.project, 'kleene.yaml');
    writeFileSync(file, project('one', '10.61.0.0/24', { a: '', b: '' }));
    const H = ['-H', box.host()];
    expect((await box.klee(['up', ...H])).code).toBe(0);
    writeFileSync(file, project('one', '10.61.0.0/24', { a: '', b: '    hostname: other\n' }));
    const up = await box.klee(['up', ...H]);
    expect([up.code, up.stderr]).toEqual([0, '']);
    expect(await jailMounts(box)).toEqual(['devfs /jails/shared/dev', 'devfs /jails/shared/dev']);
    expect((await box.klee(['plan', '--detailed-exitcode', ...H])).code).toBe(0);
    expect((await box.klee(['down', ...H])).code).toBe(0);
    expect(await jailMounts(box)).toEqual([]);
  });

  it('two projects: down of one never strips the other\'s devfs (plan of the other still converged); both downs leave a fresh host', async () => {
    const { one, two, H } = await twoProjectsUp();
    expect(await jailMounts(one)).toEqual(['devfs /jails/shared/dev', 'devfs /jails/shared/dev']);
    // one's devfs lies under two's: umount would take two's (the most recent), so one's stays, with a warning
    const down = await one.klee(['down', ...H]);
    expect(down.code, down.stderr).toBe(0);
    expect(down.stdout + down.stderr).toMatch(/jail "one_a": its devfs on "\/jails\/shared\/dev" is left mounted: jail "two_b", which stays, mounted its own there later/);
    expect(await jailMounts(one)).toEqual(['devfs /jails/shared/dev', 'devfs /jails/shared/dev']);
    expect((await one.klee(['plan', '--detailed-exitcode', ...H], { cwd: two })).code).toBe(0);
    // two, the last jail of the mount point, takes its own and the one left under it
    const down2 = await one.klee(['down', ...H], { cwd: two });
    expect([down2.code, down2.stderr]).toEqual([0, '']);
    expect(await jailMounts(one)).toEqual([]);
  });

  it('two projects, the newer one down first: only its own devfs goes; the older keeps its own', async () => {
    const { one, two, H } = await twoProjectsUp();
    const down2 = await one.klee(['down', ...H], { cwd: two });
    expect([down2.code, down2.stderr]).toEqual([0, '']);
    expect(await jailMounts(one)).toEqual(['devfs /jails/shared/dev']);
    expect((await one.klee(['plan', '--detailed-exitcode', ...H])).code).toBe(0);
    expect((await one.klee(['down', ...H])).code).toBe(0);
    expect(await jailMounts(one)).toEqual([]);
  });
});

describe('a kernel without meta (14.1): the record file holds what meta would, the jail\'s own mounts included', () => {
  it('one project: the shared root comes down in one down, each jail\'s devfs and nullfs unmounted once', async () => {
    const { box, H } = await oneProjectUp('version=14.1&trace=1');
    const files = box.state().files as Record<string, string[]>;
    expect(files['/var/db/klee/jails/one_a']).toEqual([expect.stringMatching(/^klee:v3:one:a:[0-9a-f]+:devfs\/jails\/shared\/dev,nullfs\/jails\/shared\/srv:/)]);
    expect(files['/var/db/klee/jails/one_b']).toEqual([expect.stringMatching(/^klee:v3:one:b:[0-9a-f]+:devfs\/jails\/shared\/dev:/)]);
    expect(await jailMounts(box)).toEqual(['nullfs /jails/shared/srv', 'devfs /jails/shared/dev', 'devfs /jails/shared/dev']);
    const down = await box.klee(['down', ...H]);
    expect([down.code, down.stderr]).toEqual([0, '']);
    expect(await jailMounts(box)).toEqual([]);
    expect(umounts(box).map((u) => u.replace(/^\S*\//, '')).sort()).toEqual(['umount /jails/shared/dev', 'umount /jails/shared/dev', 'umount /jails/shared/srv']);
    expect(Object.keys(box.state().files ?? {}).filter((p) => p.startsWith('/var/db/klee/jails/'))).toEqual([]);
  });

  it('two projects, the older one down first: the newer project\'s record claims the top devfs, so the older leaves it', async () => {
    const { one, two, H } = await twoProjectsUp('version=14.1');
    const down = await one.klee(['down', ...H]);
    expect(down.code, down.stderr).toBe(0);
    expect(down.stdout + down.stderr).toMatch(/jail "one_a": its devfs on "\/jails\/shared\/dev" is left mounted: jail "two_b", which stays, mounted its own there later/);
    expect((await one.klee(['plan', '--detailed-exitcode', ...H], { cwd: two })).code).toBe(0);
    const down2 = await one.klee(['down', ...H], { cwd: two });
    expect([down2.code, down2.stderr]).toEqual([0, '']);
    expect(await jailMounts(one)).toEqual([]);
  });
});

describe('mounts klee did not make', () => {
  it('a user\'s nullfs, a ZFS child dataset and a UFS partition below a root stay mounted; klee\'s own go, never with -f', async () => {
    const box = new Sandbox();
    boxes.push(box);
    writeFileSync(join(box.project, 'kleene.yaml'), project('one', '10.61.0.0/24', { a: '    mounts: [/data:/srv:rw]\n' }));
    const H = ['-H', box.host('trace=1')];
    expect((await box.klee(['up', ...H])).code).toBe(0);
    const h = await openSimHost(box.simPath);
    for (const argv of [['mount', '-t', 'nullfs', '/home/u', '/jails/shared/home'], ['mount', '-t', 'zfs', 'zroot/data/child', '/jails/shared/usr/home'], ['mount', '-t', 'ufs', '/dev/ada1p1', '/jails/shared/mnt']]) {
      expect((await h.run(argv)).exitCode).toBe(0);
    }
    const down = await box.klee(['down', ...H]);
    expect([down.code, down.stderr]).toEqual([0, '']);
    expect(await jailMounts(box)).toEqual(['nullfs /jails/shared/home', 'zfs /jails/shared/usr/home', 'ufs /jails/shared/mnt']);
    // jail(8) mounts the mount= lines, then devfs (jail.c IP_MOUNT, IP_MOUNT_DEVFS): the later of equal depth goes first
    expect(umounts(box)).toEqual(['/sbin/umount /jails/shared/dev', '/sbin/umount /jails/shared/srv']);
  });
});

describe('the mount table cannot be read', () => {
  it('down fails naming the reason and the jail, and changes nothing; the next down (table readable) converges', async () => {
    const box = new Sandbox();
    boxes.push(box);
    writeFileSync(join(box.project, 'kleene.yaml'), project('one', '10.61.0.0/24', { a: '' }));
    expect((await box.klee(['up', '-H', box.host()])).code).toBe(0);
    const before = JSON.stringify(comparable(box.state()));
    const down = await box.klee(['down', '-H', box.host('fail-match=mount -p')]);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/jail "one_a" cannot be removed: cannot read the mount table: .*mount -p.*; klee cannot tell whether the jail's own mounts \(devfs on "\/jails\/shared\/dev"\)/);
    expect(down.stderr).not.toMatch(/\n\s+at /);
    expect(JSON.stringify(comparable(box.state()))).toBe(before);
    expect((await box.klee(['down', '-H', box.host()])).code).toBe(0);
    expect(await jailMounts(box)).toEqual([]);
  });
});
