// Mounts klee did not make (issue 14.6-8), generated: after `up` of a project whose containers may share one root, a
// user mounts file systems of every kind below that root, over klee's own mount points, under them and beside them.
// `down` must exit 0, leave every one of those exactly as it was (count per type and place), never run `umount -f`,
// and unmount every mount of klee's own except those a foreign one covers or lies under, each named in a warning.
import { describe, expect, it } from 'vitest';
import { openSimHost } from '../../src/host/sim/index.js';
import { hostText } from '../../src/host/quote.js';
import { budget, figure, rng, sandboxWith, SEED } from './harness.js';

const ROOT = '/jails/h';
const FSTYPES = ['nullfs', 'zfs', 'ufs', 'tmpfs', 'devfs', 'procfs'];
// Places relative to the root: klee's own points (dev, srv), under them, and places klee never mounts.
const PLACES = ['/dev', '/srv', '/srv/x', '/dev/x', '/data', '/usr/home', '/mnt', '/proc'];

// The points klee's jails mount here: each one's devfs, a's nullfs.
const KLEES = [`devfs ${ROOT}/dev`, `nullfs ${ROOT}/srv`];

const file = (shared: boolean) => `name: hm
networks:
  n:
    subnet: 10.64.0.0/24
containers:
  a:
    path: ${ROOT}
    networks: [n]
    mounts: [/data:/srv:ro]
    command: [/bin/sleep, '1000']
${shared ? `  b:\n    path: ${ROOT}\n    networks: [n]\n    command: [/bin/sleep, '1000']\n` : ''}`;

/** `fstype target` of every mount below the root, in table order, and which of them the sim says a jail made. */
async function below(simPath: string): Promise<string[]> {
  const h = await openSimHost(simPath);
  return (await h.run(['mount', '-p'])).stdout.trim().split('\n').map((l) => l.split(/\s+/)).filter((f) => f[1].startsWith(`${ROOT}/`)).map((f) => `${f[2]} ${f[1]}`);
}

const count = (xs: string[]) => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>());

describe('hostile mounts: what klee did not make below a root', () => {
  it('generated foreign mounts over, under and beside klee\'s own: left as they were, no -f, klee\'s own gone or named', { timeout: 300_000 }, async () => {
    const next = rng(SEED + 7);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)];
    const cases = Array.from({ length: budget(10, 40) }, () => ({
      shared: next() < 0.5,
      foreign: Array.from({ length: 1 + Math.floor(next() * 3) }, () => ({ fstype: pick(FSTYPES), at: `${ROOT}${pick(PLACES)}` }))
        // Known limit (docs/ownership.md "Mounts"): one of the same type exactly on a point of klee's own (a devfs on
        // <root>/dev) looks in `mount -p` like a jail's own instance; not generated.
        .filter((f) => !KLEES.includes(`${f.fstype} ${f.at}`)),
    })).filter((c) => c.foreign.length > 0);
    const bad: string[] = [];
    let left = 0;
    for (const c of cases) {
      const box = sandboxWith(file(c.shared));
      try {
        const H = ['-H', box.host('trace=1')];
        const up = await box.klee(['up', ...H]);
        if (up.code !== 0) { bad.push(`up: ${up.stderr}`); continue; }
        const ours = await below(box.simPath);
        const h = await openSimHost(box.simPath);
        for (const f of c.foreign) await h.run(['mount', '-t', f.fstype, f.fstype === 'nullfs' ? '/home/u' : f.fstype, f.at]);
        const all = await below(box.simPath);
        const foreign = count(all);
        for (const o of ours) foreign.set(o, foreign.get(o)! - 1);
        const down = await box.klee(['down', ...H]);
        const after = count(await below(box.simPath));
        const what = `${JSON.stringify(c)}`;
        if (down.code !== 0) bad.push(`${what}: down exited ${down.code}: ${down.stderr}`);
        for (const [m, n] of foreign) if (n > 0 && (after.get(m) ?? 0) < n) bad.push(`${what}: foreign ${m} unmounted`);
        const forced = ((box.state().trace ?? []) as { argv: string[] }[]).filter((t) => t.argv[0].endsWith('umount') && t.argv.includes('-f'));
        if (forced.length) bad.push(`${what}: umount -f ran`);
        // what is left beyond the foreign mounts is klee's own, each named in a warning of the down
        for (const [m, n] of after) {
          const extra = n - Math.max(0, foreign.get(m) ?? 0);
          if (extra <= 0) continue;
          left += extra;
          if (!(down.stdout + down.stderr).includes(`its ${m.split(' ')[0]} on ${hostText(m.split(' ')[1])} is left mounted`)) bad.push(`${what}: ${m} left without a warning: ${down.stdout}${down.stderr}`);
        }
      } finally {
        box.remove();
      }
    }
    figure('hostile: mounts', cases.length - new Set(bad.map((b) => b.split(': ')[0])).size, cases.length, `projects with generated foreign mounts below a shared or own root came down leaving them as they were (${left} of klee's own mounts left under or below a foreign one, each named)`);
    expect(bad).toEqual([]);
  });
});
