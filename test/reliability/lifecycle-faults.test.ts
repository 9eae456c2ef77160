// The fault sweep of klee stop, start and restart: each of their commands fails in turn (sim ?fail=N after the
// probe). One root cause, the run again reaches the state the command promises, and down leaves a fresh host.
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { afterDown, comparable, events, freshState, Sandbox } from '../e2e/helpers.js';
import { budget, figure, probeCount } from './harness.js';

type Verb = 'stop' | 'start' | 'restart';
/** What each command promises: the state of every container after it (a completed one-shot stays exited 0). */
const PROMISE: Record<Verb, (r: any) => boolean> = {
  stop: (r) => r.state === 'stopped' || (r.state === 'exited' && r.exitCode === 0),
  start: (r) => r.state === 'running' || (r.state === 'exited' && r.exitCode === 0),
  restart: (r) => r.state === 'running' || (r.state === 'exited' && r.exitCode === 0),
};
const EVERY = budget(2, 1);

describe.each(['services', 'vnet'])('faults in stop, start and restart: example %s', (example) => {
  it('every command fails in turn: one root cause, the command run again keeps its promise, down cleans up', async () => {
    const fresh = await freshState();
    const base = new Sandbox(example);
    try {
      expect((await base.klee(['up', '--wait', '-H', base.host()])).code).toBe(0);
      const running = base.state();
      expect((await base.klee(['stop', '-H', base.host()])).code).toBe(0);
      const stopped = base.state();
      const project = (running.jails as any[])[0].name.split('_')[0];
      let tried = 0;
      let survived = 0;
      for (const [verb, start] of [['stop', running], ['start', stopped], ['restart', running]] as [Verb, Record<string, any>][]) {
        const clean = new Sandbox(example);
        writeFileSync(clean.simPath, JSON.stringify(start));
        const r = await clean.klee([verb, '--json', '--parallel', '1', '-H', clean.host()]);
        clean.remove();
        expect([verb, r.code]).toEqual([verb, 0]);
        const commands = events(r.stdout).filter((e) => e.event === 'command');
        expect(commands.length).toBeGreaterThan(0);
        const offset = probeCount(start, project, { zfs: false });
        for (let n = 1; n <= commands.length; n += EVERY) {
          tried++;
          const box = new Sandbox(example);
          try {
            writeFileSync(box.simPath, JSON.stringify(start));
            const failed = await box.klee([verb, '--json', '--parallel', '1', '-H', box.host(`fail=${offset + n}`)]);
            const done = events(failed.stdout).at(-1)!;
            const hit = commands[n - 1];
            // A failed health probe is "not healthy yet": the wait probes again (poll.ts), so the run goes on.
            const probe = hit.id.endsWith(':healthy') && hit.argv[0] === 'timeout';
            if (hit.mayFail || probe) expect([verb, n, done.ok]).toEqual([verb, n, true]);
            else {
              expect([verb, n, failed.code, done.ok]).toEqual([verb, n, 1, false]);
              expect(done.failures.map((f: any) => f.error.argv)).toEqual([hit.argv]);
            }
            expect((await box.klee([verb, '-H', box.host()])).code).toBe(0);
            const rows = JSON.parse((await box.klee(['ps', '-a', '--json', '-H', box.host()])).stdout) as any[];
            expect([verb, n, rows.filter((x) => !PROMISE[verb](x)).map((x) => `${x.name} ${x.state}`)]).toEqual([verb, n, []]);
            expect((await box.klee(['down', '-H', box.host()])).code).toBe(0);
            expect(afterDown(box.state(), fresh)).toEqual(comparable(fresh));
            survived++;
          } finally {
            box.remove();
          }
        }
      }
      figure(`lifecycle faults ${example}`, survived, tried, 'injection points survived');
    } finally {
      base.remove();
    }
  }, 120_000);
});
