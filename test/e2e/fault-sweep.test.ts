// The fault sweep: fail each command of an example's `up` in turn; one root cause, nothing half-made, the next up
// converges to the same host as an undisturbed run, and down leaves a fresh host.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBE_COMMANDS, pfProjectCommands } from '../../src/host/probe-commands.js';
import { afterDown, comparable, events, freshState, normalised, Sandbox } from './helpers.js';

// Commands the probe runs on a fresh host before the plan's first command (sim ?fail=N counts them too):
// the fixed set plus the project's pf anchor listing (no ZFS images, no vnet jails yet to look into).
const PROBE_COUNT = Object.keys(PROBE_COMMANDS).length + pfProjectCommands('x').length;

describe.each(['vnet', 'ipnet'])('fault sweep: example %s', (example) => {
  let fresh: Record<string, any>;
  let converged: Record<string, any>;
  let commands: { argv: string[]; mayFail: boolean }[] = [];
  const boxes: Sandbox[] = [];
  beforeAll(async () => {
    fresh = await freshState();
    const clean = new Sandbox(example);
    boxes.push(clean);
    const up = await clean.klee(['up', '--json', '--parallel', '1', '-H', clean.host()]);
    expect(up.code).toBe(0);
    commands = events(up.stdout).filter((e) => e.event === 'command').map((e) => ({ argv: e.argv, mayFail: e.mayFail === true }));
    converged = normalised(clean.state());
  });
  afterAll(() => boxes.forEach((b) => b.remove()));

  it('counts the commands of a clean up', () => {
    expect(commands.length).toBeGreaterThan(3);
  });

  it('the first plan command is the one after the probe (the sweep hits plan commands, not the probe)', async () => {
    const box = new Sandbox(example);
    boxes.push(box);
    const r = await box.klee(['up', '--json', '--parallel', '1', '-H', box.host(`fail=${PROBE_COUNT + 1}`)]);
    expect(events(r.stdout).at(-1)!.failures.map((f: any) => f.error.argv)).toEqual([commands[0].argv]);
  });

  it('every single failure: one root cause, nothing half-made, next up converges, down leaves a fresh host', async () => {
    for (let n = 1; n <= commands.length; n++) {
      const box = new Sandbox(example);
      boxes.push(box);
      // --parallel 1: the Nth command is the same as in the clean run, so the root cause is known exactly.
      const failed = await box.klee(['up', '--json', '--parallel', '1', '-H', box.host(`fail=${PROBE_COUNT + n}`)]);
      const ev = events(failed.stdout);
      const done = ev.at(-1)!;
      const hit = commands[n - 1];
      if (hit.mayFail) {
        expect([n, failed.code, done.ok]).toEqual([n, 0, true]); // best effort: reported, not fatal
      } else {
        expect([n, failed.code, done.ok]).toEqual([n, 1, false]);
        expect(done.failures.map((f: any) => f.error.argv)).toEqual([hit.argv]); // one root cause ...
        expect(done.failures[0].error.stderr).not.toBe(''); // ... with what FreeBSD said
        expect(ev.filter((e) => e.event === 'command' && e.exitCode !== 0)).toHaveLength(1);
        // Skipped: exactly what depends on the failed action, directly or not, each naming it as the cause.
        const after = new Map<string, string[]>(ev[0].actions.map((a: any) => [a.id, a.after]));
        const dependents = new Set<string>([done.failures[0].id]);
        for (let grew = true; grew;) {
          grew = false;
          for (const [id, deps] of after) if (!dependents.has(id) && deps.some((d) => dependents.has(d))) { dependents.add(id); grew = true; }
        }
        dependents.delete(done.failures[0].id);
        const skipped = ev.filter((e) => e.event === 'action-done' && e.status === 'skipped');
        expect([n, skipped.map((e) => e.id).sort()]).toEqual([n, [...dependents].sort()]);
        expect([n, skipped.filter((e) => e.cause !== done.failures[0].id)]).toEqual([n, []]);
      }
      expect(done.leftovers).toEqual([]); // every half-made command was undone

      // Nothing unlabelled: each interface the fresh host lacks carries a klee label (down can find it),
      // or is the b side of an epair whose a side does.
      const ifaces = box.state().interfaces as any[];
      const labelled = (i: any) => String(i.description ?? '').startsWith('klee:');
      const freshNames = new Set((fresh.interfaces as any[]).map((i) => `${i.vnet}/${i.name}`));
      const extra = ifaces.filter((i) => i.vnet === 0 && !freshNames.has(`0/${i.name}`));
      const unlabelled = extra.filter((i) => !labelled(i) && !ifaces.some((p) => p.name === i.peer && labelled(p)));
      expect([n, unlabelled.map((i) => i.name)]).toEqual([n, []]);

      const again = await box.klee(['up', '-H', box.host()]);
      expect([n, again.code, again.stderr]).toEqual([n, 0, '']);
      expect(normalised(box.state())).toEqual(converged);
      expect((await box.klee(['down', '-H', box.host()])).code).toBe(0);
      expect(afterDown(box.state(), fresh)).toEqual(comparable(fresh));
      box.remove();
    }
  });
});
