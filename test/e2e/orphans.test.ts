// Orphans (compose's semantics): two directories whose files share a project name. The second one's `up` warns and
// touches nothing of the first (its jails, interfaces and pf rules stay) unless --remove-orphans; `down` removes what
// its file has; `down --remove-orphans` and `down -p NAME` without a file remove everything.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { afterDown, comparable, events, freshState, Sandbox } from './helpers.js';

const boxes: Sandbox[] = [];
afterEach(() => { while (boxes.length) boxes.pop()!.remove(); });

const SECOND = 'name: vnet-demo\nnetworks:\n  other: { type: bridge, subnet: 10.9.9.0/24 }\ncontainers:\n  solo: { path: /jails/solo, driver: vnet, networks: [other] }\n';

/** The first directory up (the vnet example), and a second directory with another file of the same project name. */
async function twoDirectories(): Promise<{ box: Sandbox; second: string }> {
  const box = new Sandbox('vnet');
  boxes.push(box);
  expect((await box.klee(['up', '-H', box.host()])).code).toBe(0);
  const second = join(box.dir, 'second');
  mkdirSync(second);
  writeFileSync(join(second, 'kleene.yaml'), SECOND);
  return { box, second };
}

type Iface = { name: string; description?: string };
type Jail = { name: string; jid: number };
/** What the first directory's file made: its jails (with their jids: never restarted), interfaces and pf rules. */
function firstProject(state: Record<string, any>) {
  return {
    jails: (state.jails as Jail[]).filter((j) => j.name !== 'vnet-demo_solo').map((j) => [j.name, j.jid]),
    interfaces: (state.interfaces as Iface[]).filter((i) => /^klee:vnet-demo:(testnet|webservice|vpnservice)/.test(i.description ?? '')).map((i) => i.name),
    pf: (state.pf.anchors['klee/vnet-demo'] as string[]).filter((r) => !r.includes('10.9.9.')),
  };
}

describe('two directories with the same project name', () => {
  it('up in the second warns about the first one\'s containers and network and leaves them, running and protected', async () => {
    const { box, second } = await twoDirectories();
    const first = firstProject(box.state());
    expect(first.jails).toHaveLength(2);
    expect(first.pf.length).toBeGreaterThan(0);
    const plan = await box.klee(['plan', '--json', '-H', box.host()], { cwd: second });
    const json = JSON.parse(plan.stdout);
    expect(json.orphans).toEqual({ containers: ['vpnservice', 'webservice'], networks: ['testnet'] });
    expect(json.actions.filter((a: { op: string }) => a.op === 'delete' || a.op === 'replace')).toEqual([]);
    const up = await box.klee(['up', '-H', box.host()], { cwd: second });
    expect(up.code, up.stderr).toBe(0);
    expect(up.stderr).toContain('warning: orphans: containers vpnservice, webservice and network testnet of project vnet-demo are not in the file: left as they are; `klee up --remove-orphans` removes them');
    // Nothing of the first touched: same jails (same jids), interfaces, and its pf rules still loaded beside the second's.
    expect(firstProject(box.state())).toEqual(first);
    expect((box.state().jails as Jail[]).map((j) => j.name)).toContain('vnet-demo_solo');
    expect(((box.state() as any).pf.anchors['klee/vnet-demo'] as string[]).some((r) => r.includes('10.9.9.0/24'))).toBe(true);
    // A second up changes nothing: the orphans' rules carried as they are do not make the anchor differ.
    expect((await box.klee(['plan', '--detailed-exitcode', '-H', box.host()], { cwd: second })).code).toBe(0);
    // down in the second directory removes what its file has, and only that.
    const down = await box.klee(['down', '-H', box.host()], { cwd: second });
    expect(down.code, down.stderr).toBe(0);
    expect(firstProject(box.state())).toEqual(first);
    expect((box.state().jails as Jail[]).map((j) => j.name)).not.toContain('vnet-demo_solo');
    expect((box.state().interfaces as Iface[]).filter((i) => (i.description ?? '').includes(':other'))).toEqual([]);
  });

  it('up --remove-orphans removes the first one\'s containers and network; the host holds the second file only', async () => {
    const { box, second } = await twoDirectories();
    const up = await box.klee(['up', '--remove-orphans', '--json', '-H', box.host()], { cwd: second });
    expect(up.code, up.stderr).toBe(0);
    const removed = events(up.stdout)[0].actions.filter((a: { op: string }) => a.op === 'delete').map((a: { id: string }) => a.id).sort();
    expect(removed).toEqual(['container:vpnservice', 'container:webservice', 'epair:vpnservice:testnet', 'network:testnet']);
    expect((box.state().jails as Jail[]).map((j) => j.name)).toEqual(['vnet-demo_solo']);
    expect(((box.state() as any).pf.anchors['klee/vnet-demo'] as string[]).every((r) => !r.includes('10.4.6.'))).toBe(true);
  });

  it('down --remove-orphans in the second, or down -p without a file, leaves a fresh host', async () => {
    const fresh = await freshState();
    for (const how of ['remove-orphans', '-p'] as const) {
      const { box, second } = await twoDirectories();
      expect((await box.klee(['up', '-H', box.host()], { cwd: second })).code).toBe(0);
      if (how === '-p') rmSync(join(second, 'kleene.yaml'));
      const args = how === '-p' ? ['down', '-p', 'vnet-demo'] : ['down', '--remove-orphans'];
      const down = await box.klee([...args, '-H', box.host()], { cwd: second });
      expect(down.code, down.stderr).toBe(0);
      expect(afterDown(box.state(), fresh), how).toEqual(comparable(fresh));
    }
  });

  it('down with an invalid file there, or a bad --env-file, prints why and removes nothing (never taken for no file)', async () => {
    const { box, second } = await twoDirectories();
    const before = box.state();
    writeFileSync(join(second, 'kleene.yaml'), 'name: vnet-demo\ncontainers:\n  solo: { path: 3 }\n');
    const invalid = await box.klee(['down', '-y', '-H', box.host()], { cwd: second });
    expect([invalid.code, invalid.stdout]).toEqual([1, '']);
    expect(invalid.stderr).toContain('containers.solo.path'); // the diagnostics, with their place
    expect(invalid.stderr).toMatch(/klee: kleene\.yaml is not valid \(\d+ errors?\)\nhint: .*`klee down -p NAME` where there is no project file/);
    writeFileSync(join(second, 'kleene.yaml'), SECOND);
    const env = await box.klee(['down', '-y', '--env-file', 'missing.env', '-H', box.host()], { cwd: second });
    expect([env.code, env.stdout, env.stderr]).toEqual([1, '', 'klee: cannot read --env-file missing.env: no such file\n']);
    expect(box.state()).toEqual(before);
  });

  it('an orphan in the way of the file is named, with the ways out, and nothing runs', async () => {
    const { box, second } = await twoDirectories();
    // The second file takes over the first one's network name with another type and root path of a running jail.
    writeFileSync(join(second, 'kleene.yaml'), 'name: vnet-demo\nnetworks:\n  testnet: { type: loopback, subnet: 10.4.6.0/24 }\ncontainers:\n  web2: { path: /jails/webservice, networks: [testnet] }\n');
    const before = box.state();
    const up = await box.klee(['up', '-H', box.host()], { cwd: second });
    expect(up.code).toBe(1);
    expect(up.stderr).toContain('container "vpnservice", which the file does not have (an orphan), sits on it');
    expect(up.stderr).toContain('container "web2": its root /jails/webservice is the root of jail vnet-demo_webservice');
    expect(up.stderr).toContain('pass --remove-orphans');
    expect(box.state()).toEqual(before);
  });
});
