// Commands run over ssh in waves: every run() made while the previous wave is on its way, or in the same turn of the
// event loop, travels in one remote script over the multiplexed connection (ssh-wave.ts), at most SSH_SESSIONS
// scripts at once; each command's result comes back as its own frame, as soon as that command ends.
import { randomBytes } from 'node:crypto';
import type { CommandResult, RunOptions } from '../types.js';
import { UserError } from '../../errors.js';
import { shJoin } from '../quote.js';
import { refusedTool, toolArgv, withToolEnv } from '../tools.js';
import type { SpawnResult, SshSpawn } from './ssh-spawn.js';
import { WAVE_SETUP_FAILED, WaveReader, waveScript } from './ssh-wave.js';
import { commandSignal } from '../abort-fanout.js';

/**
 * Scripts in flight at once. Each is one session of the one connection, and sshd allows MaxSessions of them
 * (sshd_config(5): default 10); the lock keeper holds one more for the whole run, and one stays free.
 */
export const SSH_SESSIONS = 8;

/** The remote command of every wave: FreeBSD's sh reading the script from stdin, in the fixed tool environment. */
export const WAVE_SHELL = shJoin(withToolEnv(['/bin/sh', '-s']));

interface Pending {
  argv: string[];
  tool: string[];
  stdin?: string;
  signal?: AbortSignal;
  started: number;
  settled: boolean;
  resolve: (r: CommandResult) => void;
  reject: (e: Error) => void;
}

/** Sends the commands given to run() in waves over `spawn` (ssh's options and destination in `base`). */
export class WaveSender {
  private queue: Pending[] = [];
  private inFlight = 0;
  private scheduled = false;
  /** The first wave opens the master connection (ControlMaster=auto); the others wait for it, then share it. */
  private first?: Promise<void>;
  private opened = false;
  /** Waves sent and commands they carried (the benchmark's commands per round trip). */
  readonly sent = { waves: 0, commands: 0 };

  constructor(private readonly spawn: SshSpawn, private readonly base: readonly string[], private readonly uri: string) {}

  /** Queue one command for the next wave; resolves to its own result (a refused program is refused here). */
  run(argv: string[], opts: RunOptions = {}): Promise<CommandResult> {
    const tool = toolArgv(argv);
    if (!tool) return Promise.resolve(refusedTool(argv));
    if (opts.signal?.aborted) return Promise.reject(aborted());
    return new Promise((resolve, reject) => {
      this.queue.push({ argv, tool, stdin: opts.stdin, signal: opts.signal, started: Date.now(), settled: false, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves once the master connection is up; rejects (UserError) when the host cannot be reached. */
  async connected(): Promise<void> {
    if (this.first) await this.first;
    if (!this.opened) await this.run(['true']);
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // After the current turn: the results of a wave resolve together, and what the executor starts in reply
    // (next commands, dependents) joins one wave.
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    if (this.first && !this.opened) return;
    if (this.queue.length === 0 || this.inFlight >= SSH_SESSIONS) return;
    for (const p of this.queue) {
      if (p.signal?.aborted && !p.settled) { p.settled = true; p.reject(aborted()); }
    }
    const wave = this.queue.filter((p) => !p.settled);
    this.queue = [];
    if (wave.length === 0) return;
    const sent = this.send(wave);
    if (!this.first) {
      this.first = sent.then((ok) => {
        if (!ok) this.first = undefined; // unreachable: the next command tries to connect again
        this.opened = ok;
        this.schedule();
      });
    }
  }

  /** Run one wave; resolves to whether the remote shell was reached at all. */
  private async send(wave: Pending[]): Promise<boolean> {
    this.inFlight++;
    this.sent.waves++;
    this.sent.commands += wave.length;
    const nonce = randomBytes(12).toString('hex');
    const script = waveScript(wave.map((p) => ({ argv: p.tool, stdin: p.stdin })), `/tmp/klee.${randomBytes(8).toString('hex')}`, nonce);
    const reader = new WaveReader(nonce, (r) => {
      const p = wave[r.index];
      if (!p || p.settled) return;
      p.settled = true;
      p.resolve({ argv: p.argv, stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode, durationMs: Date.now() - p.started });
    });
    // A command whose signal aborts is given up at once; the session is killed when all of its commands are. Each
    // listens on a signal of its own (abort-fanout.ts): the run's signal keeps one listener, however many commands.
    const kill = new AbortController();
    const cancels = wave.map((p) => {
      const c = commandSignal(p.signal);
      c.signal?.addEventListener('abort', () => {
        if (p.settled) return;
        p.settled = true;
        p.reject(aborted());
        if (wave.every((q) => q.settled)) kill.abort();
      }, { once: true });
      return c;
    });
    let res: SpawnResult;
    try {
      res = await this.spawn([...this.base, WAVE_SHELL], { input: script, signal: kill.signal, onStdout: (b) => reader.push(b) });
    } catch (e) {
      res = { exitCode: 255, stdout: Buffer.alloc(0), stderr: (e as Error).message };
    } finally {
      for (const c of cancels) c.done();
      this.inFlight--;
      this.schedule();
    }
    const lost = wave.filter((p) => !p.settled);
    for (const p of lost) {
      p.settled = true;
      p.reject(this.lostError(res));
    }
    return res.exitCode !== 255;
  }

  /** Why a command of the wave has no result: the host unreachable (ssh's 255), or the remote shell ended first. */
  private lostError(res: SpawnResult): Error {
    const said = res.stderr.trim();
    if (res.exitCode === 255) {
      return new UserError(`cannot reach ${this.uri} over ssh: ${said || 'ssh exited with 255'}`, 'check that `ssh` works non-interactively (keys or an agent; BatchMode=yes)');
    }
    const why = res.exitCode === WAVE_SETUP_FAILED ? 'could not make its scratch directory in /tmp' : `ended (exit ${res.exitCode}) before reporting this command`;
    return new UserError(`the remote /bin/sh on ${this.uri} ${why}${said ? `: ${said}` : ''}`);
  }
}

function aborted(): Error {
  const e = new Error('aborted');
  e.name = 'AbortError';
  return e;
}
