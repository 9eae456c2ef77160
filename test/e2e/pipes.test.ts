// The shipped binary run as a user runs it (the file itself, through its #! line, not `node FILE`): a reader that
// closes the pipe early (`klee up --json | head -3`) does not abort the apply, and `--env-file` is klee's, not node's.
import { execFile, spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { Sandbox } from './helpers.js';
import { BIN } from '../bin-path.js';

const boxes: Sandbox[] = [];
afterEach(() => { while (boxes.length) boxes.pop()!.remove(); });
/** PATH with this node first, for the #! line's `env node`. */
const PATH = `${dirname(process.execPath)}:${process.env.PATH}`;

/** Spawn BIN with args, read `lines` lines of stdout, then close the pipe as `head` does; resolve when klee exits. */
function headOf(args: string[], cwd: string, lines: number): Promise<{ code: number | null; read: string; stderr: string }> {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\``);
  const child = spawn(BIN, args, { cwd, env: { PATH, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let read = '';
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.on('data', (d) => {
    read += d;
    if (read.split('\n').length > lines) child.stdout.destroy();
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, read, stderr })));
}

describe('a closed stdout never aborts an apply', () => {
  it.each([
    ['up --json | head -3', ['up', '--json'], 3],
    ['up | head -1 (the human view)', ['up'], 1],
  ])('%s: the run goes on, releases its lock and exits with its own status, no stack trace', async (_name, args, lines) => {
    const box = new Sandbox('vnet');
    boxes.push(box);
    const r = await headOf([...args, '-H', box.host('latency=40')], box.project, lines);
    expect(r.stderr).not.toMatch(/EPIPE|Error|\n\s+at /);
    expect(r.code).toBe(0);
    expect(existsSync(`${box.simPath}.vnet-demo.lock`)).toBe(false);
    const plan = await box.klee(['plan', '-H', box.host()]);
    expect(plan.stdout).toBe('No changes. The host matches kleene.yaml.\n');
  });

  it('down --json | head -1 removes everything all the same', async () => {
    const box = new Sandbox('vnet');
    boxes.push(box);
    expect((await box.klee(['up', '-H', box.host()])).code).toBe(0);
    const r = await headOf(['down', '--json', '-H', box.host('latency=40')], box.project, 1);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect((await box.klee(['down', '-H', box.host()])).stdout).toBe('Nothing to remove: project vnet-demo owns nothing on ' + box.host() + '.\n');
  });
});

describe('--env-file belongs to klee on the node the package supports', () => {
  const run = promisify(execFile);
  it('a missing --env-file is klee\'s own error (not node\'s "not found", exit 9)', async () => {
    const box = new Sandbox('vnet');
    boxes.push(box);
    const e: any = await run(BIN, ['validate', '--env-file', 'nope.env'], { cwd: box.project, env: { PATH } }).catch((x) => x);
    expect([e.code, e.stderr]).toEqual([1, 'klee: cannot read --env-file nope.env: no such file\n']);
  });

  it('through npx with `--` before klee (README): klee\'s own error too, not that of npx\'s node', async () => {
    const box = new Sandbox('vnet');
    boxes.push(box);
    // npx in the package's directory runs its bin; `--` ends the options of npx's own node (nodejs/node#54232).
    const e: any = await run('npx', ['--', 'klee', 'validate', '-f', join(box.project, 'kleene.yaml'), '--env-file', 'nope.env'],
      { cwd: resolve(import.meta.dirname, '../..'), env: { ...process.env, PATH, npm_config_offline: 'true' } }).catch((x) => x);
    expect([e.code, e.stderr]).toEqual([1, 'klee: cannot read --env-file nope.env: no such file\n']);
  });

  it('an existing --env-file is read once, by klee, with compose\'s precedence inside it', async () => {
    const box = new Sandbox();
    boxes.push(box);
    writeFileSync(join(box.project, 'kleene.yaml'), 'containers:\n  a: { path: /jails/a, hostname: "${A}" }\n');
    // Inside the file B is not set yet when A is read: A gets its default. Had node loaded the file into the
    // environment first, B would be set there and A would be "later".
    writeFileSync(join(box.project, 'vars.env'), 'A=${B:-first}\nB=later\n');
    const r = await run(BIN, ['config', '--json', '--env-file', 'vars.env'], { cwd: box.project, env: { PATH } });
    expect(JSON.parse(r.stdout).containers.a.hostname).toBe('first');
  });
});
