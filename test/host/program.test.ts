// klee's program commands (src/host/program.ts) on the simulated host: start under daemon(8), status, stop with
// stop_signal and the grace period, start again, healthcheck, completion; env values on no argv.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { completedArgv, envFileText, envWriterParam, forgetArgv, healthCommand, programLog, startArgv, statusBatchArgv, stopArgv, type ProgramSpec } from '../../src/host/program.js';
import { parseStatusBatch } from '../../src/host/parse/program.js';
import { containerState } from '../../src/host/program-state.js';
import type { SimState } from '../../src/host/sim/state.js';
import { freshHost } from '../sim/helpers.js';

const spec = (o: Partial<ProgramSpec> = {}): ProgramSpec => ({
  jailName: 'p_db', command: ['/usr/local/bin/postgres', '-D', '/db'], user: 'postgres', env: { PGPASSWORD: "it's secret" },
  supervised: true, restart: 'no', stopSignal: 'INT', stopGracePeriodS: 5, healthcheck: { argv: ['/usr/local/bin/pg_isready'], intervalS: 1, timeoutS: 2, retries: 3, startPeriodS: 0 }, ...o,
});
const create = (p: ProgramSpec) => ['jail', '-c', `name=${p.jailName}`, 'path=/jails/db', 'persist', 'exec.clean', 'mount.devfs', envWriterParam(p.jailName), 'command=' + startArgv(p)[0], ...startArgv(p).slice(1)];
const state = (path: string): SimState => JSON.parse(readFileSync(path, 'utf8')) as SimState;

async function status(run: (argv: string[]) => Promise<{ stdout: string }>, jail = 'p_db') {
  const part = parseStatusBatch((await run(statusBatchArgv([jail]))).stdout).get(jail);
  if (!part || 'failed' in part) throw new Error(`no status: ${JSON.stringify(part)}`);
  return containerState({ jid: 1, name: jail, path: '/', hostname: '', vnet: false, ip4: [], ip6: [], params: {}, program: part }, true);
}

describe('a supervised program', () => {
  it('starts with jail -c, which returns at once; its env comes from a root-only file, never an argument', async () => {
    const { host, path } = await freshHost('?clock-scale=0');
    const p = spec();
    const r = await host.run(create(p), { stdin: envFileText(p.env) });
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
    const st = state(path);
    const prog = st.procs.find((x) => x.argv[0] === '/usr/local/bin/postgres')!;
    expect(prog).toMatchObject({ user: 'postgres', env: { PGPASSWORD: "it's secret", USER: 'postgres' } });
    expect(JSON.stringify(create(p))).not.toContain('secret');
    expect(st.procs.map((x) => x.argv.join(' ')).join('\n')).not.toContain('secret');
    expect(await status((a) => host.run(a))).toEqual({ state: 'running', exitCode: null });
  });

  it('stop: stop_signal to the program, then SIGKILL after the grace period; start again; the log keeps each exit', async () => {
    const { host, path } = await freshHost('?clock-scale=0&prog=/usr/local/bin/postgres:ignore-term');
    const run = (a: string[]) => host.run(a);
    const p = spec({ stopSignal: 'TERM' });
    await host.run(create(p), { stdin: envFileText(p.env) });
    const stop = await run(stopArgv(p));
    expect([stop.exitCode, stop.stderr]).toEqual([0, '']);
    expect(state(path).clock.now).toBe(5000); // it ignored SIGTERM: killed after stop_grace_period
    expect(state(path).procs).toEqual([]);
    expect(await status(run)).toEqual({ state: 'stopped', exitCode: 137 });
    expect((await run(['jexec', 'p_db', 'tail', '-n', '1', programLog('p_db')])).stdout).toBe('klee: exited with status 137\n');
    const start = await run(['jexec', '-l', 'p_db', ...startArgv(p)]);
    expect([start.exitCode, start.stderr]).toEqual([0, '']);
    expect(await status(run)).toEqual({ state: 'running', exitCode: null });
    expect(state(path).procs.find((x) => x.argv[0] === '/usr/local/bin/postgres')!.env.PGPASSWORD).toBe("it's secret");
    // a program that stops on its signal ends at once
    const quick = await freshHost('?clock-scale=0');
    await quick.host.run(create(spec()), { stdin: '' });
    await quick.host.run(stopArgv(spec()));
    expect(state(quick.path).clock.now).toBe(0);
    expect(await status((a) => quick.host.run(a))).toEqual({ state: 'stopped', exitCode: 130 }); // SIGINT
    // stopping what is not running does nothing
    expect((await quick.host.run(stopArgv(spec()))).exitCode).toBe(0);
    // a removal forgets klee's directory, the environment file with it; the log stays
    await quick.host.run(['jexec', '-l', 'p_db', ...startArgv(spec())]);
    expect((await quick.host.run(stopArgv(spec()))).exitCode).toBe(0);
    expect((await quick.host.run(forgetArgv('p_db'))).exitCode).toBe(0);
    expect(Object.keys(state(quick.path).files).filter((f) => f.includes('/var/run/klee/'))).toEqual([]);
    expect(Object.keys(state(quick.path).files)).toContain('/jails/db/var/log/klee/p_db.log');
  });

  it('stop_grace_period 0: stop_signal, then SIGKILL at once (pwait -t 0 would wait without limit: bin/pwait/pwait.c)', async () => {
    const { host, path } = await freshHost('?clock-scale=0&prog=/usr/local/bin/postgres:ignore-term');
    const p = spec({ stopSignal: 'TERM', stopGracePeriodS: 0 });
    await host.run(create(p), { stdin: envFileText(p.env) });
    const stop = await host.run(stopArgv(p));
    expect([stop.exitCode, stop.stderr]).toEqual([0, '']);
    expect(state(path).clock.now).toBe(0);
    expect(state(path).procs).toEqual([]);
    expect(await status((a) => host.run(a))).toEqual({ state: 'stopped', exitCode: 137 });
    // a grace under half a millisecond is still a wait, never "0" (which is no limit at all)
    expect(stopArgv(spec({ stopGracePeriodS: 0.0004 })).at(-1)).toBe('0.001');
    expect(healthCommand(spec({ healthcheck: { argv: ['/bin/true'], intervalS: 1, timeoutS: 0.0002, retries: 1, startPeriodS: 0 } }))!.argv.slice(0, 2)).toEqual(['timeout', '0.001']);
    expect(stopArgv(spec({ stopGracePeriodS: 1.5 })).at(-1)).toBe('1.5');
  });

  it('restart: "no" shows exited with the code; always restarts it; on-failure until it succeeds', async () => {
    const no = await freshHost('?clock-scale=0&prog=/usr/local/bin/postgres:exit=3,after=2');
    await no.host.run(create(spec()), { stdin: '' });
    await no.host.run(['sleep', '3']);
    expect(await status((a) => no.host.run(a))).toEqual({ state: 'exited', exitCode: 3 });

    const always = await freshHost('?clock-scale=0&prog=/usr/local/bin/postgres:crashes=5,after=2');
    await always.host.run(create(spec({ restart: 'always' })), { stdin: '' });
    await always.host.run(['sleep', '2.5']);
    expect(await status((a) => always.host.run(a))).toEqual({ state: 'restarting', exitCode: 1 });
    await always.host.run(['sleep', '1']);
    expect(await status((a) => always.host.run(a))).toEqual({ state: 'running', exitCode: null });

    const onf = await freshHost('?clock-scale=0&prog=/usr/local/bin/postgres:crashes=2,after=1');
    await onf.host.run(create(spec({ restart: 'on-failure', command: ['/usr/local/bin/postgres'] })), { stdin: '' });
    await onf.host.run(['sleep', '10']);
    const log = (await onf.host.run(['jexec', 'p_db', 'cat', programLog('p_db')])).stdout;
    expect(log).toBe('klee: exited with status 1\nklee: exited with status 1\n');
    expect(await status((a) => onf.host.run(a))).toEqual({ state: 'running', exitCode: null });
  });

  it('healthcheck: timeout and jexec as the user; completion: waits for the one-shot and fails on a non-zero status', async () => {
    const { host } = await freshHost('?clock-scale=0&prog=/usr/local/bin/pg_isready:exit=0&prog=/usr/local/bin/migrate:exit=1,after=4');
    const p = spec();
    await host.run(create(p), { stdin: '' });
    expect(healthCommand(p)).toEqual({
      argv: ['timeout', '2', 'jexec', '-l', '-U', 'postgres', 'p_db', '/bin/sh', '-c', '. /dev/stdin; exec "$@"', 'klee', '/usr/local/bin/pg_isready'],
      stdin: envFileText(p.env),
      stdinShown: 'export PGPASSWORD=<redacted>\n',
    });
    const check = healthCommand(p)!;
    expect((await host.run(check.argv, { stdin: check.stdin })).exitCode).toBe(0);
    const m = spec({ jailName: 'p_m', command: ['/usr/local/bin/migrate'] });
    await host.run(create(m).map((a) => a.replace('path=/jails/db', 'path=/jails/m')), { stdin: '' });
    const done = await host.run(completedArgv(m));
    expect([done.exitCode, done.stderr]).toEqual([1, 'klee: exited with status 1\n']);
  });
});

describe('the healthcheck', () => {
  it("runs with the container's environment (sourced from stdin through devfs's /dev/stdin), as the user; no value on its argv", async () => {
    const { host } = await freshHost('?clock-scale=0');
    const env = { PGPASSWORD: "it's secret", WANT: "it's secret" };
    const p = spec({ env, healthcheck: { argv: ['/bin/sh', '-c', '[ -n "$WANT" ] && [ "$PGPASSWORD" = "$WANT" ] && [ "$USER" = postgres ]'], intervalS: 1, timeoutS: 2, retries: 3, startPeriodS: 0 } });
    await host.run(create(p), { stdin: envFileText(p.env) });
    const check = healthCommand(p)!;
    expect(check.argv.join(' ')).not.toContain('secret');
    expect((await host.run(check.argv, { stdin: check.stdin })).exitCode).toBe(0);
    // the same test without the environment fails: the value is not in jexec -l's login environment
    expect((await host.run(['jexec', '-l', '-U', 'postgres', 'p_db', ...p.healthcheck!.argv])).exitCode).toBe(1);
    // a jail without devfs has no /dev/stdin: sh cannot source it (XCU 2.8.1: a non-interactive shell exits)
    const q = spec({ jailName: 'p_nodev' });
    await host.run(create(q).map((a) => a.replace('path=/jails/db', 'path=/jails/nodev')).filter((a) => a !== 'mount.devfs'), { stdin: '' });
    const r = await host.run(healthCommand(q)!.argv, { stdin: '' });
    expect([r.exitCode, r.stderr]).toEqual([2, '.: cannot open /dev/stdin: No such file or directory\n']);
  });

  it("the status tells how long the program's current run has lasted: the child pidfile's mtime, rewritten at each restart", async () => {
    const { host } = await freshHost('?clock-scale=0&prog=/usr/local/bin/postgres:crashes=1,after=3');
    const p = spec({ restart: 'always' });
    await host.run(create(p), { stdin: '' });
    const runningFor = async () => (parseStatusBatch((await host.run(statusBatchArgv(['p_db']))).stdout).get('p_db') as { runningForS?: number }).runningForS;
    expect(await runningFor()).toBe(0);
    await host.run(['sleep', '2']);
    expect(await runningFor()).toBe(2);
    // the first run crashes at 3 s; daemon -r restarts it a second later (its restart delay): a new child, a new pidfile
    await host.run(['sleep', '3']);
    expect(await runningFor()).toBe(1);
    expect((await host.run(['jexec', 'p_db', 'stat', '-f', '%m', '/var/run/klee/p_db/none'])).stderr).toBe('stat: /var/run/klee/p_db/none: stat: No such file or directory\n');
  });
});

describe('the thin VM (/bin/sh /etc/rc)', () => {
  it('runs rc, which jail(8) waits for; running while the jail runs; stop runs rc.shutdown and marks it stopped', async () => {
    const { host } = await freshHost('?clock-scale=0');
    const vm = spec({ command: ['/bin/sh', '/etc/rc'], supervised: false, user: 'root' });
    expect((await host.run(create(vm), { stdin: '' })).exitCode).toBe(0);
    const rc = async () => containerState({ jid: 1, name: 'p_db', path: '/', hostname: '', vnet: false, ip4: [], ip6: [], params: {}, program: (parseStatusBatch((await host.run(statusBatchArgv(['p_db']))).stdout).get('p_db') as never) }, false);
    expect(await rc()).toEqual({ state: 'running', exitCode: null });
    expect((await host.run(stopArgv(vm))).exitCode).toBe(0);
    expect(await rc()).toEqual({ state: 'stopped', exitCode: null });
  });
});
