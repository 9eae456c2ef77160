// rc.d/klee (issue 19): valid sh, and start/status/reload/stop drive the right klee commands against the simulated host,
// through a stand-in for /etc/rc.subr (test/boot/rc.subr) and for daemon(8) (test/boot/bin/daemon), run by this
// machine's /bin/sh. What cannot be tested here: docs/boot.md.
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN } from '../bin-path.js';
import { useFreshDist } from '../dist-fresh.js';

useFreshDist(); // the klee it runs is dist/, and the stand-in daemon reads dist/'s simulator

const root = resolve(import.meta.dirname, '../..');
const SCRIPT = join(root, 'rc.d/klee');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) {
    // a watch left running by a failed test: end its supervisor
    for (const f of ['a', 'b']) {
      const pf = join(d, 'run', `watch_${join(d, f, 'kleene.yaml').replace(/[^A-Za-z0-9]/g, '_')}.pid`);
      if (existsSync(pf)) try { process.kill(Number(readFileSync(pf, 'utf8')), 'SIGKILL'); } catch { /* gone */ }
    }
    rmSync(d, { recursive: true, force: true });
  }
});

/** Run the script with `arg` by /bin/sh, rc.subr replaced by the stand-in. */
function rc(dir: string, arg: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => execFile('/bin/sh', [join(dir, 'klee.rc'), arg], {
    env: { PATH: `${join(root, 'test/boot/bin')}:${process.env.PATH}`, RC_CONF: join(dir, 'rc.conf'), KLEE_CALLS: join(dir, 'calls') },
  }, (e, stdout, stderr) => done({ code: e ? Number(e.code ?? 1) : 0, stdout, stderr })));
}

/** A host with two projects, a klee that records its calls, and rc.conf lines. */
function setup(conf: string): { dir: string; files: string[]; calls: () => string[]; sim: string } {
  const dir = mkdtempSync(join(tmpdir(), 'klee-rc-'));
  dirs.push(dir);
  const text = readFileSync(SCRIPT, 'utf8');
  expect(text.split('\n').filter((l) => l === '. /etc/rc.subr')).toHaveLength(1);
  writeFileSync(join(dir, 'klee.rc'), text.replace('\n. /etc/rc.subr\n', `\n. ${join(root, 'test/boot/rc.subr')}\n`));
  const files = ['a', 'b'].map((p, i) => {
    mkdirSync(join(dir, p));
    writeFileSync(join(dir, p, 'kleene.yaml'), `name: ${p}\nnetworks:\n  n: { subnet: 10.${i + 20}.0.0/24 }\ncontainers:\n  app: { path: /jails/${p}, networks: [n], command: [/usr/local/bin/app] }\n`);
    return join(dir, p, 'kleene.yaml');
  });
  mkdirSync(join(dir, 'bin'));
  writeFileSync(join(dir, 'bin/klee'), `#!/bin/sh\necho "$*" >> "$KLEE_CALLS"\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(join(dir, 'bin/klee'), 0o755);
  const sim = join(dir, 'host.json');
  writeFileSync(join(dir, 'rc.conf'), [
    `klee_projects="${files.join(' ')}"`, `klee_flags="-H sim:${sim}"`, `klee_program="${join(dir, 'bin/klee')}"`,
    `klee_rundir="${join(dir, 'run')}"`, `klee_logdir="${join(dir, 'log')}"`, conf, ''].join('\n'));
  const calls = () => (existsSync(join(dir, 'calls')) ? readFileSync(join(dir, 'calls'), 'utf8').trim().split('\n') : []).map((l) => l.replace(`-H sim:${sim} `, '').replace(`${dir}/`, ''));
  return { dir, files, calls, sim };
}

/** Until `test` holds (checked every 50 ms), for what happens in other processes; fails after 20 s. */
async function until(what: string, test: () => boolean): Promise<void> {
  for (const t0 = Date.now(); !test(); await new Promise((r) => setTimeout(r, 50))) {
    if (Date.now() - t0 > 20_000) throw new Error(`timed out waiting for ${what}`);
  }
}

const log = (dir: string, file: string) => {
  const f = join(dir, 'log', `watch_${file.replace(/[^A-Za-z0-9]/g, '_')}.log`);
  return existsSync(f) ? readFileSync(f, 'utf8') : '';
};
const jails = (sim: string) => (JSON.parse(readFileSync(sim, 'utf8')).jails as { name: string }[]).map((j) => j.name).sort();

describe('rc.d/klee', () => {
  it('is sh (/bin/sh -n) with rc.subr(8) headers: PROVIDE klee, REQUIRE with pf and FILESYSTEMS, KEYWORD shutdown', async () => {
    const r = await new Promise<number>((done) => execFile('/bin/sh', ['-n', SCRIPT], (e) => done(e ? 1 : 0)));
    expect(r).toBe(0);
    const text = readFileSync(SCRIPT, 'utf8');
    expect(text.match(/^# (PROVIDE|REQUIRE|BEFORE|KEYWORD): .*$/gm)).toEqual(['# PROVIDE: klee', '# REQUIRE: LOGIN FILESYSTEMS NETWORKING pf', '# BEFORE: securelevel', '# KEYWORD: shutdown']);
  });

  it('start: up --wait -y for each project in order, then its watch under daemon(8); status: ps and the watch; reload: SIGHUP to each watch; stop: watch, then down in reverse', async () => {
    const { dir, files, calls, sim } = setup('klee_enable="YES"\nklee_watch_enable="YES"\nklee_watch_flags="--interval 1h"');
    const start = await rc(dir, 'start');
    expect([start.code, start.stderr]).toEqual([0, '']);
    expect(calls().filter((c) => c.includes(' up '))).toEqual(['-f a/kleene.yaml up --wait -y', '-f b/kleene.yaml up --wait -y']);
    expect(jails(sim)).toEqual(['a_app', 'b_app']);
    await until('both watches to pass once', () => files.every((f) => /pass 1 \(start\): in step with the file/.test(log(dir, f))));
    expect(calls().filter((c) => c.includes(' watch'))).toEqual(expect.arrayContaining(['-f a/kleene.yaml watch --interval 1h', '-f b/kleene.yaml watch --interval 1h']));

    const status = await rc(dir, 'status');
    expect(status.code).toBe(0);
    for (const f of files) expect(status.stdout).toContain(`${f}:\n`);
    expect(status.stdout).toMatch(/^app\s+a_app\s+\d+\s+running/m);
    expect(status.stdout).toMatch(/^app\s+b_app\s+\d+\s+running/m);
    expect(status.stdout.match(/klee watch is running as pid \d+\./g)).toHaveLength(2);

    const reload = await rc(dir, 'reload');
    expect([reload.code, reload.stderr]).toEqual([0, '']);
    await until('a pass on SIGHUP in both watches', () => files.every((f) => /pass 2 \(signal\)/.test(log(dir, f))));

    const before = calls().length;
    const stop = await rc(dir, 'stop');
    expect([stop.code, stop.stderr]).toEqual([0, '']);
    expect(calls().slice(before)).toEqual(['-f b/kleene.yaml down -y', '-f a/kleene.yaml down -y']);
    expect(stop.stdout.indexOf(`Stopping klee watch for ${files[1]}.`)).toBeLessThan(stop.stdout.indexOf(`Stopping klee project ${files[1]}.`));
    for (const f of files) expect(log(dir, f)).toMatch(/klee watch: stopped \(interrupted by SIGTERM\) after 2 passes; lock released\n$/);
    expect(jails(sim)).toEqual([]);
    expect(readdirSync(join(dir, 'run'))).toEqual([]); // daemon(8) removed its pidfiles
    const after = await rc(dir, 'status');
    expect([after.code, after.stdout.match(/klee watch is not running\./g)?.length]).toEqual([1, 2]);
  });

  it('without klee_enable it runs nothing (rc.subr: use onestart); without klee_watch_enable no watch, and reload says so', async () => {
    const off = setup('');
    const r = await rc(off.dir, 'start');
    expect([r.code, r.stdout.trim()]).toEqual([0, "Cannot 'start' klee. Set klee_enable to YES in /etc/rc.conf or use 'onestart' instead of 'start'."]);
    expect(off.calls()).toEqual([]);
    const one = await rc(off.dir, 'onestart');
    expect(one.code).toBe(0);
    expect(off.calls()).toEqual(['-f a/kleene.yaml up --wait -y', '-f b/kleene.yaml up --wait -y']);
    expect(existsSync(join(off.dir, 'run'))).toBe(false);
    const reload = await rc(off.dir, 'onereload');
    expect(reload.code).toBe(1);
    expect(reload.stderr).toContain(`WARNING: klee watch for ${off.files[0]} is not running`);
    expect((await rc(off.dir, 'onestop')).code).toBe(0);
    expect(jails(off.sim)).toEqual([]);
  });
});
