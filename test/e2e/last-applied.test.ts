// Which file a project was last applied from (docs/ownership.md): two checkouts of one file (two directories, the same
// project name and file) on the simulated host. The second `up` says so before its plan, naming both (and in --json),
// records itself in each jail's meta in place (jail -m: nothing replaced), and `klee ls` shows it; the same checkout
// twice says nothing; a git checkout is recorded by its origin, without the origin's credentials.
import { cpSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { events, Sandbox, SANDBOX_ORIGIN } from './helpers.js';

const boxes: Sandbox[] = [];
afterEach(() => { while (boxes.length) boxes.pop()!.remove(); });

/** The vnet example applied from its directory (outside git: its identity is its path), and a second copy beside it. */
async function twoCheckouts(): Promise<{ box: Sandbox; first: string; second: string }> {
  const box = new Sandbox('vnet');
  boxes.push(box);
  rmSync(join(box.dir, '.git'), { recursive: true });
  const up = await box.klee(['up', '-H', box.host()]);
  expect(up.code, up.stderr).toBe(0);
  const second = join(box.dir, 'second');
  mkdirSync(second);
  cpSync(join(box.project, 'kleene.yaml'), join(second, 'kleene.yaml'));
  return { box, first: realpathSync(join(box.project, 'kleene.yaml')), second: realpathSync(join(second, 'kleene.yaml')) };
}

type Jail = { name: string; jid: number; params: Record<string, unknown> };
const jails = (box: Sandbox) => (box.state().jails as Jail[]).map((j) => ({ name: j.name, jid: j.jid, meta: String(j.params.meta) }));

/** stdout and stderr of one run in the order they were written. */
async function inOrder(box: Sandbox, args: string[], cwd: string): Promise<string> {
  let out = '';
  const w = { write: (s: string) => void (out += s) };
  await runCli(args, { stdout: w, stderr: w }, { PATH: process.env.PATH, NO_COLOR: '1' }, cwd);
  return out;
}

describe('two checkouts of one file', () => {
  it('the second warns before its plan naming both, updates each jail\'s meta in place, replaces nothing; then says nothing', async () => {
    const { box, first, second } = await twoCheckouts();
    const dir = join(box.dir, 'second');
    const before = jails(box);
    expect(before.every((j) => j.meta.endsWith(` file=${first}`))).toBe(true);
    const warning = `warning: project vnet-demo was last applied from ${first} (containers vpnservice, webservice), not from this file, ${second}`;

    const plan = await inOrder(box, ['plan', '-H', box.host()], dir);
    expect(plan.startsWith(warning), plan).toBe(true);
    expect(plan).toMatch(/^ {2}~ container +vpnservice .*$/m);
    expect(plan).toContain(`applied from ${second} (was ${first})`);

    // A failed update is undone like any other (--atomic: the one that succeeded too): the metas are as they were.
    const failed = await box.klee(['up', '--json', '--atomic', '--parallel', '1', '-H', box.host('fail-match=jail.-m.name.vnet-demo_webservice')], { cwd: dir });
    expect(failed.code).toBe(1);
    expect(events(failed.stdout).filter((e) => e.event === 'undo').map((e) => [e.why, e.argv.slice(0, 3), e.ok])).toEqual([['atomic', ['jail', '-m', 'name=vnet-demo_vpnservice'], true]]);
    expect(jails(box)).toEqual(before);

    const up = await box.klee(['up', '--json', '-H', box.host()], { cwd: dir });
    expect(up.code, up.stderr).toBe(0);
    const [planEvent] = events(up.stdout);
    expect(planEvent.event).toBe('plan');
    expect(planEvent.warnings).toEqual([expect.stringContaining(warning.slice('warning: '.length))]);
    expect(planEvent.actions.map((a: { id: string; op: string }) => [a.id, a.op])).toEqual([['container:vpnservice', 'update'], ['container:webservice', 'update']]);
    const commands = events(up.stdout).filter((e) => e.event === 'command').map((e) => e.argv.slice(0, 3));
    expect(commands).toEqual([['jail', '-m', 'name=vnet-demo_vpnservice'], ['jail', '-m', 'name=vnet-demo_webservice']]);
    // The same jails (jids), the same configuration hash and digests; only the recorded file changed.
    expect(jails(box)).toEqual(before.map((j) => ({ ...j, meta: j.meta.replace(` file=${first}`, ` file=${second}`) })));

    const again = await box.klee(['up', '-H', box.host()], { cwd: dir });
    expect([again.code, again.stderr]).toEqual([0, '']);
    expect(again.stdout).toContain('Nothing to do');
  });

  it('before 14.3 (no meta): the file is in each jail\'s record, which the second checkout writes again, in place', async () => {
    const box = new Sandbox('ipnet');
    boxes.push(box);
    rmSync(join(box.dir, '.git'), { recursive: true });
    const H = ['-H', box.host('version=14.2')];
    expect((await box.klee(['up', ...H])).code).toBe(0);
    const second = join(box.dir, 'second');
    mkdirSync(second);
    cpSync(join(box.project, 'kleene.yaml'), join(second, 'kleene.yaml'));
    const [first, other] = [join(box.project, 'kleene.yaml'), join(second, 'kleene.yaml')].map((p) => realpathSync(p));
    const records = () => Object.entries(box.state().files as Record<string, string[]>).filter(([p]) => p.startsWith('/var/db/klee/jails/')).map(([, t]) => t[0]);
    expect(records().map((r) => r.split(' file=')[1])).toEqual([first, first]);
    const before = jails(box);
    // A failed record write is undone, and --atomic writes the other one's old record back.
    const failed = await box.klee(['up', '--json', '--atomic', '--parallel', '1', '-H', box.host('version=14.2&fail-match=jails[ ]ipnet-demo_second$')], { cwd: second });
    expect(failed.code).toBe(1);
    expect(records().map((r) => r.split(' file=')[1])).toEqual([first, first]);
    const up = await box.klee(['up', '--json', ...H], { cwd: second });
    expect(up.code, up.stderr).toBe(0);
    expect(events(up.stdout)[0].warnings[0]).toContain(`was last applied from ${first} (containers first, second), not from this file, ${other}`);
    expect(events(up.stdout)[0].actions.map((a: { op: string }) => a.op)).toEqual(['update', 'update']);
    expect(records().map((r) => r.split(' file=')[1])).toEqual([other, other]);
    expect(jails(box)).toEqual(before);
    expect((await box.klee(['plan', '--detailed-exitcode', ...H], { cwd: second })).code).toBe(0);
  });

  it('the same checkout applied twice gives no warning and runs nothing', async () => {
    const { box } = await twoCheckouts();
    const again = await box.klee(['plan', '--json', '--detailed-exitcode', '-H', box.host()]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).warnings).toEqual([]);
  });

  it('klee ls shows the file each project was applied from (CONFIG FILES), every one while two are recorded; --json too', async () => {
    const { box, first, second } = await twoCheckouts();
    let ls = await box.klee(['ls', '-H', box.host()]);
    expect(ls.stdout.split('\n')[0]).toMatch(/^PROJECT +CONTAINERS +NETWORKS +PF +CONFIG FILES$/);
    expect(ls.stdout.split('\n')[1]).toMatch(new RegExp(`^vnet-demo .* yes +${first.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    // The second checkout with only one container: the other still records the first file.
    writeFileSync(join(box.dir, 'second', 'kleene.yaml'), readFileSync(second, 'utf8').replace(/\n {2}vpnservice:[^]*$/, '\n'));
    expect((await box.klee(['up', '-H', box.host()], { cwd: join(box.dir, 'second') })).code).toBe(0);
    ls = await box.klee(['ls', '--json', '-H', box.host()]);
    expect(JSON.parse(ls.stdout)[0].configFiles).toEqual([first, second].sort());
  });
});

describe('a git checkout', () => {
  it('two clones of one origin in different places (a CI runner, a laptop) are one file: nothing to say, nothing to do', async () => {
    const box = new Sandbox('vnet');
    boxes.push(box);
    expect((await box.klee(['up', '-H', box.host()])).code).toBe(0);
    const clone = join(box.dir, 'elsewhere', 'runner', 'work');
    mkdirSync(join(clone, '.git'), { recursive: true });
    mkdirSync(join(clone, 'project'));
    writeFileSync(join(clone, '.git', 'config'), `[core]\n\tbare = false\n[remote "origin"]\n\turl = ${SANDBOX_ORIGIN.replace('https://', 'https://ci:t0ken@')}\n`);
    cpSync(join(box.project, 'kleene.yaml'), join(clone, 'project', 'kleene.yaml'));
    const plan = await box.klee(['plan', '--json', '--detailed-exitcode', '-H', box.host()], { cwd: join(clone, 'project') });
    expect([plan.code, JSON.parse(plan.stdout).warnings]).toEqual([0, []]);
    expect(jails(box).map((j) => j.meta.split(' file=')[1])).toEqual(['git.example.invalid/klee/e2e#project/kleene.yaml', 'git.example.invalid/klee/e2e#project/kleene.yaml']);
  });

  it('is recorded as origin#path, without the origin\'s credentials anywhere klee writes or prints', async () => {
    const box = new Sandbox('vnet');
    boxes.push(box);
    writeFileSync(join(box.dir, '.git', 'config'), '[remote "origin"]\n\turl = https://deploy:s3cret@git.example.com/acme/infra.git\n');
    const outputs = [await box.klee(['plan', '--json', '-H', box.host()]), await box.klee(['up', '--json', '-H', box.host()]), await box.klee(['ls', '-H', box.host()])];
    expect(outputs.map((r) => r.code)).toEqual([0, 0, 0]);
    const identity = 'git.example.com/acme/infra#project/kleene.yaml';
    expect(jails(box).map((j) => j.meta.split(' file=')[1])).toEqual([identity, identity]);
    expect(outputs[2].stdout).toContain(identity);
    const everything = [readFileSync(box.simPath, 'utf8'), ...outputs.flatMap((r) => [r.stdout, r.stderr])].join('\n');
    expect(everything).not.toContain('s3cret');
    expect(everything).not.toContain('deploy:');
  });
});
