// The local, ssh (through a fake ssh that runs the remote command with /bin/sh) and snapshot hosts, and openHost.
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getEventListeners } from 'node:events';
import { openHost } from '../../src/host/open.js';
import { openLocal, runLocal } from '../../src/host/backends/local.js';
import { parseSshUri } from '../../src/host/backends/ssh.js';
import { TOOL_ENV } from '../../src/host/tools.js';
import { WAVE_SHELL } from '../../src/host/backends/ssh-sender.js';
import { isMutating } from '../../src/host/mutating.js';
import { commandError } from '../../src/host/command-error.js';
import { LockBusyError } from '../../src/host/types.js';
import { INSIDE_BATCH_SCRIPT, PROBE_COMMANDS, insideProbeBatchCommand, mountPointsCommand } from '../../src/host/probe-commands.js';
import { statusBatchArgv } from '../../src/host/program.js';
import { UserError } from '../../src/errors.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'klee-test-'));

/**
 * A stand-in for ssh: records its argv, skips options up to `--` and the destination after it, and runs the remote
 * command (its words joined by spaces, as ssh sends them) with this machine's /bin/sh as the login shell.
 */
function fakeSsh(dir: string, failing = false): string {
  const p = join(dir, 'ssh');
  writeFileSync(p, failing
    ? '#!/bin/sh\necho "ssh: connect to host nowhere port 22: Connection refused" >&2\nexit 255\n'
    : `#!/bin/sh\nprintf '%s\\n' "$*" >> ${dir}/calls\nif [ "$1" = "-O" ]; then exit 0; fi\nwhile [ $# -gt 0 ] && [ "$1" != "--" ]; do shift; done\nshift 2\nexec /bin/sh -c "$*"\n`);
  chmodSync(p, 0o755);
  return p;
}

describe('isMutating', () => {
  it('the probe and its scripts (inside probe, program status, mount points) only read; changes do not', () => {
    for (const argv of Object.values(PROBE_COMMANDS)) expect(isMutating(argv)).toBe(false);
    // jexec runs anything inside a jail: never taken as read-only.
    expect(isMutating(['jexec', 'web_db', '/bin/sh', '-c', 'ifconfig -a; echo @@klee-route4; jail -r x'])).toBe(true);
    expect(isMutating(insideProbeBatchCommand(['web_db', 'web_api']))).toBe(false);
    expect(isMutating(insideProbeBatchCommand([]))).toBe(false);
    // Only that exact script: anything else handed to sh may change the host.
    expect(isMutating(['/bin/sh', '-c', `${INSIDE_BATCH_SCRIPT}; jail -r web_db`, 'sh', 'web_db'])).toBe(true);
    expect(isMutating(['/bin/sh', '-c', 'jail -r web_db'])).toBe(true);
    // The program-status batch reads too, but only with its own per-jail script: it runs its first parameter in each jail.
    expect(isMutating(statusBatchArgv(['web_db', 'web_api']))).toBe(false);
    const [sh, c, batch, zero, , ...jails] = statusBatchArgv(['web_db']);
    expect(isMutating([sh, c, batch, zero, 'jail -r web_db', ...jails])).toBe(true);
    expect(isMutating(mountPointsCommand(['/data', '/srv']))).toBe(false);
    expect(isMutating(['ifconfig', 'kleene1'])).toBe(false);
    expect(isMutating(['ifconfig', 'bridge', 'create', 'name', 'kleene1'])).toBe(true);
    expect(isMutating(['ifconfig', 'kleene1', 'destroy'])).toBe(true);
    expect(isMutating(['sysctl', 'net.inet.ip.forwarding=1'])).toBe(true);
    expect(isMutating(['pfctl', '-a', 'klee/web', '-f', '-'])).toBe(true);
    expect(isMutating(['jail', '-r', 'web_db'])).toBe(true);
    expect(isMutating(['jexec', 'web_db', 'sh'])).toBe(true);
    expect(isMutating(['route', 'add', 'default', '10.0.0.1'])).toBe(true);
    expect(isMutating(['zfs', 'clone', 'a@b', 'c'])).toBe(true);
    expect(isMutating(['mount', '-p'])).toBe(false);
    expect(isMutating(['umount', '/jails/db/dev'])).toBe(true);
    expect(isMutating(['mount', '-t', 'nullfs', '/a', '/b'])).toBe(true);
  });
});

describe('commandError', () => {
  it('quotes the command, exit code and stderr', () => {
    const e = commandError({ argv: ['ifconfig', 'epair9a', 'description', 'a b'], stdout: '', stderr: 'ifconfig: interface epair9a does not exist\n', exitCode: 1, durationMs: 1 });
    expect(e).toBeInstanceOf(UserError);
    expect(e.message).toBe("`ifconfig epair9a description 'a b'` failed (exit 1): ifconfig: interface epair9a does not exist");
  });
});

describe('local host', () => {
  it('runs reads without a shell and reports failures as results', async () => {
    const h = openLocal({ lockDir: tmp() });
    const file = join(tmp(), 'a b $HOME;`id`');
    writeFileSync(file, 'as is\n');
    const r = await h.run(['cat', file]);
    expect(r).toMatchObject({ stdout: 'as is\n', exitCode: 0 });
    const missing = await h.run(['cat', '/nonexistent/klee']);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toMatch(/No such file/);
  });

  it('runs only the FreeBSD tools of src/host/tools.ts, by their absolute path', async () => {
    for (const argv of [['klee-no-such-program-xyz'], ['/usr/bin/ifconfig', '-a'], ['./ifconfig'], ['']]) {
      const r = await runLocal(argv);
      expect(r).toMatchObject({ exitCode: 127, stdout: '' });
      expect(r.stderr).toMatch(/refusing to run .*not one of the FreeBSD tools klee runs/);
    }
  });

  it('never runs a program found through PATH: a stub earlier in PATH is not run', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'uname'), `#!/bin/sh\ntouch ${dir}/PWNED\necho FreeBSD\n`);
    chmodSync(join(dir, 'uname'), 0o755);
    const saved = process.env.PATH;
    process.env.PATH = `${dir}:${saved}`;
    try {
      const r = await openLocal({ lockDir: tmp() }).run(['uname', '-s']);
      expect(r.stdout.trim()).toBe(spawnSync('/usr/bin/uname', ['-s'], { encoding: 'utf8' }).stdout.trim());
    } finally {
      process.env.PATH = saved;
    }
    expect(existsSync(join(dir, 'PWNED'))).toBe(false);
  });

  it('runs every tool in the fixed environment: nothing of klee\'s own (IFCONFIG_FORMAT, secrets) is inherited', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, { IFCONFIG_FORMAT: 'addr:fqdn', KLEE_TEST_SECRET: 'hunter2', LC_ALL: 'de_DE.UTF-8' });
    try {
      const r = await runLocal(['env']); // the host's mutating guard aside (env is not a read-only form)
      expect(r.stdout).toBe(Object.entries(TOOL_ENV).map(([k, v]) => `${k}=${v}\n`).join(''));
    } finally {
      for (const k of ['IFCONFIG_FORMAT', 'KLEE_TEST_SECRET', 'LC_ALL']) if (saved[k] === undefined) delete process.env[k]; else process.env[k] = saved[k];
    }
  });

  it('commands run at once under one signal add one abort listener to it, not one each (no MaxListenersExceededWarning)', async () => {
    const ac = new AbortController();
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      const runs = Array.from({ length: 12 }, () => runLocal(['sh', '-c', 'exec sleep 5'], { signal: ac.signal }));
      await new Promise((r) => setTimeout(r, 100));
      expect(getEventListeners(ac.signal, 'abort')).toHaveLength(1);
      ac.abort(new Error('stop'));
      const results = await Promise.all(runs);
      expect(results.every((r) => r.exitCode !== 0)).toBe(true);
      expect(results.every((r) => r.durationMs < 4000)).toBe(true);
      await new Promise((r) => setImmediate(r));
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('refuses changes plainly when not FreeBSD (this machine) or not root', async () => {
    const h = openLocal({ lockDir: tmp() });
    await expect(h.run(['ifconfig', 'lo', 'create'])).rejects.toThrow(/refusing to run `ifconfig lo create`: this is Linux, not FreeBSD/);
  });

  it('lock file: linked whole into place, JSON owner, busy while the holder lives, taken over when it is dead', async () => {
    const dir = tmp();
    const h = openLocal({ lockDir: dir });
    const lock = await h.acquireLock('web', 'klee up');
    const owner = JSON.parse(readFileSync(join(dir, 'web.lock'), 'utf8'));
    expect(owner).toMatchObject({ pid: process.pid, command: 'klee up' });
    expect(new Date(owner.started).toString()).not.toBe('Invalid Date');
    await expect(h.acquireLock('web', 'klee down')).rejects.toBeInstanceOf(LockBusyError);
    await lock.release();
    await lock.release();
    expect(existsSync(join(dir, 'web.lock'))).toBe(false);
    // A stale lock (pid that does not exist) is taken over.
    writeFileSync(join(dir, 'web.lock'), JSON.stringify({ pid: 2 ** 22 + 12345, host: owner.host, started: 'x', command: 'klee up' }));
    const again = await h.acquireLock('web', 'klee up');
    expect(JSON.parse(readFileSync(join(dir, 'web.lock'), 'utf8')).pid).toBe(process.pid);
    await again.release();
  });

  it('lock file: 40 runs at once, exactly one holds it; a holder-less file is not taken over while young; no scratch files left', async () => {
    const dir = tmp();
    const h = openLocal({ lockDir: dir });
    const tries = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => h.acquireLock('web', `klee up ${i}`)));
    const won = tries.filter((t) => t.status === 'fulfilled');
    expect(won).toHaveLength(1);
    expect(tries.filter((t) => t.status === 'rejected' && t.reason instanceof LockBusyError)).toHaveLength(39);
    expect(readdirSync(dir)).toEqual(['web.lock']);
    await (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof h.acquireLock>>>).value.release();
    // An empty lock file (another tool writing it, or left broken) is waited on while young, not removed at once
    // (a 250 ms window let a second run take over a live lock on a loaded machine).
    writeFileSync(join(dir, 'web.lock'), '');
    await expect(h.acquireLock('web', 'klee up')).rejects.toBeInstanceOf(LockBusyError);
    expect(readFileSync(join(dir, 'web.lock'), 'utf8')).toBe('');
    expect(readdirSync(dir)).toEqual(['web.lock']);
  });
});

describe('ssh host', () => {
  it('parses ssh URIs', () => {
    expect(parseSshUri('ssh://root@h.example:2222')).toEqual({ user: 'root', host: 'h.example', port: 2222 });
    expect(parseSshUri('ssh://h')).toEqual({ user: undefined, host: 'h', port: undefined });
    expect(parseSshUri('ssh://root@[fe80::1%em0]:22')).toEqual({ user: 'root', host: 'fe80::1%em0', port: 22 });
    expect(() => parseSshUri('ssh://')).toThrow(/bad ssh host "ssh:\/\/": the host is empty/);
  });

  it('quotes argv for the remote shell, multiplexes, and cleans up its control directory', async () => {
    const dir = tmp();
    const h = await openHost('ssh://root@box:2222', { ssh: fakeSsh(dir), lockDir: dir });
    const hostile = ["it's", '$(echo pwned)', 'a\nb', '`id`', '-n', '"', '\\', '*', ''];
    const r = await h.run(['/bin/sh', '-c', 'printf "%s|" "$@"', 'sh', ...hostile]);
    expect(r).toMatchObject({ exitCode: 0, stdout: `${hostile.join('|')}|` });
    const withStdin = await h.run(['cat'], { stdin: 'rules\n' });
    expect(withStdin.stdout).toBe('rules\n');
    const calls = readFileSync(join(dir, 'calls'), 'utf8');
    // Options, then `--`, then the destination, then the one remote command of every wave (its script on stdin).
    const lines = calls.trim().split('\n');
    expect(lines.length).toBe(2);
    for (const l of lines) expect(l).toMatch(/^-o ControlMaster=auto -o ControlPath=\S+\/cm -o ControlPersist=60 -o BatchMode=yes -p 2222 -- root@box (.*)$/);
    for (const l of lines) expect(l.endsWith(` -- root@box ${WAVE_SHELL}`)).toBe(true);
    expect(WAVE_SHELL).toBe('/usr/bin/env -i PATH=/sbin:/bin:/usr/sbin:/usr/bin LC_ALL=C /bin/sh -s');
    const cm = /ControlPath=(\S+)\/cm/.exec(calls)![1];
    expect(existsSync(cm)).toBe(true);
    await h.close();
    expect(existsSync(cm)).toBe(false);
    expect(readFileSync(join(dir, 'calls'), 'utf8')).toMatch(/^-O exit .* root@box$/m);
  });

  it('an unreachable host is a UserError quoting ssh', async () => {
    const dir = tmp();
    const h = await openHost('ssh://nowhere', { ssh: fakeSsh(dir, true) });
    await expect(h.run(['uname', '-sr'])).rejects.toThrow(/cannot reach ssh:\/\/nowhere over ssh: ssh: connect to host nowhere port 22: Connection refused/);
    await h.close();
  });

  it('remote lock: mkdir + owner file, busy while its keeper lives, stale when the pid is dead', async () => {
    const dir = tmp();
    const h = await openHost('ssh://box', { ssh: fakeSsh(dir), lockDir: dir });
    const lock = await h.acquireLock('web', 'klee up');
    const owner = JSON.parse(readFileSync(join(dir, 'klee-web.lock', 'owner'), 'utf8'));
    expect(owner).toMatchObject({ command: 'klee up' });
    expect(owner.pid).toBeGreaterThan(1);
    await expect(h.acquireLock('web', 'klee down')).rejects.toBeInstanceOf(LockBusyError);
    await lock.release();
    expect(existsSync(join(dir, 'klee-web.lock'))).toBe(false);
    writeFileSync(join(dir, 'dummy'), '');
    // stale: owner pid not running
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, 'klee-web.lock'));
    writeFileSync(join(dir, 'klee-web.lock', 'owner'), JSON.stringify({ pid: 2 ** 22 + 4321, host: 'x', started: 'x', command: 'klee up' }));
    const taken = await h.acquireLock('web', 'klee up');
    expect(JSON.parse(readFileSync(join(dir, 'klee-web.lock', 'owner'), 'utf8')).pid).not.toBe(2 ** 22 + 4321);
    await taken.release();
    await h.close();
    expect(readdirSync(dir).sort()).toEqual(['calls', 'dummy', 'ssh']);
  });
});

describe('openHost', () => {
  it('unknown schemes list the valid ones', async () => {
    await expect(openHost('ftp://x')).rejects.toThrow(/unknown host "ftp:\/\/x": use one of local, ssh:\/\/\[user@\]host\[:port\], sim:PATH, snapshot:PATH/);
    expect((await openHost('local', { platform: 'freebsd' })).kind).toBe('local');
  });

  it('local on a machine that is not FreeBSD is refused before anything runs, suggesting -H sim:PATH', async () => {
    const e = await openHost('local', { platform: 'linux' }).catch((x) => x);
    expect(e).toBeInstanceOf(UserError);
    expect(e.message).toBe("this machine runs Linux, not FreeBSD: klee drives FreeBSD's ifconfig, jail and pf");
    expect(e.hint).toMatch(/-H sim:PATH/);
    await expect(openHost('', { platform: 'darwin' })).rejects.toThrow(/runs macOS, not FreeBSD/);
  });

  it('snapshot: replays recorded reads, refuses changes and unrecorded reads', async () => {
    const dir = tmp();
    const path = join(dir, 'snap.json');
    writeFileSync(path, JSON.stringify({ klee_snapshot: 1, taken: '2025-01-01T00:00:00Z', host: 'local', version: '14.1-RELEASE',
      commands: [{ argv: ['uname', '-sr'], stdout: 'FreeBSD 14.1-RELEASE\n', stderr: '', exitCode: 0 }] }));
    const h = await openHost(`snapshot:${path}`);
    expect(h.kind).toBe('snapshot');
    expect((await h.run(['uname', '-sr'])).stdout).toBe('FreeBSD 14.1-RELEASE\n');
    await expect(h.run(['ifconfig', 'lo', 'create'])).rejects.toThrow(/read-only snapshot: refusing to run `ifconfig lo create`/);
    const un = await h.run(['ifconfig', '-a']);
    expect(un).toMatchObject({ exitCode: 1, stderr: expect.stringMatching(/`ifconfig -a` is not recorded in/) });
    await (await h.acquireLock('web', 'klee plan')).release();
    writeFileSync(path, '{"klee_snapshot": 2}');
    await expect(openHost(`snapshot:${path}`)).rejects.toThrow(/not a klee snapshot/);
    await expect(openHost(`snapshot:${join(dir, 'missing.json')}`)).rejects.toThrow(/cannot read snapshot/);
  });
});
