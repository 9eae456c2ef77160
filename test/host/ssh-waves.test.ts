// ssh waves: commands issued together travel as one remote script and each comes back with its own status, stdout
// and stderr. Run by this machine's real /bin/sh (a POSIX sh, as FreeBSD's is) behind a stand-in for ssh.
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSsh } from '../../src/host/backends/ssh.js';
import { WaveReader, waveScript } from '../../src/host/backends/ssh-wave.js';
import type { CommandResult } from '../../src/host/types.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'klee-waves-'));

/** ssh stand-in: logs one line per session, runs the remote command (script on stdin) with the real /bin/sh. */
function fakeSsh(dir: string, env = ''): string {
  const p = join(dir, 'ssh');
  writeFileSync(p, `#!/bin/sh\necho session >> ${dir}/sessions\nif [ "$1" = "-O" ]; then exit 0; fi\nwhile [ "$1" != "--" ]; do shift; done\nshift 2\n${env}exec /bin/sh -c "$*"\n`);
  chmodSync(p, 0o755);
  return p;
}
const sessions = (dir: string) => readFileSync(join(dir, 'sessions'), 'utf8').trim().split('\n').length;
const sh = (script: string, ...args: string[]) => ['/bin/sh', '-c', script, 'sh', ...args];

describe('one wave, each command reported apart', () => {
  it('commands started together share one session; statuses, stdout and stderr never mix', async () => {
    const dir = tmp();
    const h = await openSsh('ssh://root@box', { ssh: fakeSsh(dir) });
    await h.run(['true']); // the master connection: its own first wave
    const before = sessions(dir);
    const marker = '@@0123 0 0\n\n@@x-e\n'; // looks like a frame, but not with this wave's nonce
    const cmds: [string[], { stdin?: string }?][] = [
      [sh('printf "out-a"; printf "err-a" >&2; exit 3')],
      [sh('printf "%s" "$1"', marker)],
      [sh('exit 0')],
      [['cat'], { stdin: "pf rules\nwith 'quotes' and $(no expansion)\n" }],
      [['cat'], { stdin: 'no newline at the end' }],
      [sh('printf "é\\n"; printf "only stderr\\n" >&2; exit 1')],
      [sh('i=0; while [ $i -lt 20000 ]; do echo "line $i"; i=$((i+1)); done')],
      [['cat', '/nonexistent/klee']],
    ];
    const results = await Promise.all(cmds.map(([argv, o]) => h.run(argv, o)));
    expect(sessions(dir) - before).toBe(1);
    const pick = (r: CommandResult) => ({ exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr });
    expect(results.slice(0, 6).map(pick)).toEqual([
      { exitCode: 3, stdout: 'out-a', stderr: 'err-a' },
      { exitCode: 0, stdout: marker, stderr: '' },
      { exitCode: 0, stdout: '', stderr: '' },
      { exitCode: 0, stdout: "pf rules\nwith 'quotes' and $(no expansion)\n", stderr: '' },
      { exitCode: 0, stdout: 'no newline at the end', stderr: '' },
      { exitCode: 1, stdout: 'é\n', stderr: 'only stderr\n' },
    ]);
    expect(results[6].stdout.split('\n').length).toBe(20001);
    expect(results[6].stdout.endsWith('line 19999\n')).toBe(true);
    expect(results[7]).toMatchObject({ exitCode: 1, stdout: '' });
    expect(results[7].stderr).toMatch(/nonexistent\/klee: No such file/);
    // argv is each command's own (as given), not the resolved path
    expect(results[3].argv).toEqual(['cat']);
    await h.close();
  });

  it('a fast command is reported while a slow one of its wave still runs', async () => {
    const dir = tmp();
    const h = await openSsh('ssh://box', { ssh: fakeSsh(dir) });
    await h.run(['true']);
    const before = sessions(dir);
    let slowDone = false;
    const slow = h.run(sh('sleep 1; echo slow')).then((r) => { slowDone = true; return r; });
    const fast = await h.run(sh('echo fast'));
    expect(fast.stdout).toBe('fast\n');
    expect(slowDone).toBe(false);
    expect((await slow).stdout).toBe('slow\n');
    expect(sessions(dir) - before).toBe(1);
    await h.close();
  });

  it('refuses a program that is not one of the tools before anything is sent', async () => {
    const dir = tmp();
    const h = await openSsh('ssh://box', { ssh: fakeSsh(dir) });
    const r = await h.run(['/usr/local/bin/ifconfig', '-a']);
    expect(r).toMatchObject({ exitCode: 127 });
    expect(r.stderr).toMatch(/not one of the FreeBSD tools klee runs/);
    expect(() => readFileSync(join(dir, 'sessions'))).toThrow();
    await h.close();
  });

  it('the remote tools run in the fixed environment, whatever the login session holds', async () => {
    const dir = tmp();
    // The login shell's environment (sshd: login.conf, ~/.login_conf, AcceptEnv) carries IFCONFIG_FORMAT and more.
    const h = await openSsh('ssh://box', { ssh: fakeSsh(dir, 'export IFCONFIG_FORMAT=addr:fqdn KLEE_TEST_SECRET=x LC_ALL=de_DE.UTF-8\n') });
    const env = (await h.run(['env'])).stdout;
    expect(env).not.toMatch(/IFCONFIG_FORMAT|KLEE_TEST_SECRET|de_DE/);
    expect(env).toMatch(/^PATH=\/sbin:\/bin:\/usr\/sbin:\/usr\/bin$/m);
    expect(env).toMatch(/^LC_ALL=C$/m);
    await h.close();
  });
});

describe('the wave reader', () => {
  it('reads frames split at any byte, in the order they arrive', () => {
    const nonce = 'abc123';
    const frame = (i: number, s: number, out: string, err: string) => `@@${nonce} ${i} ${s}\n${out}\n@@${nonce}-e\n${err}\n@@${nonce}-x\n`;
    const text = Buffer.from(`motd noise\n${frame(2, 0, 'two\n', '')}${frame(0, 1, '', 'zero')}${frame(1, 0, `@@${nonce}-e`, 'é')}`);
    for (let step = 1; step <= 7; step++) {
      const got: unknown[] = [];
      const r = new WaveReader(nonce, (x) => got.push(x));
      for (let i = 0; i < text.length; i += step) r.push(text.subarray(i, i + step));
      expect(got).toEqual([
        { index: 2, exitCode: 0, stdout: 'two\n', stderr: '' },
        { index: 0, exitCode: 1, stdout: '', stderr: 'zero' },
        { index: 1, exitCode: 0, stdout: `@@${nonce}-e`, stderr: 'é' },
      ]);
    }
  });

  it('the script holds stdin as one quoted word and each argv joined for sh', () => {
    const s = waveScript([{ argv: ['/sbin/pfctl', '-a', 'klee/web', '-f', '-'], stdin: "a 'b'\n" }, { argv: ['/sbin/ifconfig', '-a'] }], '/tmp/klee.x', 'n0');
    expect(s).toContain(`printf '%s' 'a '\\''b'\\''\n' >"$d/0.i"`);
    expect(s).toContain('{ /sbin/pfctl -a klee/web -f -; echo "0 $?" >&3; } <"$d/0.i" >"$d/0.o" 2>"$d/0.e" &');
    expect(s).toContain('{ /sbin/ifconfig -a; echo "1 $?" >&3; } </dev/null >"$d/1.o" 2>"$d/1.e" &');
    expect(s.match(/^read i s <&3;/gm)?.length).toBe(2);
  });
});
