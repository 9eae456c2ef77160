// `klee watch` end to end on the simulated host (issue 19's "done when"), in-process: a jail removed by hand comes
// back and a removed alias is re-added by the next pass, a changed file is applied, an unhealthy container is
// restarted (and one with restart: "no" is not), a container stopped with `klee stop` stays stopped. Every wait is
// for an event, never for a fixed time.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openHost } from '../../src/host/open.js';
import { eventStream, Sandbox } from './helpers.js';

const boxes: Sandbox[] = [];
afterEach(() => { while (boxes.length) boxes.pop()!.remove(); });

/** A project with a loopback network and these containers. */
function project(b: Sandbox, containers: string): void {
  writeFileSync(join(b.project, 'kleene.yaml'), `name: w\nnetworks:\n  n: { subnet: 10.9.0.0/24 }\ncontainers:\n${containers}`);
}

/** `klee watch --json` in the background: its events as they come, a way to wait for one, and a stop (SIGTERM's abort). */
function watch(b: Sandbox, args: string[], opts: { tty?: boolean } = {}) {
  const ctl = new AbortController();
  let done: Promise<{ code: number; stderr: string }> | undefined;
  const events = eventStream(() => done!);
  done = b.klee(['watch', '--json', ...args], { signal: ctl.signal, onStdout: events.write, tty: opts.tty });
  const stop = async () => { ctl.abort(new Error('interrupted by SIGTERM')); return done!; };
  return { seen: events.seen, next: events.next, stop };
}

const sandbox = () => { const b = new Sandbox(); boxes.push(b); return b; };
const jails = (b: Sandbox) => (b.state().jails as any[]).map((j) => j.name).sort();
const aliases = (b: Sandbox, ifname: string) => (b.state().interfaces as any[]).find((i) => i.name === ifname).inet.map((a: any) => a.address).sort();

describe('klee watch', () => {
  it('brings back a jail removed by hand and a removed alias at the next pass, applies a changed file, and stops cleanly', async () => {
    const b = sandbox();
    project(b, '  app: { path: /jails/app, networks: { n: { ip: 10.9.0.1 } }, command: [/usr/local/bin/app] }\n  db: { path: /jails/db, networks: { n: { ip: 10.9.0.2 } }, command: [/usr/local/bin/db] }\n');
    const w = watch(b, ['--interval', '2s', '-H', b.host()]);
    const first = await w.next((e) => e.event === 'pass');
    expect(first).toMatchObject({ pass: 1, trigger: 'start', ok: true });
    expect(jails(b)).toEqual(['w_app', 'w_db']);

    // By hand, in one command (one turn of the simulator's state): remove app's jail, and db's alias.
    const removed = await w.next((e) => e.event === 'pass');
    const host = await openHost(b.host());
    const r = await host.run(['sh', '-c', 'jail -r w_app && ifconfig kleene0 inet 10.9.0.2 -alias']);
    await host.close();
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
    expect([jails(b), aliases(b, 'kleene0')]).toEqual([['w_db'], ['10.9.0.1']]);

    const repaired = await w.next((e) => e.event === 'pass');
    expect(repaired).toMatchObject({ pass: removed.pass + 1, trigger: 'interval', ok: true });
    expect(repaired.changes).toBeGreaterThanOrEqual(2);
    const ids = w.seen.filter((e) => e.event === 'action-done' && e.pass === repaired.pass).map((e) => [e.id, e.status]);
    expect(ids).toEqual(expect.arrayContaining([['container:app', 'ok'], ['address:db:n', 'ok']]));
    expect([jails(b), aliases(b, 'kleene0')]).toEqual([['w_app', 'w_db'], ['10.9.0.1', '10.9.0.2']]);

    // A changed file: a third container; the file's change runs a pass before the interval is up.
    project(b, '  app: { path: /jails/app, networks: { n: { ip: 10.9.0.1 } }, command: [/usr/local/bin/app] }\n  db: { path: /jails/db, networks: { n: { ip: 10.9.0.2 } }, command: [/usr/local/bin/db] }\n  web: { path: /jails/web, networks: [n], command: [/usr/local/bin/web] }\n');
    const applied = await w.next((e) => e.event === 'pass' && e.changes > 0);
    expect(applied.ok).toBe(true);
    expect(jails(b)).toEqual(['w_app', 'w_db', 'w_web']);

    const end = await w.stop();
    expect(end.code).toBe(0);
    expect(w.seen.at(-1)).toMatchObject({ event: 'stopped', reason: 'interrupted by SIGTERM' });
    // the lock was released: a `klee up` by hand runs at once
    expect((await b.klee(['up', '-H', b.host()])).stdout).toContain('Nothing to do');
  });

  it('makes the epair of a vnet container again at the next pass after it was destroyed by hand', async () => {
    const b = sandbox();
    writeFileSync(join(b.project, 'kleene.yaml'), 'name: v\nnetworks:\n  br: { type: bridge, subnet: 10.8.0.0/24 }\ncontainers:\n  web: { path: /jails/web, driver: vnet, networks: [br], command: [/usr/local/bin/web] }\n');
    const epairs = () => (b.state().interfaces as any[]).filter((i) => /^epair\d+a$/.test(i.name) && i.vnet === 0).map((i) => i.description);
    const w = watch(b, ['--interval', '2s', '-H', b.host()]);
    const first = await w.next((e) => e.event === 'pass');
    expect(first).toMatchObject({ ok: true });
    expect(epairs()).toEqual(['klee:v:web:br']);
    const name = (b.state().interfaces as any[]).find((i) => i.description === 'klee:v:web:br').name;
    const host = await openHost(b.host());
    expect((await host.run(['ifconfig', name, 'destroy'])).exitCode).toBe(0);
    await host.close();
    expect(epairs()).toEqual([]);
    expect(await w.next((e) => e.event === 'pass')).toMatchObject({ pass: first.pass + 1, ok: true });
    expect(epairs()).toEqual(['klee:v:web:br']);
    expect((await b.klee(['plan', '--detailed-exitcode', '-H', b.host()])).code).toBe(0);
    expect((await w.stop()).code).toBe(0);
  });

  it('leaves orphans with a warning; with --remove-orphans removes them, never asking (even on a terminal)', async () => {
    const b = sandbox();
    project(b, '  app: { path: /jails/app, networks: [n], command: [/usr/local/bin/app] }\n  old: { path: /jails/old, networks: [n], command: [/usr/local/bin/old] }\n');
    expect((await b.klee(['up', '-H', b.host()])).code).toBe(0);
    project(b, '  app: { path: /jails/app, networks: [n], command: [/usr/local/bin/app] }\n');
    const keep = watch(b, ['--interval', '1h', '-H', b.host()]);
    const first = await keep.next((e) => e.event === 'pass');
    expect(first).toMatchObject({ ok: true, changes: 0 });
    expect(first.warnings.join('\n')).toContain('orphans');
    expect((await keep.stop()).code).toBe(0);
    expect(jails(b)).toEqual(['w_app', 'w_old']);
    const remove = watch(b, ['--interval', '1h', '--remove-orphans', '-H', b.host()], { tty: true });
    expect(await remove.next((e) => e.event === 'pass')).toMatchObject({ ok: true, warnings: [] });
    expect(remove.seen.filter((e) => e.event === 'action-done').map((e) => [e.id, e.status])).toEqual([['container:old', 'ok']]);
    expect((await remove.stop()).code).toBe(0);
    expect(jails(b)).toEqual(['w_app']);
  });

  it('restarts a container whose healthcheck starts failing, not one with restart: "no"; leaves a `klee stop`ped one stopped', async () => {
    const b = sandbox();
    const check = "healthcheck: { test: [CMD-SHELL, 'test -f /tmp/ok'], interval: 1s, retries: 2 }";
    project(b, [
      `  web: { path: /jails/web, networks: [n], command: [/usr/local/bin/web], restart: always, ${check} }`,
      `  job: { path: /jails/job, networks: [n], command: [/usr/local/bin/job], ${check} }`,
      '  idle: { path: /jails/idle, networks: [n], command: [/usr/local/bin/idle] }', ''].join('\n'));
    const H = ['-H', b.host()];
    expect((await b.klee(['up', ...H])).code).toBe(0);
    for (const c of ['web', 'job']) expect((await b.klee(['exec', '-T', ...H, c, '/bin/sh', '-c', ': > /tmp/ok'])).code).toBe(0);
    expect((await b.klee(['stop', 'idle', ...H])).code).toBe(0);
    const pids = () => Object.fromEntries((b.state().procs as any[]).filter((p) => p.argv[0].startsWith('/usr/local/bin/')).map((p) => [p.argv[0].slice(15), p.pid]));
    const before = pids();

    const w = watch(b, ['--interval', '1s', ...H]);
    const healthy = await Promise.all(['web', 'job'].map((c) => w.next((e) => e.event === 'health' && e.container === c && e.status === 'healthy')));
    expect(healthy).toHaveLength(2);
    for (const c of ['web', 'job']) expect((await b.klee(['exec', '-T', ...H, c, '/bin/rm', '/tmp/ok'])).code).toBe(0);

    const [restart, none] = await Promise.all([
      w.next((e) => e.event === 'recovery' && e.container === 'web'),
      w.next((e) => e.event === 'recovery' && e.container === 'job'),
    ]);
    expect(restart).toMatchObject({ action: 'restart', attempt: 1, ok: true });
    expect(none).toMatchObject({ action: 'none', reason: 'unhealthy, and its restart policy is "no"' });
    const afterPass = await w.next((e) => e.event === 'pass');
    expect(afterPass.held).toEqual([{ container: 'idle', reason: 'stopped by `klee stop`: `klee start` starts it' }]);
    expect((await w.stop()).code).toBe(0);

    expect(w.seen.filter((e) => e.event === 'recovery' && e.action === 'restart').map((e) => e.container)).toEqual(['web']);
    // web's program is a new process; job's is the one it was
    const after = pids();
    expect([after.web !== before.web, after.job === before.job, after.idle]).toEqual([true, true, undefined]);
    expect(JSON.parse((await b.klee(['ps', '--json', '-a', ...H])).stdout).map((r: any) => [r.name, r.state])).toEqual([['idle', 'stopped'], ['job', 'running'], ['web', 'running']]);
  });

  it('an invalid file fails its pass and applies nothing (its diagnostics printed once); fixing it applies at once', async () => {
    const b = sandbox();
    project(b, '  app: { path: /jails/app, networks: [n], command: [/usr/local/bin/app] }\n');
    const w = watch(b, ['--interval', '1h', '-H', b.host()]);
    expect(await w.next((e) => e.event === 'pass')).toMatchObject({ pass: 1, ok: true });
    const before = JSON.stringify(b.state().jails);
    project(b, '  app: { path: /jails/app, networks: [n], command: [/usr/local/bin/app] }\n  web: { path: 3 }\n');
    const failed = await w.next((e) => e.event === 'pass');
    expect(failed).toMatchObject({ ok: false, changes: 0, error: 'kleene.yaml is not valid (1 error)', retryInS: 5 });
    expect(JSON.stringify(b.state().jails)).toBe(before);
    project(b, '  app: { path: /jails/app, networks: [n], command: [/usr/local/bin/app] }\n  web: { path: /jails/web, networks: [n], command: [/usr/local/bin/web] }\n');
    expect(await w.next((e) => e.event === 'pass')).toMatchObject({ trigger: 'file', ok: true, changes: 1 });
    const end = await w.stop();
    expect(end.code).toBe(0);
    expect(end.stderr.match(/containers\.web\.path/g)).toHaveLength(1);
    expect(jails(b)).toEqual(['w_app', 'w_web']);
  });
});

describe('klee watch, refused', () => {
  it('a snapshot host, -f -, an --interval of 0, and an invalid file at the start: a one-line error, exit 1', async () => {
    const b = sandbox();
    project(b, '  app: { path: /jails/app, networks: [n], command: [/usr/local/bin/app] }\n');
    expect((await b.klee(['probe', '--save', join(b.dir, 'snap.json'), '-H', b.host()])).code).toBe(0);
    const snap = await b.klee(['watch', '-H', `snapshot:${join(b.dir, 'snap.json')}`]);
    expect([snap.code, snap.stderr]).toEqual([1, expect.stringContaining('klee watch needs a host it can change')]);
    const stdin = await b.klee(['watch', '-f', '-', '-H', b.host()]);
    expect([stdin.code, stdin.stderr]).toEqual([1, expect.stringContaining('klee watch reads the file again at every pass: give its path with -f, not -f -')]);
    const zero = await b.klee(['watch', '--interval', '0s', '-H', b.host()]);
    expect([zero.code, zero.stderr]).toEqual([1, 'klee: --interval must be longer than 0, got 0s\n']);
    project(b, '  app: { path: 3 }\n');
    const bad = await b.klee(['watch', '-H', b.host()]);
    expect([bad.code, bad.stderr]).toEqual([1, expect.stringContaining('klee: kleene.yaml is not valid (1 error)')]);
  });
});
