// Part 2, faults at every step: for every example and a sample of generated projects, each command of `up`, of an
// edit's `up` and of `down` fails in turn. One root cause, the failed action undone at once (last command first),
// nothing half-made, the re-run converges, down cleans up; `up --atomic` undoes the whole run, last action first.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, exampleNames, freshState } from '../e2e/helpers.js';
import { applyEdit, editArb, projectArb } from './arbitraries.js';
import { editExample } from './example-edit.js';
import { addSweep, cleanRun, noSweep, PHASES, plannedCommands, pointsOf, sweep, type CleanRun, type SweepResult } from './fault-points.js';
import { budget, figure, MODE, SEED } from './harness.js';
import { loaderErrors, render } from './model.js';

const GENERATED = budget(1, 4);
// The fast form (npm test) fails every third command, a different third each seed, and every command with a completed
// one of its own action before it (where undo has work); KLEE_RELIABILITY=ci fails all.
const EVERY = budget(3, 1);
const total = noSweep();

/** Print a sweep's figure and add it to the total. */
function report(part: string, r: SweepResult, what: string): void {
  addSweep(total, r);
  figure(part, r.survived, r.tried, `${what} (up ${r.byPhase.up}, edit ${r.byPhase.edit}, down ${r.byPhase.down}, up --atomic ${r.byPhase.atomic})`);
}

/**
 * The sweep's size, from the plans rather than from the sweep itself: the clean run ran every planned command of each
 * phase; each phase had at least its share of points (all of them in CI mode) and --atomic one per up point whose
 * failure fails the run (not a best-effort command, nor a check tried again). A sweep that skipped a phase, or every point, fails here.
 */
function expectSize(clean: CleanRun, r: SweepResult, opts: { edits: boolean }): void {
  for (const phase of PHASES) {
    const planned = plannedCommands(clean, phase);
    expect([phase, clean[phase].length]).toEqual([phase, planned]);
    if (phase !== 'edit' || opts.edits) expect([phase, planned > 0]).toEqual([phase, true]);
    const least = MODE === 'ci' ? planned : Math.floor(planned / EVERY);
    expect(r.byPhase[phase], `${phase}: ${r.byPhase[phase]} points for ${planned} planned commands`).toBeGreaterThanOrEqual(least);
    if (MODE === 'ci') expect(r.byPhase[phase]).toBe(planned);
  }
  const atomic = pointsOf(clean, EVERY, SEED).up.filter((n) => !clean.up[n - 1].absorbed).length;
  expect(r.byPhase.atomic).toBe(atomic);
  expect(r.tried).toBe(r.byPhase.up + r.byPhase.edit + r.byPhase.down + r.byPhase.atomic);
  expect(r.tried).toBeGreaterThan(0);
}

describe('faults at every step', () => {
  it.each(exampleNames())('example %s: every command of up, edit and down fails in turn', async (example) => {
    const fresh = await freshState();
    const before = readFileSync(join(EXAMPLES, `${example}.yaml`), 'utf8');
    const after = editExample(before);
    expect(loaderErrors(after)).toEqual([]);
    const clean = await cleanRun(before, after, (parse(before) as any).name as string);
    const r = await sweep(clean, { before, after }, fresh, EVERY, SEED);
    report(`faults ${example}`, r, 'injection points survived');
    expectSize(clean, r, { edits: true });
    expect(r.problems).toEqual([]);
    expect(r.survived).toBe(r.tried);
  }, 120_000);

  it('a project whose two containers share one root: every command fails in turn, and one down converges each time', async () => {
    const fresh = await freshState();
    // a (older) and b (newer) share /jails/shared: two devfs instances on its /dev, a's nullfs; the edit replaces b
    const file = (bHost: string) => `name: shared\nnetworks:\n  n:\n    subnet: 10.63.0.0/24\ncontainers:\n  a:\n    path: /jails/shared\n    networks: [n]\n    mounts: [/data:/srv:ro]\n    command: [/bin/sleep, '1000']\n  b:\n    path: /jails/shared\n    networks: [n]\n    hostname: ${bHost}\n    depends_on: [a]\n    command: [/bin/sleep, '1000']\n`;
    const [before, after] = [file('b'), file('b2')];
    expect([...loaderErrors(before), ...loaderErrors(after)]).toEqual([]);
    const clean = await cleanRun(before, after, 'shared');
    const r = await sweep(clean, { before, after }, fresh, EVERY, SEED);
    report('faults shared root', r, 'injection points survived');
    expectSize(clean, r, { edits: true });
    expect(r.problems).toEqual([]);
    expect(r.survived).toBe(r.tried);
  }, 120_000);

  it(`a sample of ${GENERATED} generated projects: every command of up, edit and down fails in turn`, async () => {
    const fresh = await freshState();
    const samples = fc.sample(fc.tuple(projectArb, fc.array(editArb, { minLength: 1, maxLength: 2 })), { seed: SEED + 2, numRuns: GENERATED });
    expect(samples).toHaveLength(GENERATED);
    const all = noSweep();
    for (const [m, edits] of samples) {
      const before = render(m);
      const after = render(edits.reduce(applyEdit, m));
      const clean = await cleanRun(before, after, m.name);
      const r = await sweep(clean, { before, after }, fresh, EVERY, SEED);
      expectSize(clean, r, { edits: false }); // a generated edit may change nothing
      addSweep(all, r, `\n--- before\n${before}--- after\n${after}`);
    }
    report('faults generated', all, `injection points survived in ${samples.length} generated projects`);
    figure('faults', total.survived, total.tried, 'injection points survived');
    expect(all.problems).toEqual([]);
    expect(all.survived).toBe(all.tried);
  }, budget(120_000, 600_000));
});
