// Supervised programs end to end on the simulated host (issue 13's "done when"): examples/services.yaml with --wait,
// restart policies, a failing healthcheck, stop/start/restart, jail(8)'s stop order, stop_grace_period.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { events, Sandbox } from './helpers.js';

const boxes: Sandbox[] = [];
afterEach(() => { while (boxes.length) boxes.pop()!.remove(); });
const box = (example?: string) => { const b = new Sandbox(example); boxes.push(b); return b; };
const state = (b: Sandbox) => b.state() as Record<string, any>;
const ps = async (b: Sandbox, ...args: string[]) => JSON.parse((await b.klee(['ps', '--json', '-a', ...args, '-H', b.host()])).stdout) as any[];
const row = (rows: any[], name: string) => rows.find((r) => r.name === name);

/** A one-container project on a loopback network. */
function project(b: Sandbox, container: string): void {
  writeFileSync(join(b.project, 'kleene.yaml'), `name: p\nnetworks:\n  n: { subnet: 10.9.0.0/24 }\ncontainers:\n${container}`);
}

describe('examples/services.yaml', () => {
  it('goes up with --wait (healthy db, completed migration, app, web), converges, and comes down', async () => {
    const b = box('services');
    const up = await b.klee(['up', '--wait', '--json', '-H', b.host()]);
    expect([up.code, up.stderr]).toEqual([0, '']);
    const ev = events(up.stdout);
    expect(ev.at(-1)).toMatchObject({ event: 'done', ok: true });
    // migrate waited for db's healthcheck, app for migrate's completion
    const order = ev.filter((e) => e.event === 'action-done').map((e) => e.id);
    expect(order.indexOf('service:db:healthy')).toBeLessThan(order.indexOf('container:migrate'));
    expect(order.indexOf('service:migrate:completed')).toBeLessThan(order.indexOf('container:app'));
    const rows = await ps(b);
    expect(rows.map((r) => [r.name, r.state, r.exitCode, r.health])).toEqual([
      ['app', 'running', null, null], ['db', 'running', null, 'healthy'], ['migrate', 'exited', 0, null], ['web', 'running', null, null],
    ]);
    // ps without -a hides the completed one-shot
    expect((await b.klee(['ps', '-q', '-H', b.host()])).stdout).toBe('services_app\nservices_db\nservices_web\n');
    expect((await b.klee(['plan', '--detailed-exitcode', '-H', b.host()])).code).toBe(0);
    // the secret is on no argv the host saw (the env file went through stdin)
    expect(JSON.stringify(state(b).procs)).toContain('POSTGRES_PASSWORD');
    expect(JSON.stringify(state(b).procs.map((p: any) => p.argv))).not.toContain('change-me');
    expect((await b.klee(['down', '-H', b.host()])).code).toBe(0);
    expect(state(b).procs).toEqual([]);
  });
});

describe('restart policies and exit codes', () => {
  it('restart "no": a crash shows exited with its code, and up starts it again with that reason', async () => {
    const b = box();
    project(b, '  job: { path: /jails/job, networks: [n], command: [/usr/local/bin/job] }\n');
    const H = ['-H', b.host('clock-scale=0&prog=/usr/local/bin/job:exit=3,after=1')];
    expect((await b.klee(['up', ...H])).code).toBe(0);
    await b.klee(['plan', ...H]); // no time passes
    expect(row(await ps(b), 'job')).toMatchObject({ state: 'running' });
    // the program ends after 1 s of simulated time: let a wait pass it
    await b.klee(['exec', '-T', ...H, 'job', 'sleep', '2']);
    expect(row(await ps(b), 'job')).toMatchObject({ state: 'exited', exitCode: 3 });
    const plan = await b.klee(['plan', '--json', ...H]);
    expect(JSON.parse(plan.stdout).actions.map((a: any) => [a.id, a.reason])).toEqual([['service:job', 'exited with status 3']]);
  });

  it('restart: always: a crashing program is restarted by daemon(8)', async () => {
    const b = box();
    project(b, '  web: { path: /jails/web, networks: [n], command: [/usr/local/bin/web], restart: always }\n');
    const H = ['-H', b.host('clock-scale=0&prog=/usr/local/bin/web:crashes=2,after=1')];
    expect((await b.klee(['up', ...H])).code).toBe(0);
    await b.klee(['exec', '-T', ...H, 'web', 'sleep', '1.5']);
    expect(row(await ps(b), 'web')).toMatchObject({ state: 'restarting', exitCode: 1 });
    await b.klee(['exec', '-T', ...H, 'web', 'sleep', '10']);
    expect(row(await ps(b), 'web')).toMatchObject({ state: 'running', exitCode: null });
    expect((await b.klee(['plan', '--detailed-exitcode', ...H])).code).toBe(0);
  });
});

describe('up --wait', () => {
  it('a failing healthcheck makes it exit 1 naming the container, with its last log lines', async () => {
    const b = box();
    project(b, '  db: { path: /jails/db, networks: [n], command: [/usr/local/bin/db], healthcheck: { test: [CMD, /usr/local/bin/check], interval: 1s, retries: 2 } }\n');
    const r = await b.klee(['up', '--wait', '-H', b.host('clock-scale=0&prog=/usr/local/bin/check:exit=1&prog=/usr/local/bin/db:say=ready')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error: service:db:healthy: `timeout 30 jexec -l -U root p_db /bin/sh -c \'. /dev/stdin; exec "$@"\' klee /usr/local/bin/check` exited 1');
    expect(r.stderr).toContain('last lines of the log of db:\n    ready');
  });

  it('Ctrl-C while --wait polls a healthcheck: interrupted (130), not failed', async () => {
    const b = box();
    project(b, '  db: { path: /jails/db, networks: [n], command: [/usr/local/bin/db], healthcheck: { test: [CMD, /usr/local/bin/check], interval: 1s, retries: 5 } }\n');
    const ctl = new AbortController();
    // Ctrl-C right after the first failed check: the wait stops there, before `retries` failures made it fail.
    const onStdout = (s: string) => {
      const e = JSON.parse(s);
      if (e.event === 'command' && e.id === 'service:db:healthy' && e.argv[0] === 'timeout' && e.exitCode !== 0) ctl.abort(new Error('interrupted by SIGINT'));
    };
    const r = await b.klee(['up', '--wait', '--json', '-H', b.host('clock-scale=0&prog=/usr/local/bin/check:exit=1')], { signal: ctl.signal, onStdout });
    expect(r.code).toBe(130);
    const ev = events(r.stdout);
    expect(ev.find((e) => e.event === 'action-done' && e.id === 'service:db:healthy')).toMatchObject({ status: 'interrupted' });
    expect(ev.at(-1)).toMatchObject({ event: 'done', ok: false, interrupted: true, failures: [] });
  });
});

describe('health', () => {
  it('ps: a failing check is starting until compose would have counted `retries` failures past start_period, then unhealthy', async () => {
    const b = box();
    // checks every 2 s from the start; those before 5 s do not count; the 2nd counted one (at 8 s) makes it unhealthy
    project(b, '  db: { path: /jails/db, networks: [n], command: [/usr/local/bin/db], healthcheck: { test: [CMD, /usr/local/bin/check], interval: 2s, retries: 2, start_period: 5s } }\n');
    const H = ['-H', b.host('clock-scale=0&prog=/usr/local/bin/check:exit=1')];
    expect((await b.klee(['up', ...H])).code).toBe(0);
    expect(row(await ps(b), 'db')).toMatchObject({ state: 'running', health: 'starting' });
    await b.klee(['exec', '-T', ...H, 'db', 'sleep', '7']);
    expect(row(await ps(b), 'db')).toMatchObject({ health: 'starting' });
    await b.klee(['exec', '-T', ...H, 'db', 'sleep', '1']);
    expect(row(await ps(b), 'db')).toMatchObject({ health: 'unhealthy' });
    expect((await b.klee(['ps', ...H])).stdout).toMatch(/^db\s+p_db\s+\d+\s+running\s+unhealthy\s/m);
  });

  it("the check runs with the container's environment (compose's), which reaches it on stdin, not on an argv", async () => {
    const b = box();
    project(b, '  db: { path: /jails/db, networks: [n], command: [/usr/local/bin/db], env: { DB_TOKEN: "s3cr3t value" }, healthcheck: { test: [CMD-SHELL, \'[ -n "$$DB_TOKEN" ]\'], interval: 1s } }\n');
    const H = ['-H', b.host('clock-scale=0&trace=1')];
    const up = await b.klee(['up', '--wait', ...H]);
    expect([up.code, up.stderr]).toEqual([0, '']);
    expect(row(await ps(b), 'db')).toMatchObject({ state: 'running', health: 'healthy' });
    expect(JSON.stringify(state(b).trace.map((t: any) => t.argv))).not.toContain('s3cr3t');
  });
});

describe('klee stop, start, restart', () => {
  it('round-trip: stop keeps the jail, ps says stopped, plan wants it started, start runs it again, restart both', async () => {
    const b = box();
    project(b, '  app: { path: /jails/app, networks: [n], command: [/usr/local/bin/app], stop_grace_period: 3s }\n');
    const H = ['-H', b.host('clock-scale=0')];
    expect((await b.klee(['up', ...H])).code).toBe(0);
    const jid = row(await ps(b), 'app').jid;
    const stop = await b.klee(['stop', ...H]);
    expect([stop.code, stop.stdout]).toEqual([0, expect.stringContaining('Stopped')]);
    expect(row(await ps(b), 'app')).toMatchObject({ state: 'stopped', jid });
    expect(JSON.parse((await b.klee(['plan', '--json', ...H])).stdout).actions.map((a: any) => [a.id, a.reason])).toEqual([['service:app', 'stopped']]);
    expect((await b.klee(['stop', ...H])).stdout).toContain('Nothing to stop');
    expect((await b.klee(['start', 'app', ...H])).code).toBe(0);
    expect(row(await ps(b), 'app')).toMatchObject({ state: 'running', jid });
    const pid = state(b).procs.find((p: any) => p.argv[0] === '/usr/local/bin/app').pid;
    expect((await b.klee(['restart', ...H])).code).toBe(0);
    expect(state(b).procs.find((p: any) => p.argv[0] === '/usr/local/bin/app').pid).not.toBe(pid);
    expect(row(await ps(b), 'app')).toMatchObject({ state: 'running', jid });
    expect((await b.klee(['plan', '--detailed-exitcode', ...H])).code).toBe(0);
  });

  it('a program that ignores SIGTERM is killed after stop_grace_period', async () => {
    const b = box();
    project(b, '  app: { path: /jails/app, networks: [n], command: [/usr/local/bin/app], stop_grace_period: 7s }\n');
    const H = ['-H', b.host('clock-scale=0&prog=/usr/local/bin/app:ignore-term')];
    await b.klee(['up', ...H]);
    const before = state(b).clock.now;
    expect((await b.klee(['stop', ...H])).code).toBe(0);
    expect(state(b).clock.now - before).toBe(7000);
    expect(row(await ps(b), 'app')).toMatchObject({ state: 'stopped', exitCode: 137 });
  });
});

/** A traced argv with its tool named as the plan names it (the sim records the absolute path klee ran). */
const bare = (argv: string[]): string[] => [argv[0].split('/').pop()!, ...argv.slice(1)];

describe("jail(8)'s stop order", () => {
  it('down: the exec.stop, stop the program and what else runs, unmount, jail -r; nothing is unmounted under a live program', async () => {
    const b = box();
    project(b, '  app: { path: /jails/app, networks: [n], command: [/usr/local/bin/app], mounts: ["/data:/var/db:rw"], jail_params: [exec.stop=/usr/local/bin/drain] }\n');
    const H = ['-H', b.host('clock-scale=0&trace=1&prog=/usr/local/bin/drain:exit=0')];
    await b.klee(['up', ...H]);
    const from = state(b).trace.length;
    expect((await b.klee(['down', ...H])).code).toBe(0);
    const trace = state(b).trace.slice(from) as { argv: string[]; underLive?: number[] }[];
    const changes = trace.map((t) => bare(t.argv)).filter((a) => ['jexec', 'jail', 'umount', 'ifconfig'].includes(a[0]) && !(a[0] === 'ifconfig' && a[1] === '-a'));
    expect(changes.map((a) => (a[0] === 'jexec' ? `jexec ${a.slice(2, 4).join(' ')}${a[4] === '/usr/local/bin/drain' ? ' drain' : ''}` : a.join(' ')))).toEqual([
      'jexec /bin/sh -c drain', 'jexec /bin/sh -c', 'umount /jails/app/var/db', 'umount /jails/app/dev', 'jexec /bin/rm -rf', 'jail -r p_app', 'ifconfig kleene0 destroy',
    ]);
    expect(trace.filter((t) => t.underLive?.length)).toEqual([]);
  });

  it('a replacement runs in the same order before the new jail is created', async () => {
    const b = box();
    project(b, '  app: { path: /jails/app, networks: [n], command: [/usr/local/bin/app], mounts: ["/data:/var/db:rw"] }\n');
    const H = ['-H', b.host('clock-scale=0&trace=1')];
    await b.klee(['up', ...H]);
    project(b, '  app: { path: /jails/app, networks: [n], command: [/usr/local/bin/app, --v2], mounts: ["/data:/var/db:rw"] }\n');
    const from = state(b).trace.length;
    expect((await b.klee(['up', ...H])).code).toBe(0);
    const trace = state(b).trace.slice(from) as { argv: string[]; underLive?: number[] }[];
    const changes = trace.map((t) => bare(t.argv)).filter((a) => ['jail', 'umount'].includes(a[0]) || (a[0] === 'jexec' && a[2] === '/bin/sh'));
    expect(changes.map((a) => a.slice(0, 2).join(' '))).toEqual(['jexec p_app', 'umount /jails/app/var/db', 'umount /jails/app/dev', 'jail -r', 'jail -c']);
    // the program still ran until its stop: the stop came first (its SIGTERM went to a live supervisor)
    expect(trace.filter((t) => t.underLive?.length)).toEqual([]);
  });
});
