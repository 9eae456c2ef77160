// The ssh://[user@]host[:port] host: every argv quoted for the remote /bin/sh over one multiplexed connection.
import { mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandResult, Host, HostLock, RunOptions } from '../types.js';
import { LockBusyError } from '../types.js';
import { UserError } from '../../errors.js';
import { shJoin, shQuote } from '../quote.js';

/** Options of the ssh host (tests substitute the ssh program and the lock directory). */
export interface SshOptions {
  ssh?: string;
  lockDir?: string;
}

/** Parse `ssh://[user@]host[:port]`; a UserError names what is wrong. */
export function parseSshUri(uri: string): { user?: string; host: string; port?: number } {
  const m = /^ssh:\/\/(?:([^@/\s]+)@)?(\[[^\]]+\]|[^:/@\s]+)(?::(\d+))?\/?$/.exec(uri);
  if (!m) throw new UserError(`bad ssh host "${uri}": expected ssh://[user@]host[:port]`);
  return { user: m[1], host: m[2].replace(/^\[|\]$/g, ''), port: m[3] ? Number(m[3]) : undefined };
}

/** Open an ssh host; the control socket lives in a private temporary directory removed by close(). */
export async function openSsh(uri: string, opts: SshOptions = {}): Promise<Host> {
  const target = parseSshUri(uri);
  const ssh = opts.ssh ?? 'ssh';
  const dir = await mkdtemp(join(tmpdir(), 'klee-ssh-'));
  const base = [
    '-o', 'ControlMaster=auto', '-o', `ControlPath=${join(dir, 'cm')}`, '-o', 'ControlPersist=60', '-o', 'BatchMode=yes',
    ...(target.port ? ['-p', String(target.port)] : []),
    target.user ? `${target.user}@${target.host}` : target.host,
  ];
  const { execa } = await import('execa');

  // The first caller opens the master connection alone; concurrent ones (the probe, the lock keeper) then share it
  // instead of racing to become master and opening one connection each.
  let master: Promise<unknown> | undefined;
  const connected = async (): Promise<void> => {
    if (!master) await (master = runOne(['true'], {}));
    else await master.catch(() => undefined);
  };
  const run = async (argv: string[], runOpts: RunOptions = {}): Promise<CommandResult> => {
    await connected();
    return runOne(argv, runOpts);
  };
  const runOne = async (argv: string[], runOpts: RunOptions): Promise<CommandResult> => {
    const started = Date.now();
    // ssh joins its arguments with spaces and hands them to the remote user's shell: pass one pre-quoted string.
    const r = await execa(ssh, [...base, '--', shJoin(argv)], {
      reject: false, input: runOpts.stdin, cancelSignal: runOpts.signal, stripFinalNewline: false, encoding: 'utf8',
    });
    const exitCode = typeof r.exitCode === 'number' ? r.exitCode : 255;
    const stderr = String(r.stderr ?? '');
    if (exitCode === 255) {
      throw new UserError(`cannot reach ${uri} over ssh: ${stderr.trim() || r.shortMessage || 'ssh exited with 255'}`, 'check that `ssh` works non-interactively (keys or an agent; BatchMode=yes)');
    }
    return { argv, stdout: String(r.stdout ?? ''), stderr, exitCode, durationMs: Date.now() - started };
  };

  return {
    uri,
    kind: 'ssh',
    run,
    async interactive(argv) {
      const r = await execa(ssh, [...base.slice(0, -1), '-t', base[base.length - 1], '--', shJoin(argv)], { reject: false, stdio: 'inherit' });
      return typeof r.exitCode === 'number' ? r.exitCode : 255;
    },
    acquireLock: async (project, owner) => (await connected(), sshLock(run, ssh, base, `${opts.lockDir ?? '/var/run'}/klee-${project}.lock`, owner)),
    async close() {
      await execa(ssh, ['-O', 'exit', ...base], { reject: false, stdin: 'ignore' });
      await rm(dir, { recursive: true, force: true });
    },
  };
}

type Run = (argv: string[], opts?: RunOptions) => Promise<CommandResult>;

/**
 * The lock is a remote directory (mkdir is atomic) with an `owner` file. Its pid is a remote process that lives
 * exactly as long as this run: a shell that prints `$$` and waits on our stdin; when klee dies, ssh closes the
 * channel and the process ends, so `kill -0 <pid>` on the remote tells a live holder from a stale lock.
 */
async function sshLock(run: Run, ssh: string, base: string[], dir: string, command: string): Promise<HostLock> {
  const { execa } = await import('execa');
  const keeper = execa(ssh, [...base, '--', 'echo $$; exec cat >/dev/null'], { reject: false, stdin: 'pipe', buffer: false });
  const pid = await new Promise<string>((resolve, reject) => {
    let buf = '';
    keeper.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      if (buf.includes('\n')) resolve(buf.split('\n')[0].trim());
    });
    keeper.catch(reject);
    void keeper.then(() => reject(new UserError(`ssh lock keeper ended early: ${buf}`)));
  });
  const stop = () => { keeper.stdin?.end(); keeper.kill(); };
  const owner = JSON.stringify({ pid: Number(pid), host: hostname(), started: new Date().toISOString(), command });
  for (let attempt = 0; attempt < 2; attempt++) {
    const mk = await run(['mkdir', dir]);
    if (mk.exitCode === 0) {
      await run(['/bin/sh', '-c', `cat > ${shQuote(`${dir}/owner`)}`], { stdin: `${owner}\n` });
      let released = false;
      return {
        async release() {
          if (released) return;
          released = true;
          await run(['rm', '-rf', dir]).catch(() => undefined);
          stop();
        },
      };
    }
    const cur = await run(['cat', `${dir}/owner`]);
    let holder: { pid?: number; host?: string; started?: string; command?: string } = {};
    try { holder = JSON.parse(cur.stdout); } catch { /* no owner yet: being created, or crashed in between */ }
    const alive = typeof holder.pid === 'number' && (await run(['kill', '-0', String(holder.pid)])).exitCode === 0;
    if (alive || (holder.pid === undefined && attempt === 0 && cur.exitCode === 0)) {
      stop();
      throw new LockBusyError(`pid ${holder.pid ?? '?'} (${holder.command ?? 'klee'} from ${holder.host ?? '?'} since ${holder.started ?? '?'}); lock ${dir}`);
    }
    await run(['rm', '-rf', dir]);
  }
  stop();
  throw new LockBusyError(`could not take ${dir}`);
}
