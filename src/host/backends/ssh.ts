// The ssh://[user@]host[:port] host: one multiplexed connection; commands travel in waves, each wave one remote
// /bin/sh script (ssh-sender.ts), FreeBSD's tools by absolute path in a fixed environment.
import { mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandResult, Host, HostLock, RunOptions } from '../types.js';
import { LockBusyError } from '../types.js';
import { UserError } from '../../errors.js';
import { shJoin, shQuote } from '../quote.js';
import { refusedTool, terminalEnv, toolArgv, withToolEnv } from '../tools.js';
import { LOCAL_PARALLEL } from './local.js';
import { parseSshUri, sshDestination } from './ssh-uri.js';
import { processSpawn, type SshSpawn } from './ssh-spawn.js';
import { WaveSender } from './ssh-sender.js';

export { parseSshUri } from './ssh-uri.js';

/** Options of the ssh host (tests substitute the ssh program, the way commands reach the host, the lock directory). */
export interface SshOptions {
  ssh?: string;
  /** How the commands' waves start an ssh client (default: the `ssh` program); the lock keeper and interactive
   * sessions always run the program. */
  spawn?: SshSpawn;
  lockDir?: string;
}

/**
 * Actions at once by default over ssh: a wave is one script whatever its size, so the bound is the remote host's,
 * the same as a local host's (the sessions are bounded apart, ssh-sender.ts SSH_SESSIONS).
 */
export const SSH_PARALLEL = LOCAL_PARALLEL;

/** An ssh host as the benchmark sees it: a Host plus the count of waves sent and the commands they carried. */
export type SshHost = Host & { readonly sent: { waves: number; commands: number } };

/** Open an ssh host; the control socket lives in a private temporary directory removed by close(). */
export async function openSsh(uri: string, opts: SshOptions = {}): Promise<SshHost> {
  const target = parseSshUri(uri);
  const program = opts.ssh ?? 'ssh';
  const dir = await mkdtemp(join(tmpdir(), 'klee-ssh-'));
  const options = [
    '-o', 'ControlMaster=auto', '-o', `ControlPath=${join(dir, 'cm')}`, '-o', 'ControlPersist=60', '-o', 'BatchMode=yes',
    ...(target.port ? ['-p', String(target.port)] : []),
  ];
  // ssh's getopt stops at `--`: the destination can never be read as an option.
  const dest = ['--', sshDestination(target)];
  const waves = new WaveSender(opts.spawn ?? processSpawn(program), [...options, ...dest], uri);
  const run = (argv: string[], runOpts?: RunOptions): Promise<CommandResult> => waves.run(argv, runOpts);
  const { execa } = await import('execa');

  return {
    uri,
    kind: 'ssh',
    parallel: SSH_PARALLEL,
    sent: waves.sent,
    run,
    async interactive(argv) {
      const tool = toolArgv(argv);
      if (!tool) throw new UserError(refusedTool(argv).stderr.trim());
      const r = await execa(program, [...options, '-t', ...dest, shJoin(withToolEnv(tool, terminalEnv()))], { reject: false, stdio: 'inherit' });
      return typeof r.exitCode === 'number' ? r.exitCode : 255;
    },
    acquireLock: async (project, owner) => {
      await waves.connected();
      return sshLock(run, program, [...options, ...dest], `${opts.lockDir ?? '/var/run'}/klee-${project}.lock`, owner);
    },
    async close() {
      await execa(program, ['-O', 'exit', ...options, ...dest], { reject: false, stdin: 'ignore' });
      await rm(dir, { recursive: true, force: true });
    },
  };
}

type Run = (argv: string[], opts?: RunOptions) => Promise<CommandResult>;

/** The lock keeper's remote command: a shell that prints its pid, then becomes `cat` waiting on our stdin. */
const KEEPER = shJoin(withToolEnv(['/bin/sh', '-c', 'echo $$; exec /bin/cat >/dev/null']));

/**
 * The lock is a remote directory (mkdir is atomic) with an `owner` file. Its pid is a remote process that lives
 * exactly as long as this run: a shell that prints `$$` and waits on our stdin; when klee dies, ssh closes the
 * channel and the process ends, so `kill -0 <pid>` on the remote tells a live holder from a stale lock.
 */
async function sshLock(run: Run, ssh: string, base: string[], dir: string, command: string): Promise<HostLock> {
  const { execa } = await import('execa');
  const keeper = execa(ssh, [...base, KEEPER], { reject: false, stdin: 'pipe', buffer: false });
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
      await run(['/bin/sh', '-c', `/bin/cat > ${shQuote(`${dir}/owner`)}`], { stdin: `${owner}\n` });
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
