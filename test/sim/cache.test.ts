// The simulator reuses the state it parsed while the file is unchanged (src/host/sim/store.ts), and never a stale one:
// a change by anything else, even one that keeps the file's size, inode and mtime, is read by the next command.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openSimHost } from '../../src/host/sim/index.js';
import { freshHost } from './helpers.js';
import { useFreshDist } from '../dist-fresh.js';

useFreshDist(); // these tests run dist/: never a stale build

const ifaces = async (sh: (...a: string[]) => Promise<{ stdout: string }>) => (await sh('ifconfig', '-l')).stdout.trim().split(' ');

describe('the simulator state cache', () => {
  it('a change made in place with the same size, inode and mtime is seen by the next command', async () => {
    const { path, sh } = await freshHost();
    expect((await sh('ifconfig', 'bridge', 'create', 'name', 'kleene0')).stdout).toBe('kleene0\n');
    expect(await ifaces(sh)).toEqual(['em0', 'lo0', 'pflog0', 'kleene0']);
    const before = statSync(path);
    // Rewrite the same file (same inode), same length, then put its times back (to the millisecond).
    writeFileSync(path, readFileSync(path, 'utf8').replaceAll('"kleene0"', '"kleene9"'));
    utimesSync(path, before.atimeMs / 1000, before.mtimeMs / 1000);
    const after = statSync(path);
    expect([after.ino, after.size, Math.round(after.mtimeMs)]).toEqual([before.ino, before.size, Math.round(before.mtimeMs)]);
    expect(await ifaces(sh)).toEqual(['em0', 'lo0', 'pflog0', 'kleene9']);
  });

  it('commands of another process and of another host object on the same file see each other', async () => {
    const { path, sh } = await freshHost();
    await sh('ifconfig', 'lo', 'create', 'name', 'kleene1');
    // Another process: node running the simulator on the same file (its own module state, its own cache).
    const child = `const { openSimHost } = await import(${JSON.stringify(new URL('../../dist/src/host/sim/index.js', import.meta.url).href)});
      const h = await openSimHost(${JSON.stringify(path)});
      const r = await h.run(['ifconfig', '-l']);
      await h.run(['ifconfig', 'kleene1', 'destroy']);
      process.stdout.write(r.stdout);`;
    const p = spawnSync(process.execPath, ['--input-type=module', '-e', child], { encoding: 'utf8' });
    expect(p.stderr).toBe('');
    expect(p.stdout).toBe('em0 lo0 pflog0 kleene1\n');
    expect(await ifaces(sh)).toEqual(['em0', 'lo0', 'pflog0']);
    const other = await openSimHost(path);
    await other.run(['ifconfig', 'bridge', 'create', 'name', 'kleene2']);
    expect(await ifaces(sh)).toEqual(['em0', 'lo0', 'pflog0', 'kleene2']);
  });

  it('concurrent commands of one process run one at a time, each on the state the previous one wrote', async () => {
    const { path, sh } = await freshHost();
    const other = await openSimHost(path); // a second host object on the same file shares the queue
    const made = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? sh : (...a: string[]) => other.run(a))('ifconfig', 'lo', 'create')));
    // ifconfig lo create takes the lowest free unit (sys/net/if_clone.c ifc_alloc_unit): lo1 ... lo40, each once.
    expect(made.map((r) => r.stdout.trim()).sort()).toEqual(Array.from({ length: 40 }, (_, i) => `lo${i + 1}`).sort());
    expect(JSON.parse(readFileSync(path, 'utf8')).interfaces.filter((i: { name: string }) => /^lo\d+$/.test(i.name))).toHaveLength(41);
  });

  it('a state file in another layout (compact JSON) is read, and not rewritten by read-only commands', async () => {
    const { path, sh } = await freshHost();
    await sh('ifconfig', 'lo', 'create');
    const compact = JSON.stringify(JSON.parse(readFileSync(path, 'utf8')));
    writeFileSync(path, compact);
    const other = await openSimHost(path);
    expect((await other.run(['ifconfig', '-l'])).stdout).toBe('em0 lo0 pflog0 lo1\n');
    expect(await ifaces(sh)).toEqual(['em0', 'lo0', 'pflog0', 'lo1']);
    expect(readFileSync(path, 'utf8')).toBe(compact);
  });

  it('more state files than the cache keeps: each still reads its own', async () => {
    const hosts = await Promise.all(Array.from({ length: 12 }, () => freshHost()));
    for (let round = 0; round < 2; round++) {
      for (const [k, h] of hosts.entries()) await h.sh('ifconfig', 'lo', 'create', 'name', `kleene${k}${round}`);
    }
    for (const [k, h] of hosts.entries()) expect((await ifaces(h.sh)).slice(3)).toEqual([`kleene${k}0`, `kleene${k}1`]);
  });

  it('read-only commands leave the file untouched; a change rewrites it atomically (a new inode)', async () => {
    const { path, sh } = await freshHost();
    await sh('ifconfig', '-a'); // the first command against a fresh host writes the file
    const first = statSync(path);
    const text = readFileSync(path, 'utf8');
    await sh('ifconfig', '-a');
    await sh('jls', '-n', '--libxo=json');
    expect(statSync(path).ino).toBe(first.ino);
    expect(readFileSync(path, 'utf8')).toBe(text);
    await sh('ifconfig', 'lo', 'create');
    expect(statSync(path).ino).not.toBe(first.ino);
    expect(JSON.parse(readFileSync(path, 'utf8')).interfaces.map((i: { name: string }) => i.name)).toContain('lo1');
  });
});
