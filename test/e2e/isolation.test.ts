// Isolation before exposure, seen from the NDJSON events of real runs: the pf load that puts a network's restrictive
// rules in place is done before the first container on it starts, a failed container leaves them loaded, and a down
// flushes them only once the containers are gone.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { events, Sandbox } from './helpers.js';

const boxes: Sandbox[] = [];
afterEach(() => { while (boxes.length) boxes.pop()!.remove(); });

const INTERNAL = [
  'name: sealed',
  'networks:',
  '  inside: { type: bridge, subnet: 10.7.0.0/24, internal: true, icc: false }',
  'containers:',
  '  api: { path: /jails/api, driver: vnet, networks: [inside] }',
  '  db: { path: /jails/db, driver: ipnet, networks: [inside] }',
  '',
].join('\n');

function sandbox(text: string): Sandbox {
  const box = new Sandbox();
  boxes.push(box);
  writeFileSync(join(box.project, 'kleene.yaml'), text);
  return box;
}

/** Index of the first event matching. */
const at = (ev: Record<string, any>[], f: (e: Record<string, any>) => boolean) => ev.findIndex(f);

describe('isolation before exposure', () => {
  it('the pf load is done before any container on the internal network starts (every parallelism)', async () => {
    for (const parallel of ['1', '256']) {
      const box = sandbox(INTERNAL);
      const r = await box.klee(['up', '--json', '--parallel', parallel, '-H', box.host()]);
      expect(r.code, r.stderr).toBe(0);
      const ev = events(r.stdout);
      const pfDone = at(ev, (e) => e.event === 'action-done' && e.id === 'pf');
      expect(pfDone).toBeGreaterThan(0);
      for (const c of ['container:api', 'container:db']) expect([c, at(ev, (e) => e.event === 'action-start' && e.id === c) > pfDone]).toEqual([c, true]);
      // The plan says so: every container on the network waits for the load.
      const plan = ev[0].actions as { id: string; after: string[] }[];
      for (const c of ['container:api', 'container:db']) expect(plan.find((a) => a.id === c)!.after).toContain('pf');
    }
  });

  it('the internal rules block egress where pf sees it: out on every interface (ipnet), in on the bridge (vnet)', async () => {
    const box = sandbox(INTERNAL);
    expect((await box.klee(['up', '-H', box.host()])).code).toBe(0);
    const rules = (box.state() as any).pf.anchors['klee/sealed'] as string[];
    expect(rules.some((l) => /^block drop out log quick inet from 10\.7\.0\.0\/24 to ! 10\.7\.0\.0\/24/.test(l))).toBe(true);
    expect(rules.some((l) => /^block drop in log quick on kleene0 inet from 10\.7\.0\.0\/24 to ! 10\.7\.0\.0\/24/.test(l))).toBe(true);
    // No NAT for an internal network.
    expect(rules.some((l) => l.startsWith('nat '))).toBe(false);
  });

  it('a container that fails to start leaves the block rules loaded, and the next up keeps them', async () => {
    const box = sandbox(INTERNAL);
    const r = await box.klee(['up', '--json', '--parallel', '1', '-H', box.host(`fail-match=${encodeURIComponent('^jail -c name=sealed_db')}`)]);
    expect(r.code).toBe(1);
    const done = events(r.stdout).at(-1)!;
    expect(done.failures.map((f: { id: string }) => f.id)).toEqual(['container:db']);
    const rules = () => ((box.state() as any).pf.anchors['klee/sealed'] ?? []) as string[];
    expect(rules().filter((l) => l.startsWith('block drop ')).length).toBeGreaterThanOrEqual(3);
    // The other container runs, behind them.
    expect(((box.state() as any).jails as { name: string }[]).map((j) => j.name)).toEqual(['sealed_api']);
    const again = await box.klee(['up', '--json', '-H', box.host()]);
    expect(again.code, again.stderr).toBe(0);
    expect(events(again.stdout)[0].actions.map((a: { id: string }) => a.id)).toEqual(['container:db']);
    expect(rules().filter((l) => l.startsWith('block drop ')).length).toBeGreaterThanOrEqual(3);
  });

  it('down flushes the anchor only after every container is removed', async () => {
    const box = sandbox(INTERNAL);
    expect((await box.klee(['up', '-H', box.host()])).code).toBe(0);
    const ev = events((await box.klee(['down', '--json', '--parallel', '256', '-H', box.host()])).stdout);
    const flush = at(ev, (e) => e.event === 'action-start' && e.id === 'pf');
    for (const c of ['container:api', 'container:db']) expect(at(ev, (e) => e.event === 'action-done' && e.id === c)).toBeLessThan(flush);
  });
});

describe('isolation before exposure for a program started again', () => {
  it('a stopped program in a kept jail on a network that now restricts starts only after the load', async () => {
    const open = INTERNAL.replace(', internal: true, icc: false', '').replace('networks: [inside] }', 'networks: [inside], command: /usr/local/bin/api }');
    const box = sandbox(open);
    expect((await box.klee(['up', '-H', box.host()])).code).toBe(0);
    expect((await box.klee(['stop', 'api', '-H', box.host()])).code).toBe(0);
    writeFileSync(join(box.project, 'kleene.yaml'), open.replace('subnet: 10.7.0.0/24 }', 'subnet: 10.7.0.0/24, icc: false }'));
    const r = await box.klee(['up', '--json', '--parallel', '256', '-H', box.host()]);
    expect(r.code, r.stderr).toBe(0);
    const ev = events(r.stdout);
    const plan = ev[0].actions as { id: string; after: string[] }[];
    expect(plan.map((a) => a.id).sort()).toEqual(['pf', 'service:api']); // the jail is kept
    expect(plan.find((a) => a.id === 'service:api')!.after).toContain('pf');
    expect(at(ev, (e) => e.event === 'action-start' && e.id === 'service:api')).toBeGreaterThan(at(ev, (e) => e.event === 'action-done' && e.id === 'pf'));
  });
});
