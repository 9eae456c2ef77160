// Confirmation before destruction, on a real pseudo-terminal (Python's pty module runs the built klee on one and
// answers the question): `n` changes nothing, `y` applies; -y/--yes, --json and a run without a terminal never ask.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { QUESTION } from '../../src/cli/confirm.js';
import { BIN } from '../bin-path.js';
import { useFreshDist } from '../dist-fresh.js';
import { afterDown, comparable, events, freshState, Sandbox } from './helpers.js';

useFreshDist(); // these tests run dist/: never a stale build

const run = promisify(execFile);
const boxes: Sandbox[] = [];
afterEach(() => { while (boxes.length) boxes.pop()!.remove(); });

// Fork klee on a pty (stdin, stdout and stderr are the terminal), wait for the question, type the answer, read the
// rest; print the exit code last. Without the question in 20 s, the child is killed (the test then fails on it).
const PTY = `
import os, pty, sys, time, json
answer, cwd, argv = sys.argv[1], sys.argv[2], sys.argv[3:]
pid, fd = pty.fork()
if pid == 0:
    os.chdir(cwd)
    os.execvpe(argv[0], argv, {'PATH': os.environ['PATH'], 'NO_COLOR': '1', 'TERM': 'dumb'})
out, asked, deadline = b'', False, time.time() + 20
while True:
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
    if not asked and b'[y/N]' in out:
        asked = True
        os.write(fd, answer.encode() + b'\\n')
    if time.time() > deadline:
        os.kill(pid, 9)
        break
_, status = os.waitpid(pid, 0)
sys.stdout.write(json.dumps({'out': out.decode('utf-8', 'replace'), 'asked': asked, 'code': os.waitstatus_to_exitcode(status)}))
`;

/** Run the built klee on a pseudo-terminal in the sandbox's project, answering `answer` when asked. */
async function onTerminal(box: Sandbox, answer: string, args: string[]): Promise<{ out: string; asked: boolean; code: number }> {
  const r = await run('python3', ['-c', PTY, answer, box.project, process.execPath, BIN, ...args], { timeout: 60_000 });
  return JSON.parse(r.stdout) as { out: string; asked: boolean; code: number };
}

describe('confirmation on a terminal', () => {
  it('down asks; n changes nothing (no host command beyond the probe), y removes everything', async () => {
    const box = new Sandbox('vnet');
    boxes.push(box);
    expect((await box.klee(['up', '-H', box.host()])).code).toBe(0);
    const before = box.state();
    const no = await onTerminal(box, 'n', ['down', '-H', box.host()]);
    expect(no.asked, no.out).toBe(true);
    expect(no.out).toContain(QUESTION.trim());
    expect(no.out).toMatch(/- container\s+vpnservice/); // the plan is shown before the question
    expect(no.out).toContain('Cancelled: nothing was changed');
    expect(no.code).toBe(1);
    expect(box.state()).toEqual(before);
    const yes = await onTerminal(box, 'y', ['down', '-H', box.host()]);
    expect([yes.asked, yes.code], yes.out).toEqual([true, 0]);
    const fresh = await freshState();
    expect(afterDown(box.state(), fresh)).toEqual(comparable(fresh));
  }, 90_000);

  it('up asks only when it destroys or replaces; -y does not ask', async () => {
    const box = new Sandbox('ipnet');
    boxes.push(box);
    // A fresh host: only creations, no question.
    const create = await onTerminal(box, 'n', ['up', '-H', box.host()]);
    expect([create.asked, create.code], create.out).toEqual([false, 0]);
    // Dropping a container with --remove-orphans destroys it: asked; n leaves it running.
    writeFileSync(join(box.project, 'kleene.yaml'), 'name: ipnet-demo\nnetworks:\n  testnet: { subnet: 10.2.3.0/24 }\ncontainers:\n  first: { path: /jails/first, networks: [testnet] }\n');
    const before = box.state();
    const no = await onTerminal(box, 'n', ['up', '--remove-orphans', '-H', box.host()]);
    expect([no.asked, no.code], no.out).toEqual([true, 1]);
    expect(box.state()).toEqual(before);
    const yes = await onTerminal(box, 'n', ['up', '--remove-orphans', '-y', '-H', box.host()]);
    expect([yes.asked, yes.code], yes.out).toEqual([false, 0]);
    expect((box.state().jails as { name: string }[]).map((j) => j.name)).toEqual(['ipnet-demo_first']);
  }, 90_000);
});

describe('no question', () => {
  it('without a terminal (CI, pipes) or with --json, down applies at once', async () => {
    const box = new Sandbox('ipnet');
    boxes.push(box);
    expect((await box.klee(['up', '-H', box.host()])).code).toBe(0);
    const json = await box.klee(['down', '--json', '-H', box.host()], { tty: true });
    expect(json.stdout).not.toContain(QUESTION.trim());
    expect(events(json.stdout).at(-1)!.ok).toBe(true);
    expect((await box.klee(['up', '-H', box.host()])).code).toBe(0);
    const piped = await box.klee(['down', '-H', box.host()], { tty: true }); // stdout a terminal, no stdin
    expect([piped.code, piped.stdout.includes(QUESTION.trim())]).toEqual([0, false]);
  });

  it('the plan says in words what a ZFS destroy loses, and --json carries it', async () => {
    const box = new Sandbox();
    boxes.push(box);
    writeFileSync(join(box.project, 'kleene.yaml'), 'name: zdemo\ncontainers:\n  db: { image: zroot/images/base@v1, driver: disabled }\n');
    const fresh = await freshState();
    writeFileSync(box.simPath, JSON.stringify({ ...fresh, datasets: [...((fresh.datasets ?? []) as { name: string }[]).filter((d) => d.name !== 'zroot'), { name: 'zroot' }] }));
    const up = await box.klee(['up', '-H', box.host()]);
    expect(up.code, up.stderr).toBe(0);
    writeFileSync(join(box.project, 'kleene.yaml'), 'name: zdemo\n');
    const plan = await box.klee(['plan', '--remove-orphans', '-H', box.host()]);
    expect(plan.stdout).toContain('! destroys ZFS dataset zroot/klee/zdemo/db (a clone of zroot/images/base@v1) and everything written in it');
    const json = JSON.parse((await box.klee(['plan', '--remove-orphans', '--json', '-H', box.host()])).stdout);
    expect(json.actions.find((a: { id: string }) => a.id === 'dataset:db').destroysData).toMatch(/^ZFS dataset zroot\/klee\/zdemo\/db/);
    // The question repeats it; n keeps the clone.
    const before = box.state();
    const asked = await onTerminal(box, 'n', ['up', '--remove-orphans', '-H', box.host()]);
    expect([asked.asked, asked.code], asked.out).toEqual([true, 1]);
    expect(asked.out).toContain('This destroys data that cannot be recovered:');
    expect(asked.out).toContain('  - the files of container db (its root /klee/zdemo/db is ZFS dataset zroot/klee/zdemo/db, destroyed in this plan)');
    expect(asked.out).toContain('  - ZFS dataset zroot/klee/zdemo/db (a clone of zroot/images/base@v1) and everything written in it');
    expect(box.state()).toEqual(before);
  }, 90_000);
});
