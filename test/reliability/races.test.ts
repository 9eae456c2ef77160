// Part 4, races: runs of one project on one host exclude each other (the loser is refused at once with the lock
// message, changing nothing); different projects on one host never interfere (no shared interface, address or pf
// anchor) and each down removes only its own.
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { openHost } from '../../src/host/open.js';
import { afterAll, describe, expect, it } from 'vitest';
import { afterDown, comparable, freshState, Sandbox } from '../e2e/helpers.js';
import { projectArb } from './arbitraries.js';
import { budget, figure, rng, SEED, writeFile } from './harness.js';
import { halfMade } from './invariants.js';
import { downToFresh, upConverges } from './lifecycle.js';
import { normalise, render, type ProjectModel } from './model.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROUNDS = budget(3, 6);
const LOCKED = /^klee: project "[^"]+" is locked on sim:.* by another klee run: klee (up|down) by .*\(pid \d+ on /;
const boxes: Sandbox[] = [];
afterAll(() => boxes.forEach((b) => b.remove()));
const sandbox = (example?: string) => { const b = new Sandbox(example); boxes.push(b); return b; };
const text = (b: Sandbox) => readFileSync(join(b.project, 'kleene.yaml'), 'utf8');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('races on one host', () => {
  it(`two ups of the same project at once, ${ROUNDS} rounds: one is refused with the lock message, the other converges`, async () => {
    const fresh = await freshState();
    const random = rng(SEED + 4);
    let ok = 0;
    for (let k = 0; k < ROUNDS; k++) {
      const box = sandbox(['webapp', 'vnet', 'ipnet'][k % 3]);
      const slow = box.host('latency=10');
      const [a, b] = await Promise.all([box.klee(['up', '-H', slow]), sleep(Math.floor(random() * 20)).then(() => box.klee(['up', '-H', slow]))]);
      const codes = [a.code, b.code].sort();
      expect(codes).toEqual([0, 1]);
      expect((a.code === 1 ? a : b).stderr).toMatch(LOCKED);
      await upConverges(box, text(box), `round ${k}`, fresh);
      await downToFresh(box, `round ${k}`, fresh);
      ok++;
    }
    figure('races same project', ok, ROUNDS, 'concurrent up pairs: one refused, one converged');
    expect(ok).toBe(ROUNDS);
  });

  it(`up and down of the same project at once, ${ROUNDS} rounds: one is refused, the host stays consistent`, async () => {
    const fresh = await freshState();
    const random = rng(SEED + 5);
    let ok = 0;
    for (let k = 0; k < ROUNDS; k++) {
      const box = sandbox(['vnet', 'webapp', 'dualstack'][k % 3]);
      expect((await box.klee(['up', '-H', box.host()])).code).toBe(0);
      writeFile(box, text(box).replace('containers:', 'containers:\n  raced:\n    path: /jails/raced\n'));
      const slow = box.host('latency=10');
      const [u, d] = await Promise.all([box.klee(['up', '-H', slow]), sleep(Math.floor(random() * 20)).then(() => box.klee(['down', '-H', slow]))]);
      expect([u.code, d.code].sort()).toEqual([0, 1]);
      expect((u.code === 1 ? u : d).stderr).toMatch(LOCKED);
      expect(halfMade(box.state(), fresh)).toEqual([]);
      await upConverges(box, text(box), `round ${k}`, fresh);
      await downToFresh(box, `round ${k}`, fresh);
      ok++;
    }
    figure('races up/down', ok, ROUNDS, 'concurrent up/down pairs: one refused, host consistent');
    expect(ok).toBe(ROUNDS);
  });

  it(`two different projects at once (examples and ${ROUNDS} generated pairs): both converge, nothing shared, each down removes only its own`, async () => {
    const fresh = await freshState();
    // Generated pairs use disjoint subnet bases (a clash between two projects' subnets is refused by design), jail
    // roots and host ports: klee does not see another project's roots or published ports (docs/reliability.md).
    const shift = (m: ProjectModel, name: string, by: number): ProjectModel => normalise({
      ...m, name, nets: m.nets.map((n) => ({ ...n, v4: n.v4 && { ...n.v4, base: by + (n.v4.base % 100) }, v6: n.v6 && { ...n.v6, base: by + (n.v6.base % 100) } })),
    });
    const gen = fc.sample(fc.tuple(projectArb, projectArb), { seed: SEED + 6, numRuns: ROUNDS })
      .map(([a, b]) => [render(shift(a, 'left', 0)), render(shift(b, 'right', 100), { root: '/jails/right/', portBase: 9000 })]);
    const read = (e: string) => readFileSync(join(import.meta.dirname, '../../examples', `${e}.yaml`), 'utf8');
    const pairs = [[read('webapp'), read('vnet')], [read('ipnet'), read('dualstack')], [read('custom'), read('webapp')], ...gen];
    expect(pairs).toHaveLength(3 + ROUNDS);
    let ok = 0;
    let collisions = 0;
    for (const [ta, tb] of pairs) {
      const a = sandbox();
      const b = Object.assign(sandbox(), { simPath: a.simPath }); // b's project directory, a's host
      writeFile(a, ta);
      writeFile(b, tb);
      const H = a.host('latency=5');
      const [ra, rb] = await Promise.all([a.klee(['up', '-H', H]), b.klee(['up', '-H', H])]);
      // Known limitation: both plans may pick the same lowest free kleeneN / epairN (each project has its own lock);
      // the later create fails cleanly (one root cause, undone, nothing half-made) and a re-run picks the next name.
      for (const [box, r] of [[a, ra], [b, rb]] as const) {
        if (r.code === 0) continue;
        expect(r.stderr).toMatch(/`ifconfig (bridge|lo|epair\d+) create [^`]*` exited 1\n\s+ifconfig: (ioctl SIOCSIFNAME \(set name\)|SIOCIFCREATE2): File exists/);
        expect(halfMade(box.state(), fresh)).toEqual([]);
        collisions++;
        expect((await box.klee(['up', '-H', H])).code).toBe(0);
      }
      await upConverges(a, ta, 'project a', fresh);
      await upConverges(b, tb, 'project b', fresh);
      const st = a.state() as any;
      // Nothing shared: interface names are unique on a host anyway; no address twice on the host's interfaces
      // and inside jails; each project has its own pf anchor.
      const addrs = (st.interfaces as any[]).flatMap((i) => [...i.inet, ...i.inet6].map((x: any) => x.address)).filter((x) => !['127.0.0.1', '::1', 'fe80::1'].includes(x));
      expect(addrs.length).toBe(new Set(addrs).size);
      const projects = [/^name: (\S+)/m.exec(ta)![1], /^name: (\S+)/m.exec(tb)![1]];
      expect(Object.keys(st.pf.anchors).sort()).toEqual(projects.map((p) => `klee/${p}`).sort());
      // a's down removes only a: b still converged and unchanged (its ps is the same).
      const psB = (await b.klee(['ps', '--json', '-H', a.host()])).stdout;
      const downA = await a.klee(['down', '-H', a.host()]);
      expect(downA.code, `${ta}\n${tb}\n${downA.stdout}${downA.stderr}`).toBe(0);
      const planB = await b.klee(['plan', '--detailed-exitcode', '-H', a.host()]);
      expect(planB.code, planB.stdout).toBe(0);
      expect((await b.klee(['ps', '--json', '-H', a.host()])).stdout).toBe(psB);
      const after = a.state() as any;
      expect((after.jails as any[]).filter((j) => j.name.startsWith(`${projects[0]}_`))).toEqual([]);
      expect((after.interfaces as any[]).filter((i) => String(i.description ?? '').startsWith(`klee:${projects[0]}:`))).toEqual([]);
      expect((await b.klee(['down', '-H', a.host()])).code).toBe(0);
      expect(isDeepStrictEqual(afterDown(a.state(), fresh), comparable(fresh))).toBe(true);
      ok++;
    }
    figure('races two projects', ok, pairs.length, `pairs of projects brought up at once on one host, then taken down one by one (${collisions} auto-name collisions: refused cleanly, converged on re-run)`);
    expect(ok).toBe(pairs.length);
  }, budget(60_000, 300_000));

  it('a network create that lost kleene0 to another project leaves a labelled clone: the next up adopts it, down removes it', async () => {
    const box = sandbox('vnet');
    const host = await openHost(box.host());
    // What the other project's create left: kleene0 is taken (here by hand), then our create's rename fails.
    expect((await host.run(['ifconfig', 'bridge', 'create', 'name', 'kleene0'])).exitCode).toBe(0);
    const base = box.state(); // the host as the user's kleene0 makes it: the reference for "nothing half-made"
    const ours = await host.run(['ifconfig', 'bridge', 'create', 'description', 'klee:vnet-demo:testnet', 'up', 'name', 'kleene0']);
    expect([ours.exitCode, ours.stderr]).toEqual([1, 'ifconfig: ioctl SIOCSIFNAME (set name): File exists\n']);
    await host.close();
    const clone = (box.state().interfaces as any[]).find((i) => i.name === 'bridge1');
    expect([clone.description, clone.up]).toEqual(['klee:vnet-demo:testnet', true]);
    expect(halfMade(box.state(), base)).toEqual([]);
    await upConverges(box, text(box), 'up after the lost rename', base);
    expect((await box.klee(['down', '-H', box.host()])).code).toBe(0);
    expect((box.state().interfaces as any[]).map((i) => i.name).sort()).toEqual(['em0', 'kleene0', 'lo0', 'pflog0']);
  });
});
