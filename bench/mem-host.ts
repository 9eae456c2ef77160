// Hosts for the benchmarks: the simulator's interpreter on an in-memory state (optional latency), and a recording wrapper.
import { runArgv } from '../src/host/sim/dispatch.js';
import { freshState, type SimState } from '../src/host/sim/state.js';
import type { CommandResult, Host, HostLock, RunOptions } from '../src/host/types.js';
import { SIM_PARALLEL } from '../src/host/sim/index.js';
import { TOOL_ENV, refusedTool, toolArgv } from '../src/host/tools.js';

/** A simulated host whose state lives in memory: the same argv interpreter as `sim:PATH`, without the JSON file. */
export class MemSimHost implements Host {
  readonly kind = 'sim' as const;
  readonly uri = 'sim:memory';
  readonly parallel = SIM_PARALLEL;
  constructor(readonly st: SimState = freshState({ hooks: true, vimage: true }), private readonly latencyMs = 0) {}

  async run(argv: string[], opts?: RunOptions): Promise<CommandResult> {
    // As the sim backend runs them: the tool by its absolute path, in the fixed environment.
    const tool = toolArgv(argv);
    if (!tool) return refusedTool(argv);
    if (this.latencyMs) await new Promise((r) => setTimeout(r, this.latencyMs));
    const out = runArgv({ st: this.st, opts: { missing: [] }, env: TOOL_ENV }, tool, opts?.stdin);
    return { argv, stdout: out.stdout, stderr: out.stderr, exitCode: out.code, durationMs: 0 };
  }

  async acquireLock(): Promise<HostLock> {
    return { release: async () => undefined };
  }

  async close(): Promise<void> {}
}

/** Wraps a host and records every argv it runs. */
export class RecordingHost implements Host {
  readonly kind: Host['kind'];
  readonly uri: string;
  readonly parallel: number;
  readonly commands: string[][] = [];
  constructor(private readonly inner: Host) {
    this.kind = inner.kind;
    this.uri = inner.uri;
    this.parallel = inner.parallel;
  }

  run(argv: string[], opts?: RunOptions): Promise<CommandResult> {
    this.commands.push(argv);
    return this.inner.run(argv, opts);
  }

  acquireLock(project: string, owner: string): Promise<HostLock> {
    return this.inner.acquireLock(project, owner);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
