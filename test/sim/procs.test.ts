// The process model: jail(8) waiting for its commands, daemon(8)'s supervisor, signals, jail -r's stop order, the clock.
// Behaviours from usr.sbin/jail/command.c, usr.sbin/daemon/daemon.c (14.x), bin/pkill/pkill.c, bin/pwait/pwait.c.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SimState } from '../../src/host/sim/state.js';
import { freshHost } from './helpers.js';

const state = (path: string): SimState => JSON.parse(readFileSync(path, 'utf8')) as SimState;
const jail = (...params: string[]) => ['jail', '-c', 'name=j', 'path=/jails/j', 'persist', 'exec.consolelog=/var/log/j.log', ...params];
const SUP = ['/usr/sbin/daemon', '-f', '-P', '/var/run/sup.pid', '-p', '/var/run/child.pid', '-o', '/var/log/prog.log'];

describe('jail(8) waits for command= (usr.sbin/jail/command.c run_command, next_proc)', () => {
  it('a program that runs until it is signalled is refused: jail -c would never return; nothing is left behind', async () => {
    const { sh, path } = await freshHost();
    const r = await sh(...jail('ip4.addr=em0|10.0.2.50/32', 'command=/usr/bin/env', 'PGDATA=/x', '/usr/local/bin/postgres', '-D', '/x'));
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^jail: \/usr\/bin\/env PGDATA=\/x \/usr\/local\/bin\/postgres -D \/x: jail\(8\) would wait forever/);
    expect((await sh('jls', '-j', 'j')).exitCode).toBe(1);
    expect((await sh('ifconfig', 'em0')).stdout).not.toContain('10.0.2.50');
    expect(state(path).procs).toEqual([]);
  });

  it('a command that exits is waited for; a non-zero status fails jail -c and unwinds it', async () => {
    const { sh } = await freshHost('?prog=/usr/local/bin/migrate:exit=3,after=5&prog=/usr/local/bin/crash:exit=0');
    const r = await sh(...jail('ip4.addr=em0|10.0.2.51/32', 'command=/usr/local/bin/migrate'));
    expect([r.exitCode, r.stderr]).toEqual([1, 'jail: /usr/local/bin/migrate: failed\n']);
    expect((await sh('ifconfig', 'em0')).stdout).not.toContain('10.0.2.51');
    const ok = await sh(...jail('command=/bin/sh', '-c', 'sleep 2; echo done'));
    expect([ok.exitCode, ok.stdout]).toEqual([0, '']);
    expect((await sh('tail', '/var/log/j.log')).stdout).toBe('done\n');
  });

  it('/bin/sh /etc/rc exits 0 (its rc.d services are not modelled) and the persist jail stays', async () => {
    const { sh } = await freshHost();
    expect((await sh(...jail('command=/bin/sh', '/etc/rc'))).exitCode).toBe(0);
    expect((await sh('jls', '-j', 'j')).exitCode).toBe(0);
  });
});

describe('daemon(8), 14.x', () => {
  it('returns at once and leaves a supervisor and its child running, with both pidfiles and the output file', async () => {
    const { sh, path } = await freshHost('?prog=/usr/local/bin/serve:say=listening');
    const r = await sh(...jail('command=' + SUP[0], ...SUP.slice(1), '-t', 'web', '/usr/local/bin/serve', '--port', '80'));
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
    const st = state(path);
    const sup = st.procs.find((p) => p.sup)!;
    const child = st.procs.find((p) => p.ppid === sup.pid)!;
    expect(child.argv).toEqual(['/usr/local/bin/serve', '--port', '80']);
    expect((await sh('jexec', 'j', 'cat', '/var/run/sup.pid')).stdout).toBe(`${sup.pid}\n`);
    expect((await sh('jexec', 'j', 'pgrep', '-F', '/var/run/child.pid')).stdout).toBe(`${child.pid}\n`);
    expect((await sh('jexec', 'j', 'pgrep', '-qLF', '/var/run/sup.pid')).exitCode).toBe(0);
    expect((await sh('jexec', 'j', 'tail', '-n', '1', '/var/log/prog.log')).stdout).toBe('listening\n');
    // the pidfile is locked: a second daemon with it refuses (open_pid_files: EEXIST)
    const again = await sh('jexec', 'j', ...SUP, '/usr/local/bin/serve');
    expect([again.exitCode, again.stderr]).toEqual([3, `daemon: process already running, pid: ${child.pid}\n`]);
  });

  it('a child that ends during its own start is reaped at once: without -r the supervisor ends, with -r it waits to restart', async () => {
    const { sh, path } = await freshHost('?clock-scale=0');
    await sh(...jail());
    expect((await sh('jexec', 'j', ...SUP, '/usr/bin/true')).exitCode).toBe(0);
    expect(state(path).procs).toEqual([]); // daemon_terminate: no restart
    expect((await sh('jexec', 'j', 'cat', '/var/run/sup.pid')).exitCode).toBe(1); // both pidfiles removed
    expect((await sh('jexec', 'j', SUP[0], '-r', ...SUP.slice(1), '/usr/bin/true')).exitCode).toBe(0);
    const sup = state(path).procs;
    expect(sup.map((p) => [p.argv[0], p.sup?.child])).toEqual([['daemon', undefined]]); // no child recorded as alive
    expect((await sh('jexec', 'j', 'pgrep', '-qLF', '/var/run/sup.pid')).exitCode).toBe(0);
  });

  it('-C is 15.x only: 14.x refuses it as getopt_long does, with the usage', async () => {
    const { sh } = await freshHost();
    await sh(...jail());
    const r = await sh('jexec', 'j', '/usr/sbin/daemon', '-C', '3', '-r', '/usr/local/bin/serve');
    expect(r.exitCode).toBe(1);
    expect(r.stderr.split('\n').slice(0, 2)).toEqual(['daemon: invalid option -- C', 'usage: daemon [-cfHrS] [-p child_pidfile] [-P supervisor_pidfile]']);
    expect((await sh('jexec', 'j', '/usr/sbin/daemon', '-R', '0', '-r', 'x')).stderr).toBe('daemon: invalid restart delay\n');
    expect((await sh('jexec', 'j', '/usr/sbin/daemon', '-s', 'loud', 'x')).stderr).toBe('daemon: unrecognized syslog priority\n');
  });

  it('-r restarts after any termination, after the delay; without it the supervisor ends and removes its pidfiles', async () => {
    const { sh, path } = await freshHost('?prog=/usr/local/bin/flaky:crashes=2,after=1&clock-scale=0');
    await sh(...jail());
    await sh('jexec', 'j', ...SUP, '-R', '5', '/usr/local/bin/flaky');
    const first = (await sh('jexec', 'j', 'cat', '/var/run/child.pid')).stdout;
    await sh('sleep', '2'); // crashed at 1 s, restarting at 6 s
    expect((await sh('jexec', 'j', 'pgrep', '-F', '/var/run/child.pid')).exitCode).toBe(1);
    expect((await sh('jexec', 'j', 'pgrep', '-qLF', '/var/run/sup.pid')).exitCode).toBe(0);
    await sh('sleep', '5');
    expect((await sh('jexec', 'j', 'cat', '/var/run/child.pid')).stdout).not.toBe(first);
    await sh('sleep', '60'); // second crash at 7 s, third start at 12 s runs on
    expect(state(path).procs.filter((p) => p.argv[0] === '/usr/local/bin/flaky')).toHaveLength(1);

    const once = await freshHost('?prog=/usr/local/bin/flaky:crashes=1,after=1&clock-scale=0');
    await once.sh(...jail());
    await once.sh('jexec', 'j', ...SUP, '/usr/local/bin/flaky');
    await once.sh('sleep', '2');
    expect(state(once.path).procs).toEqual([]);
    expect((await once.sh('jexec', 'j', 'cat', '/var/run/sup.pid')).stderr).toBe('cat: /var/run/sup.pid: No such file or directory\n');
    expect((await once.sh('jexec', 'j', 'pkill', '-TERM', '-LF', '/var/run/sup.pid')).stderr).toBe("pkill: Cannot open pidfile `/var/run/sup.pid': No such file or directory\n");
  });

  it('SIGTERM to the supervisor stops restarts and is passed to the child; a repeated one is ignored', async () => {
    const { sh, path } = await freshHost('?prog=/usr/local/bin/stubborn:ignore-term&clock-scale=0');
    await sh(...jail());
    await sh('jexec', 'j', ...SUP, '-r', '/usr/local/bin/stubborn');
    expect((await sh('jexec', 'j', 'pkill', '-TERM', '-LF', '/var/run/sup.pid')).exitCode).toBe(0);
    expect((await sh('jexec', 'j', 'pkill', '-TERM', '-LF', '/var/run/sup.pid')).exitCode).toBe(0);
    const st = state(path);
    expect(st.procs).toHaveLength(2); // the child ignores SIGTERM, the supervisor waits for it (MODE_TERMINATING)
    expect(st.procs.find((p) => p.sup)!.sup!.mode).toBe('terminating');
    await sh('jexec', 'j', 'pkill', '-KILL', '-F', '/var/run/child.pid');
    expect(state(path).procs).toEqual([]); // no restart after a SIGTERM; daemon_terminate removed the pidfiles
    expect((await sh('jexec', 'j', 'cat', '/var/run/child.pid')).exitCode).toBe(1);
  });
});

describe('signals and waits', () => {
  it('kill, pkill -P and pgrep see only the jail\'s processes; pwait -t ends with 124 when the time passes first', async () => {
    const { sh, path } = await freshHost('?clock-scale=0');
    await sh(...jail());
    await sh('jexec', 'j', ...SUP, '/usr/local/bin/serve');
    const { pid } = state(path).procs.find((p) => p.argv[0] === '/usr/local/bin/serve')!;
    const supPid = state(path).procs.find((p) => p.sup)!.pid;
    expect((await sh('jexec', 'j', 'pgrep', '-P', String(supPid))).stdout).toBe(`${pid}\n`);
    expect((await sh('sh', '-c', 'pgrep -j j serve')).stdout).toBe(`${pid}\n`);
    const w = await sh('jexec', 'j', 'pwait', '-t', '3', String(supPid));
    expect(w.exitCode).toBe(124);
    expect(state(path).clock.now).toBe(3000);
    expect((await sh('jexec', 'j', 'kill', '-s', 'INT', String(pid))).exitCode).toBe(0); // SIGINT ends it (signal(3))
    expect((await sh('jexec', 'j', 'pwait', '-v', String(supPid))).stdout).toBe('');
    expect(state(path).procs).toEqual([]);
    const gone = await sh('jexec', 'j', 'pwait', String(supPid));
    expect([gone.exitCode, gone.stderr]).toEqual([0, `pwait: ${supPid}: No such process\n`]);
    expect((await sh('jexec', 'j', 'kill', '-TERM', String(supPid))).stderr).toBe(`kill: ${supPid}: No such process\n`);
  });

  it('a shell that traps SIGTERM finishes its foreground command first, then goes on (XCU 2.11)', async () => {
    const { sh, path } = await freshHost('?clock-scale=0&prog=/usr/local/bin/job:exit=7,after=30');
    await sh(...jail());
    await sh('jexec', 'j', ...SUP, '/bin/sh', '-c', 'trap : TERM; "$@"; echo "exited with status $?"', 'sh', '/usr/local/bin/job');
    await sh('jexec', 'j', 'pkill', '-TERM', '-LF', '/var/run/sup.pid'); // passed on to the shell, which defers it
    expect(state(path).procs.map((p) => p.argv[0])).toEqual(['daemon', '/bin/sh', '/usr/local/bin/job']);
    await sh('sleep', '30');
    expect((await sh('jexec', 'j', 'tail', '-n', '1', '/var/log/prog.log')).stdout).toBe('exited with status 7\n');
    expect(state(path).procs).toEqual([]);
  });

  it('timeout(1) ends a command that would not return, with 124; sleep, true and false keep their meaning', async () => {
    const { sh, path } = await freshHost('?clock-scale=0');
    await sh(...jail());
    expect((await sh('timeout', '5', 'jexec', 'j', '/usr/local/bin/pg_isready')).exitCode).toBe(124);
    expect(state(path).clock.now).toBe(5000);
    expect(state(path).procs).toEqual([]);
    expect((await sh('jexec', 'j', '/usr/local/bin/pg_isready')).stderr).toMatch(/pg_isready runs until it is signalled/);
    expect((await sh('jexec', 'j', '/usr/bin/true')).exitCode).toBe(0);
    expect((await sh('jexec', 'j', '/usr/bin/false')).exitCode).toBe(1);
    expect((await sh('jexec', 'j', 'sleep', '1.5')).exitCode).toBe(0);
    expect(state(path).clock.now).toBe(6500);
  });
});

describe('pgrep and pkill output (bin/pkill/pkill.c grepact, main)', () => {
  it('pgrep puts the delimiter between matches and one newline after the last; pkill -l names each kill, or says none matched', async () => {
    const { sh, path } = await freshHost('?clock-scale=0');
    await sh(...jail());
    await sh('jexec', 'j', ...SUP, '/usr/local/bin/serve');
    const procs = state(path).procs;
    const [sup, child] = [procs.find((p) => p.sup)!.pid, procs.find((p) => p.argv[0] === '/usr/local/bin/serve')!.pid];
    expect((await sh('jexec', 'j', 'pgrep', '-d', ',', '.')).stdout).toBe(`${sup},${child}\n`);
    expect((await sh('jexec', 'j', 'pgrep', '.')).stdout).toBe(`${sup}\n${child}\n`);
    expect((await sh('jexec', 'j', 'pgrep', '-l', '-d', ' ', 'serve')).stdout).toBe(`${child} serve\n`);
    const none = await sh('jexec', 'j', 'pgrep', '-d', ',', 'nothing');
    expect([none.exitCode, none.stdout]).toEqual([1, '']);
    const missed = await sh('jexec', 'j', 'pkill', '-l', 'nothing');
    expect([missed.exitCode, missed.stdout, missed.stderr]).toEqual([1, '', 'No matching processes belonging to you were found\n']);
    expect((await sh('jexec', 'j', 'pkill', 'nothing')).stderr).toBe(''); // only -l says so
    // -v acts on the others, while -l still names the selected one
    const inv = await sh('jexec', 'j', 'pkill', '-KILL', '-l', '-v', 'serve');
    expect([inv.exitCode, inv.stdout]).toEqual([0, `kill -9 ${child}\n`]);
    expect(state(path).procs.map((p) => p.pid)).toEqual([child]); // the supervisor got SIGKILL, not serve
  });
});

describe('a zero time limit arms no timer (setitimer(2): a zero it_value disarms it)', () => {
  it('pwait -t 0 and timeout 0 wait without limit (bin/pwait/pwait.c, usr.bin/timeout/timeout.c set_interval)', async () => {
    const { sh, path } = await freshHost('?clock-scale=0&prog=/usr/local/bin/job:exit=0,after=7&prog=/usr/local/bin/stubborn:ignore-term');
    await sh(...jail());
    await sh('jexec', 'j', ...SUP, '/usr/local/bin/job');
    const supPid = state(path).procs.find((p) => p.sup)!.pid;
    const w = await sh('jexec', 'j', 'pwait', '-t', '0', String(supPid));
    expect([w.exitCode, state(path).clock.now]).toEqual([0, 7000]); // waited until it ended, not 124 at once
    // under a microsecond the timer's it_value is zero too
    await sh('jexec', 'j', ...SUP, '/usr/local/bin/job');
    const again = state(path).procs.find((p) => p.sup)!.pid;
    const under = await sh('jexec', 'j', 'pwait', '-t', '0.0000001', String(again));
    expect([under.exitCode, state(path).clock.now]).toEqual([0, 14_000]);
    expect((await sh('jexec', 'j', 'pwait', '-t', '100000001', '1')).stderr).toBe('pwait: timeout value\n');
    // timeout 0 runs the command to its end; a wait that never ends is refused as always
    expect((await sh('timeout', '0', 'jexec', 'j', 'sleep', '3')).exitCode).toBe(0);
    expect(state(path).clock.now).toBe(17_000);
    expect((await sh('timeout', '0', 'jexec', 'j', '/usr/local/bin/stubborn')).stderr).toMatch(/stubborn runs until it is signalled/);
    // -k 0: after SIG, wait for the command without limit (no SIGKILL): what ignores SIGTERM would hold it for ever
    expect((await sh('timeout', '-k', '0', '2', 'jexec', 'j', '/usr/local/bin/stubborn')).stderr).toMatch(/stubborn runs until it is signalled/);
    expect((await sh('timeout', '-k', '1', '2', 'jexec', 'j', '/usr/local/bin/stubborn')).exitCode).toBe(124);
  });
});

describe('jail -r (usr.sbin/jail/command.c term_procs)', () => {
  it('sends SIGTERM to every process, waits up to 10 s (DEFAULT_STOP_TIMEOUT), then the kernel kills the rest', async () => {
    const { sh, path } = await freshHost('?clock-scale=0&prog=/usr/local/bin/stubborn:ignore-term');
    await sh(...jail());
    await sh('jexec', 'j', ...SUP, '/usr/local/bin/serve');
    expect((await sh('jail', '-r', 'j')).exitCode).toBe(0);
    expect(state(path).clock.now).toBe(0); // everything ended on SIGTERM: no wait
    await sh(...jail());
    await sh('jexec', 'j', ...SUP, '/usr/local/bin/stubborn');
    await sh('jail', '-r', 'j');
    expect(state(path).clock.now).toBe(10_000);
    expect(state(path).procs).toEqual([]);
  });

  it('a jail without persist goes away with its last process (kern_jail.c)', async () => {
    const { sh } = await freshHost('?clock-scale=0&prog=/usr/local/bin/job:exit=0,after=5');
    await sh('jail', '-c', 'name=t', 'path=/', 'command=/usr/sbin/daemon', '/usr/local/bin/job');
    expect((await sh('jls', '-j', 't')).exitCode).toBe(0);
    await sh('sleep', '6');
    expect((await sh('jls', '-j', 't')).exitCode).toBe(1);
  });
});

describe('the environment a program gets', () => {
  it('a file written from jail(8)\'s stdin and sourced by the starting shell reaches the program; its values are on no argv', async () => {
    const { host, sh, path } = await freshHost();
    const argv = jail('exec.start=umask 077 && cat > /var/run/env', 'command=/bin/sh', '-c', '. /var/run/env && exec "$@"', 'start', ...SUP, '/usr/local/bin/app');
    const r = await host.run(argv, { stdin: "export SECRET='s3 cr\'\\''et'\n" });
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
    const st = state(path);
    const app = st.procs.find((p) => p.argv[0] === '/usr/local/bin/app')!;
    expect(app.env.SECRET).toBe("s3 cr'et");
    expect(st.procs.flatMap((p) => p.argv).join(' ')).not.toContain('s3 cr');
    expect((await sh('jexec', 'j', 'cat', '/var/run/env')).stdout).toBe("export SECRET='s3 cr'\\''et'\n");
  });
});
