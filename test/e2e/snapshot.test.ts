// A snapshot saved after `up` of a project with live jails (supervised programs): the read commands replay it (the
// probe's program-status batch included), the commands that change the host refuse it before anything is planned.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Sandbox } from './helpers.js';

const boxes: Sandbox[] = [];
afterEach(() => { while (boxes.length) boxes.pop()!.remove(); });

/** An example up on the sim, then `probe --save`: the sandbox and the snapshot's -H value. */
async function savedAfterUp(example = 'services'): Promise<{ b: Sandbox; snap: string }> {
  const b = new Sandbox(example);
  boxes.push(b);
  expect((await b.klee(['up', '-H', b.host()])).code).toBe(0);
  const path = join(b.dir, 'snap.json');
  const saved = await b.klee(['probe', '--save', path, '-H', b.host()]);
  expect([saved.code, saved.stderr]).toEqual([0, expect.stringContaining(`saved`)]);
  return { b, snap: `snapshot:${path}` };
}

describe('a snapshot of a project with live jails', () => {
  it('answers plan, ps, inspect and graph (the program-status batch replays as the read it is)', async () => {
    const { b, snap } = await savedAfterUp();
    const plan = await b.klee(['plan', '--detailed-exitcode', '-H', snap]);
    expect([plan.code, plan.stderr]).toEqual([0, '']);
    expect(plan.stdout).toContain('No changes');
    const ps = await b.klee(['ps', '--json', '-a', '-H', snap]);
    expect([ps.code, ps.stderr]).toEqual([0, '']);
    // the program states come from the replayed status batch; a healthcheck is the file's own command, never recorded
    expect((JSON.parse(ps.stdout) as { name: string; state: string; health: unknown }[]).map((r) => [r.name, r.state, r.health])).toEqual([
      ['app', 'running', null], ['db', 'running', null], ['migrate', 'exited', null], ['web', 'running', null],
    ]);
    const inspect = await b.klee(['inspect', 'web', '-H', snap]);
    expect([inspect.code, inspect.stderr]).toEqual([0, '']);
    expect(JSON.parse(inspect.stdout)).toMatchObject({ container: { name: 'web', network_driver: 'vnet' } });
    const graph = await b.klee(['graph', '-H', snap]);
    expect([graph.code, graph.stderr]).toEqual([0, '']);
    expect(graph.stdout).toMatch(/^digraph /);
  });

  it('holds the check of the file\'s mount points: a plan from it is the host\'s own plan, without a warning', async () => {
    const { b, snap } = await savedAfterUp('webapp');
    const plan = await b.klee(['plan', '--detailed-exitcode', '-H', snap]);
    expect([plan.code, plan.stderr, plan.stdout]).toEqual([0, '', 'No changes. The host matches kleene.yaml.\n']);
    // before any up, too: the plan from a snapshot of the fresh host is the one the host itself gives
    const fresh = new Sandbox('webapp');
    boxes.push(fresh);
    const path = join(fresh.dir, 'fresh.json');
    expect((await fresh.klee(['probe', '--save', path, '-H', fresh.host()])).code).toBe(0);
    const [live, replayed] = [await fresh.klee(['plan', '--commands', '-H', fresh.host()]), await fresh.klee(['plan', '--commands', '-H', `snapshot:${path}`])];
    expect(replayed.stderr).toBe('');
    expect(replayed.stdout.replaceAll(`snapshot:${path}`, fresh.host())).toBe(live.stdout);
    // an invalid file still lets the host be recorded, saying what the snapshot then lacks
    writeFileSync(join(fresh.project, 'kleene.yaml'), 'name: webapp\ncontainers:\n  db: { path: 3 }\n');
    const invalid = await fresh.klee(['probe', '--save', path, '-H', fresh.host()]);
    expect([invalid.code, invalid.stderr]).toEqual([0, expect.stringMatching(/^warning: kleene\.yaml is not valid: the snapshot holds no check of its mount points/)]);
  });

  it('is refused by start, stop and restart before anything is planned, as by up and down', async () => {
    const { b, snap } = await savedAfterUp();
    for (const verb of ['start', 'stop', 'restart', 'up', 'down']) {
      const r = await b.klee([verb, ...(verb === 'down' ? ['-y'] : []), '-H', snap]);
      expect([verb, r.code, r.stdout, r.stderr]).toEqual([verb, 1, '', expect.stringContaining(`klee ${verb} cannot change ${snap}: a snapshot is a read-only recording of a host`)]);
    }
  });
});
