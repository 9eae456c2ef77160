// The simulated FreeBSD 14 host (`-H sim:PATH`): runs argv against kernel state persisted in a JSON file.
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UserError } from '../../errors.js';
import type { CommandResult, Host, HostLock, RunOptions } from '../types.js';
import { type Ctx, type Out, fail } from './ctx.js';
import { runArgv } from './dispatch.js';
import { SimForever, settle, tick } from './procs.js';
import { injectedFailure } from './faults.js';
import { LOCAL_PARALLEL } from '../backends/local.js';
import { acquireSimLock } from './host-lock.js';
import { type SimSpec, parseSimSpec } from './options.js';
import { commitState, forgetState, loadStateCached, withStateLock } from './store.js';
import { TOOL_ENV, refusedTool, toolArgv } from '../tools.js';

// Commands run by this process per sim spec (?fail=N counts the commands of THIS process).
const counters = new Map<string, number>();

/** Open a simulated host; specWithQuery is what follows `sim:`, e.g. `/tmp/h.json?latency=20&fail=3`. */
export async function openSimHost(specWithQuery: string): Promise<Host> {
  const spec = parseSimSpec(specWithQuery);
  // A fresh host may live in a directory that does not exist yet (`sim:.klee/demo-host.json`).
  await mkdir(dirname(spec.path), { recursive: true }).catch((e: NodeJS.ErrnoException) => {
    throw new UserError(`sim:${specWithQuery}: cannot create ${dirname(spec.path)}: ${e.code ?? e.message}`);
  });
  return new SimHost(specWithQuery, spec);
}

/**
 * Actions at once by default on a simulated host: the simulated host models a local one (its commands serialise on
 * the state file's lock; running at once overlaps only their latency), so it takes the local backend's bound.
 */
export const SIM_PARALLEL = LOCAL_PARALLEL;

class SimHost implements Host {
  readonly kind = 'sim' as const;
  readonly parallel = SIM_PARALLEL;
  readonly uri: string;
  constructor(private readonly raw: string, private readonly spec: SimSpec) {
    this.uri = `sim:${raw}`;
  }

  async run(argv: string[], opts?: RunOptions): Promise<CommandResult> {
    const t0 = Date.now();
    const s = this.spec;
    // As the local backend runs them: the tool by its absolute path, in the fixed environment (src/host/tools.ts).
    const tool = toolArgv(argv);
    if (!tool) return refusedTool(argv);
    if (s.latencyMs) await new Promise((r) => setTimeout(r, s.latencyMs));
    const n = (counters.get(this.raw) ?? 0) + 1;
    counters.set(this.raw, n);
    let out: Out;
    if (n === s.failNth || (s.failMatch && s.failMatch.test(argv.join(' ')))) out = injectedFailure(argv);
    else out = await runOnSim(s, tool, opts?.stdin, TOOL_ENV);
    return { argv, stdout: out.stdout, stderr: out.stderr, exitCode: out.code, durationMs: Date.now() - t0 };
  }

  acquireLock(project: string, owner: string): Promise<HostLock> {
    return acquireSimLock(this.spec.path, project, owner);
  }

  async close(): Promise<void> {}
}

interface Queued {
  s: SimSpec;
  argv: string[];
  stdin?: string;
  env: Readonly<Record<string, string>>;
  resolve: (o: Out) => void;
  reject: (e: unknown) => void;
}

// Commands of this process waiting for the next turn of a state file's lock: the turn runs all of them, in the order
// they came, on one load of the state and one write of it (the kernel serialises concurrent commands just as well;
// per command, the 250 KB write was the simulator's whole cost). A result is given only once its state is written.
const waiting = new Map<string, Queued[]>();

/** Run one argv on the simulated host of `s` with this environment: under its state file's lock, state committed. */
export function runOnSim(s: SimSpec, argv: string[], stdin: string | undefined, env: Readonly<Record<string, string>>): Promise<Out> {
  return new Promise((resolve, reject) => {
    const queued = waiting.get(s.path);
    const cmd = { s, argv, stdin, env, resolve, reject };
    if (queued) return void queued.push(cmd);
    waiting.set(s.path, [cmd]);
    const take = () => {
      const group = waiting.get(s.path) ?? [];
      waiting.delete(s.path);
      return group;
    };
    let group: Queued[] | undefined;
    // The turn starts after this turn of the event loop, so that every command ready in it (the timers of a wave's
    // latency fire one after the other, each followed by its promise jobs) joins the group.
    const turn = () => withStateLock(s.path, async () => {
      group = take();
      // The state parsed by this process's previous turn is reused while the file is unchanged (store.ts).
      const loaded = await loadStateCached(s.path, { hooks: s.hooks, vimage: s.vimage, release: s.release });
      let outs: Out[];
      try {
        outs = group.map((c) => runCommand({ st: loaded.st, opts: { missing: c.s.missing, dadFail: c.s.dadFail, dying: c.s.dying }, env: c.env, stdin: c.stdin === undefined ? undefined : { text: c.stdin } }, c.s, c.argv));
      } catch (e) {
        forgetState(s.path); // none of the group's changes is kept: none of its results was given
        throw e;
      }
      // Written when a command changed it, and on the first command against a fresh host (the file appears).
      await commitState(s.path, loaded);
      group.forEach((c, i) => c.resolve(outs[i]));
    }).catch((e: unknown) => {
      for (const c of group ?? take()) c.reject(e);
    });
    setImmediate(turn);
  });
}

/**
 * One command on the loaded state: the clock first catches up with the wall clock (what was due meanwhile happens,
 * procs.ts), then the command runs. A command that would wait forever fails with the simulator's message; what it
 * did until then stays, as the hung command's would on FreeBSD.
 */
function runCommand(ctx: Ctx, s: SimSpec, argv: string[]): Out {
  const st = ctx.st;
  const before = { ...st.clock };
  tick(st, s.clockScale);
  const drift = st.clock.now - before.now;
  settle(ctx, st.clock.now);
  if (s.programs.length) st.controls = s.programs;
  if (s.trace) (st.trace ??= []).push({ argv, at: st.clock.now });
  let out: Out;
  try {
    out = runArgv(ctx, argv);
  } catch (e) {
    if (!(e instanceof SimForever)) throw e;
    out = fail(e.message);
  }
  // With nothing timed left to happen, the wall-clock time that passed is not observable: forget it (keep the jumps
  // of this command's waits), so that a command that only reads writes nothing.
  if (!st.procs.some((p) => p.exitAt !== undefined || p.sup?.restartAt !== undefined)) st.clock = { now: st.clock.now - drift, wall: before.wall };
  return out;
}
