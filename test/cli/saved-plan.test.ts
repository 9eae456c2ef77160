// Saved plans: `klee plan -o FILE` writes the plan with the fingerprints of the file and the host; `klee up --plan FILE`
// applies exactly it, and refuses a stale one naming what changed, leaving the host untouched.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { events, Sandbox } from '../e2e/helpers.js';

const boxes: Sandbox[] = [];
afterEach(() => { while (boxes.length) boxes.pop()!.remove(); });

/** A vnet example sandbox with a saved plan of its fresh host. */
async function planned(): Promise<{ box: Sandbox; planFile: string }> {
  const box = new Sandbox('vnet');
  boxes.push(box);
  const planFile = join(box.dir, 'plan.json');
  const r = await box.klee(['plan', '-o', planFile, '-H', box.host()]);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain(`Saved the plan to ${planFile}: apply exactly it with \`klee up --plan ${planFile}\`.`);
  return { box, planFile };
}

describe('klee plan -o / klee up --plan', () => {
  it('writes the plan with the file\'s and the host\'s fingerprints, and up --plan applies exactly its actions', async () => {
    const { box, planFile } = await planned();
    const saved = JSON.parse(readFileSync(planFile, 'utf8'));
    expect(saved).toMatchObject({ klee_plan: 1, project: 'vnet-demo', host: box.host(), file: 'kleene.yaml' });
    expect(Object.keys(saved.fingerprints.file).sort()).toEqual(['containers.vpnservice', 'containers.webservice', 'networks.testnet', 'project']);
    expect(saved.fingerprints.host).toHaveProperty('interface lo0');
    const up = await box.klee(['up', '--json', '--plan', planFile, '-H', box.host()]);
    expect(up.code).toBe(0);
    const ev = events(up.stdout);
    expect(ev[0].actions.map((a: any) => a.id)).toEqual(saved.plan.actions.map((a: any) => a.id));
    expect(ev.at(-1)).toMatchObject({ event: 'done', ok: true });
    expect((await box.klee(['plan', '-H', box.host()])).stdout).toBe('No changes. The host matches kleene.yaml.\n');
  });

  it('a plan that cannot be put in place (-o names a directory) is an error that leaves no temporary copy behind', async () => {
    const box = new Sandbox('vnet');
    boxes.push(box);
    const target = join(box.dir, 'out', 'plans');
    mkdirSync(target, { recursive: true });
    const r = await box.klee(['plan', '-o', target, '-H', box.host()]);
    expect([r.code, r.stderr]).toEqual([1, `klee: cannot write the plan to ${target}: EISDIR\n`]);
    expect(readdirSync(join(box.dir, 'out'))).toEqual(['plans']); // no plans.<pid>.tmp (owner-only, with the env values)
  });

  it('refuses a plan whose file changed since, naming the part, before touching the host', async () => {
    const { box, planFile } = await planned();
    const file = join(box.project, 'kleene.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('    driver: vnet\n', '    driver: vnet\n    env: { MODE: vpn }\n'));
    const before = readFileSync(box.simPath, 'utf8');
    const r = await box.klee(['up', '--plan', planFile, '-H', box.host()]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^klee: the saved plan ${planFile} is stale: kleene\\.yaml changed since it was made \\(.+\\): containers\\.vpnservice changed\\n`));
    expect(r.stderr).toContain(`hint: make a new plan with \`klee plan -o ${planFile}\` and review it`);
    expect(readFileSync(box.simPath, 'utf8')).toBe(before);
  });

  it('refuses a plan whose host changed since, naming what changed there', async () => {
    const { box, planFile } = await planned();
    // Another project comes up on the same host meanwhile.
    const other = new Sandbox('ipnet');
    boxes.push(other);
    expect((await other.klee(['up', '-H', box.host()])).code).toBe(0);
    const r = await box.klee(['up', '--plan', planFile, '-H', box.host()]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^klee: the saved plan .* is stale: the host \(planned against sim:.*\) changed since it was made \(.*\): .*interface kleene0 is new/);
    expect(r.stderr).toMatch(/jail ipnet-demo_\w+ is new/);
  });

  it('a plan made against a snapshot applies on the host the snapshot was taken from (plan in CI, apply on the host)', async () => {
    const box = new Sandbox('vnet');
    boxes.push(box);
    const snap = join(box.dir, 'snap.json');
    const planFile = join(box.dir, 'plan.json');
    expect((await box.klee(['probe', '--save', snap, '-H', box.host()])).code).toBe(0);
    expect((await box.klee(['plan', '-o', planFile, '-H', `snapshot:${snap}`])).code).toBe(0);
    const up = await box.klee(['up', '--plan', planFile, '-H', box.host()]);
    expect([up.code, up.stderr]).toEqual([0, '']);
    expect(up.stdout).toMatch(/^up complete: 7 done in /m);
  });

  it('a plan that waits (depends_on conditions) keeps its polled checks and starts the programs as planned', async () => {
    const box = new Sandbox('services');
    boxes.push(box);
    const planFile = join(box.dir, 'plan.json');
    expect((await box.klee(['plan', '-o', planFile, '-H', box.host()])).code).toBe(0);
    const saved = JSON.parse(readFileSync(planFile, 'utf8'));
    const polled = saved.plan.actions.filter((a: any) => a.commands.some((c: any) => c.poll));
    expect(polled.map((a: any) => a.id)).toContain('service:db:healthy');
    expect(saved.plan.actions.map((a: any) => a.id)).toContain('service:migrate:completed');
    const up = await box.klee(['up', '--wait', '--plan', planFile, '-H', box.host()]);
    expect([up.code, up.stderr]).toEqual([0, '']);
    expect(JSON.parse((await box.klee(['ps', '--json', '-H', box.host()])).stdout).find((r: any) => r.name === 'db'))
      .toMatchObject({ state: 'running', health: 'healthy' });
  });

  it('takes no SERVICE: a saved plan is applied whole (a --json failure is a JSON document)', async () => {
    const { box, planFile } = await planned();
    const before = readFileSync(box.simPath, 'utf8');
    const r = await box.klee(['up', '--json', '--plan', planFile, 'vpnservice', '-H', box.host()]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).error.message).toBe('klee up --plan applies the saved plan whole: it takes no SERVICE (got vpnservice)');
    expect(readFileSync(box.simPath, 'utf8')).toBe(before);
  });

  it.each([
    ['not JSON', 'nope', /is not a saved plan: not JSON/],
    ['a poll without its numbers', JSON.stringify({ klee_plan: 1, project: 'vnet-demo', host: 'h', file: 'f', created: 'c', fingerprints: { file: {}, host: {} }, plan: { project: 'vnet-demo', host: 'h', warnings: [], actions: [{ id: 'a', op: 'create', resource: 'service', name: 'x', reason: 'r', after: [], facts: {}, commands: [{ argv: ['true'], poll: { intervalS: 'soon' } }] }] } }), /plan\.actions\[0\] must be an action whose command poll has a number intervalS of at least 0/],
    ['another format', '{"klee_plan": 2}', /klee_plan must be 1/],
    ['a command that is not an argv', JSON.stringify({ klee_plan: 1, project: 'vnet-demo', host: 'h', file: 'f', created: 'c', fingerprints: { file: {}, host: {} }, plan: { project: 'vnet-demo', host: 'h', warnings: [], actions: [{ id: 'a', op: 'create', resource: 'pf', name: 'x', reason: 'r', after: [], facts: {}, commands: [{ argv: 'rm -rf /' }] }] } }), /plan\.actions\[0\] must be an action whose commands have a non-empty argv of strings/],
  ])('a malformed plan file (%s) is refused naming the field', async (_what, text, message) => {
    const box = new Sandbox('vnet');
    boxes.push(box);
    const planFile = join(box.dir, 'plan.json');
    writeFileSync(planFile, text);
    const r = await box.klee(['up', '--plan', planFile, '-H', box.host()]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
  });
});
