// The shipped binary (package.json "bin": the bundle dist/bin/klee.js, built by `npm test` before vitest) runs up/ps/down against a sim host,
// and a killed run's stale lock is taken over by the next one.
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { afterDown, comparable, freshState, normalised, Sandbox } from './helpers.js';
import { BIN } from '../bin-path.js';
import { useFreshDist } from '../dist-fresh.js';

useFreshDist(); // these tests run dist/: never a stale build

const run = promisify(execFile);
const boxes: Sandbox[] = [];
afterEach(() => { while (boxes.length) boxes.pop()!.remove(); });

/** Run the built klee; resolves with the exit code and output whatever the exit code. */
async function bin(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\` (npm test does it first)`);
  try {
    const r = await run(process.execPath, [BIN, ...args], { cwd, env: { PATH: process.env.PATH, NO_COLOR: '1' } });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e: any) {
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the built klee binary', () => {
  it('brings an example up, lists it with ps, and takes it down', async () => {
    const box = new Sandbox('vnet');
    boxes.push(box);
    const up = await bin(['up', '-H', box.host()], box.project);
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    expect(up.stdout).toMatch(/up complete: \d+ done in/);
    const ps = await bin(['ps', '-H', box.host()], box.project);
    expect(ps.code).toBe(0);
    expect(ps.stdout.split('\n')[0]).toMatch(/^NAME\s+JAIL\s+JID\s+STATE\s+HEALTH\s+DRIVER\s+NETWORKS$/);
    expect(ps.stdout).toMatch(/vpnservice\s+vnet-demo_vpnservice\s+\d+\s+running\s+-\s+vnet\s+testnet=10\.4\.6\.3@epair0b/);
    const down = await bin(['down', '-H', box.host()], box.project);
    expect(down.code).toBe(0);
    const fresh = await freshState();
    expect(afterDown(box.state(), fresh)).toEqual(comparable(fresh));
  });

  it('recovers the stale lock of a killed run, and the next up converges', async () => {
    const clean = new Sandbox('vnet');
    const box = new Sandbox('vnet');
    boxes.push(clean, box);
    expect((await clean.klee(['up', '-H', clean.host()])).code).toBe(0);

    if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\``);
    const child = spawn(process.execPath, [BIN, 'up', '-H', box.host('latency=200')], { cwd: box.project, stdio: 'ignore' });
    const lockFile = `${box.simPath}.vnet-demo.lock`; // the sim's lock file (docs/simulator.md)
    for (let i = 0; i < 100 && !existsSync(lockFile); i++) await new Promise((r) => setTimeout(r, 20));
    expect(existsSync(lockFile)).toBe(true);
    await new Promise((r) => setTimeout(r, 500)); // a few commands in
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(existsSync(lockFile)).toBe(true); // a killed run cannot release it

    const up = await box.klee(['up', '-H', box.host()]);
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    expect(normalised(box.state())).toEqual(normalised(clean.state()));
    expect(existsSync(lockFile)).toBe(false);
  });
});
