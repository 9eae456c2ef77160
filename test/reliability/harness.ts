// Shared pieces of the reliability suite: budgets (fast in `npm test`, larger with KLEE_RELIABILITY=ci), the seed,
// the figure lines every test prints, and the probe's command count (sim ?fail=N counts the probe's commands too).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROBE_COMMANDS, pfProjectCommands } from '../../src/host/probe-commands.js';
import { Sandbox, simControls } from '../e2e/helpers.js';

/** `ci` runs the long sweeps (bounded, seeded); anything else is the fast form. */
export const MODE: 'fast' | 'ci' = process.env.KLEE_RELIABILITY === 'ci' ? 'ci' : 'fast';

/** The seed of every generated case; KLEE_RELIABILITY_SEED reproduces another run. */
export const SEED = Number(process.env.KLEE_RELIABILITY_SEED ?? 8_2024);

/** A count for the current mode. */
export function budget(fast: number, ci: number): number {
  return MODE === 'ci' ? ci : fast;
}

/** Print one figure line: `reliability: <part>: <survived>/<tried> <what>`. */
export function figure(part: string, survived: number, tried: number, what: string): void {
  console.log(`reliability: ${part}: ${survived}/${tried} ${what} (mode ${MODE}, seed ${SEED})`);
}

/** A deterministic pseudo-random generator (mulberry32) for kill moments and samples. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * How many commands the probe runs before the plan's first one on this host (src/host/probe.ts): the fixed set,
 * the project's pf anchor listing, `zfs list` (down always; up only with images), one batch reading the program
 * status of the project's jails and one batch for the insides of its running vnet jails.
 */
export function probeCount(state: Record<string, any>, project: string, opts: { zfs: boolean }): number {
  const own = (state.jails as any[]).filter((j) => j.name.startsWith(`${project}_`));
  return Object.keys(PROBE_COMMANDS).length + pfProjectCommands('x').length + (opts.zfs ? 1 : 0) + (own.length ? 1 : 0) + (own.some((j) => j.vnet) ? 1 : 0);
}

/** A sandbox holding the given kleene.yaml text. */
export function sandboxWith(text: string): Sandbox {
  const box = new Sandbox();
  writeFileSync(join(box.project, 'kleene.yaml'), text);
  box.controls = simControls(text);
  return box;
}

/** Replace the sandbox's kleene.yaml. */
export function writeFile(box: Sandbox, text: string): void {
  writeFileSync(join(box.project, 'kleene.yaml'), text);
}
