// An in-memory Host for executor tests: records commands, fails chosen ones, measures concurrency.
import { LockBusyError, type CommandResult, type Host, type HostLock, type RunOptions } from '../../src/host/types.js';

/** A fake host: `fail` decides which argv fail; `latencyMs` delays each command. */
export class FakeHost implements Host {
  readonly uri = 'fake:';
  readonly kind = 'sim' as const;
  parallel = 8;
  readonly ran: string[] = [];
  /** The standard input of each command in `ran`, in the same order. */
  readonly stdins: (string | undefined)[] = [];
  inFlight = 0;
  maxInFlight = 0;
  locks = new Map<string, string>();
  constructor(
    private readonly opts: { latencyMs?: number; fail?: (line: string) => string | undefined; onRun?: (line: string) => void; stdout?: (line: string) => string } = {},
  ) {}

  async run(argv: string[], opts?: RunOptions): Promise<CommandResult> {
    const line = argv.join(' ');
    this.ran.push(line);
    this.stdins.push(opts?.stdin);
    this.opts.onRun?.(line);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise((r) => setTimeout(r, this.opts.latencyMs ?? 1));
    this.inFlight--;
    const stderr = this.opts.fail?.(line);
    return { argv, stdout: this.opts.stdout?.(line) ?? '', stderr: stderr ?? '', exitCode: stderr === undefined ? 0 : 1, durationMs: this.opts.latencyMs ?? 1 };
  }

  async acquireLock(project: string, owner: string): Promise<HostLock> {
    const holder = this.locks.get(project);
    if (holder) throw new LockBusyError(holder);
    this.locks.set(project, owner);
    return { release: async () => void this.locks.delete(project) };
  }

  async close(): Promise<void> {}
}
