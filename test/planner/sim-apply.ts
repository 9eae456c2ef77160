// Test helper: the real simulated FreeBSD host (src/host/sim) for planner tests that need a host a plan was applied to,
// kept in memory (no state file): the plan's commands run there in plan order, as `klee up --parallel 1` sends them,
// and the probe reads the host back (names the kernel chooses filled in as the executor fills them).
import { resolveArgs, takeName } from '../../src/executor/kernel-names.js';
import { probe } from '../../src/host/probe.js';
import { runArgv } from '../../src/host/sim/dispatch.js';
import { parseSimSpec } from '../../src/host/sim/options.js';
import { freshState, type SimState } from '../../src/host/sim/state.js';
import type { Host, HostState } from '../../src/host/types.js';
import { plan } from '../../src/planner/plan.js';
import type { Plan, PlannedCommand } from '../../src/planner/types.js';
import type { Spec } from '../../src/spec/types.js';

/** A fresh simulated host for one project. */
export interface SimBox {
  /** The simulator's kernel state itself. */
  st: SimState;
  /** The host as the probe reads it for the project. */
  state(): Promise<HostState>;
  /** Run every command of the plan (a failure that is not best effort throws, with FreeBSD's text); then state(). */
  apply(p: Plan): Promise<HostState>;
  /** Run one command by hand (drift); it must succeed. */
  run(...argv: string[]): Promise<void>;
}

/** A fresh simulated host (the sim's defaults: klee's pf hooks, VIMAGE, jail meta), told what programs do (`prog=` query options, as an example's `# sim-controls:`). */
export function simBox(project: string, controls = ''): SimBox {
  const st = freshState({ hooks: true, vimage: true });
  st.controls = parseSimSpec(`memory?${controls}`).programs;
  const host: Host = {
    uri: 'sim:memory', kind: 'sim', parallel: 1,
    run: async (argv, o) => {
      const out = runArgv({ st, opts: { missing: [] } }, argv, o?.stdin);
      return { argv, stdout: out.stdout, stderr: out.stderr, exitCode: out.code, durationMs: 0 };
    },
    acquireLock: () => { throw new Error('not for planner tests'); },
    close: async () => {},
  };
  const names = new Map<string, string>();
  const exec = async (cmd: PlannedCommand) => {
    const { argv, stdin } = resolveArgs(cmd, names);
    const r = await host.run(argv, { stdin });
    const unnamed = r.exitCode === 0 ? takeName(cmd, r.stdout, names) : undefined;
    if ((r.exitCode !== 0 && !cmd.mayFail) || unnamed) throw new Error(`${argv.join(' ')} exited ${r.exitCode}: ${unnamed ?? ''}${r.stderr}${r.stdout}`);
  };
  const state = () => probe(host, { project, zfs: true });
  return {
    st,
    state,
    async apply(p) {
      for (const a of p.actions) for (const c of a.commands) await exec(c);
      return state();
    },
    run: (...argv) => exec({ argv }),
  };
}

/** The project planned on a fresh simulated host and applied there: the box (to drift it) and the host it reads. */
export async function convergedSim(s: Spec): Promise<{ sim: SimBox; h: HostState }> {
  const sim = simBox(s.project);
  return { sim, h: await sim.apply(plan(s, await sim.state(), { host: 'test' })) };
}
