// `klee watch` as a process (the built binary, as rc.d/klee runs it under daemon(8)): SIGHUP runs a pass at once,
// SIGTERM during a pass lets that pass finish, then the lock is released and it exits 0.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eventStream, Sandbox } from './helpers.js';
import { BIN } from '../bin-path.js';
import { useFreshDist } from '../dist-fresh.js';

useFreshDist(); // these tests run dist/: never a stale build

const boxes: Sandbox[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  while (children.length) { const c = children.pop()!; if (c.exitCode === null) c.kill('SIGKILL'); }
  while (boxes.length) boxes.pop()!.remove();
});

/** The built klee watch with --json: a promise per awaited event, and its exit. */
function start(b: Sandbox, args: string[]) {
  const child = spawn(process.execPath, [BIN, 'watch', '--json', ...args], { cwd: b.project, stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH, NO_COLOR: '1' } });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (d) => { stderr += d; });
  // 'close', not 'exit': after its output was read to the end
  const exit = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const { seen, write, next } = eventStream(() => exit.then((code) => ({ code, stderr })));
  child.stdout!.on('data', (d) => write(String(d)));
  return { child, seen, next, exit, stderr: () => stderr };
}

describe('klee watch, the process', () => {
  it('SIGHUP runs a pass at once; SIGTERM in the middle of a pass lets it finish, releases the lock and exits 0', async () => {
    const b = new Sandbox();
    boxes.push(b);
    writeFileSync(join(b.project, 'kleene.yaml'), 'name: s\nnetworks:\n  n: { subnet: 10.9.0.0/24 }\ncontainers:\n  app: { path: /jails/app, networks: [n], command: [/usr/local/bin/app] }\n');
    const lock = `${b.simPath}.s.lock`;
    const w = start(b, ['--interval', '1h', '-H', b.host('latency=150')]);
    await w.next((e) => e.event === 'pass' && e.pass === 1);
    w.child.kill('SIGHUP');
    expect(await w.next((e) => e.event === 'pass')).toMatchObject({ pass: 2, trigger: 'signal', ok: true, changes: 0 });
    expect(existsSync(lock)).toBe(false); // held only during a pass

    // a change for the next pass (every command 150 ms: SIGTERM lands while it runs)
    writeFileSync(join(b.project, 'kleene.yaml'), 'name: s\nnetworks:\n  n: { subnet: 10.9.0.0/24 }\ncontainers:\n  app: { path: /jails/app, networks: [n], command: [/usr/local/bin/app] }\n  web: { path: /jails/web, networks: [n], command: [/usr/local/bin/web] }\n');
    w.child.kill('SIGHUP');
    await w.next((e) => e.event === 'action-start' && e.pass === 3);
    expect(existsSync(lock)).toBe(true);
    w.child.kill('SIGTERM');
    expect(await w.exit).toBe(0);
    const tail = w.seen.slice(w.seen.findIndex((e) => e.event === 'action-start' && e.pass === 3));
    expect(tail.find((e) => e.event === 'done')).toMatchObject({ ok: true, interrupted: false });
    expect(tail.find((e) => e.event === 'pass')).toMatchObject({ pass: 3, ok: true });
    expect(w.seen.at(-1)).toMatchObject({ event: 'stopped', passes: 3, reason: 'interrupted by SIGTERM' });
    expect(existsSync(lock)).toBe(false);
    expect((b.state().jails as any[]).map((j) => j.name).sort()).toEqual(['s_app', 's_web']);
    expect(w.stderr()).toBe('');
  });
});
