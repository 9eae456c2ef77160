// Ctrl-C and --atomic against a simulated host: nothing half-made remains, the lock is released, the next up converges.
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { PROBE_COMMANDS, pfProjectCommands } from '../../src/host/probe-commands.js';
import { halfMade } from '../reliability/invariants.js';
import { afterDown, comparable, events, freshState, normalised, Sandbox } from './helpers.js';

const boxes: Sandbox[] = [];
afterEach(() => { while (boxes.length) boxes.pop()!.remove(); });
const sandbox = (example: string) => { const b = new Sandbox(example); boxes.push(b); return b; };

describe('Ctrl-C during up', () => {
  it('stops starting actions, undoes the interrupted action, releases the lock and exits 130 with a summary', async () => {
    const box = sandbox('vnet');
    const fresh = await freshState();
    const ctl = new AbortController();
    // Ctrl-C right after the epair's create, the first of its two commands (create, addm): the executor must not run
    // the addm, must destroy the epair it made (its undo), and start nothing else.
    const onStdout = (s: string) => {
      const e = JSON.parse(s);
      if (e.event === 'command' && e.argv[0] === 'ifconfig' && e.argv[1] === 'epair' && e.argv[2] === 'create') ctl.abort(new Error('interrupted by SIGINT'));
    };
    const r = await box.klee(['up', '--json', '--parallel', '1', '-H', box.host()], { signal: ctl.signal, onStdout });
    expect(r.code).toBe(130);
    const ev = events(r.stdout);
    const create = ev.find((e) => e.event === 'command' && e.argv[2] === 'create' && e.argv[1] === 'epair')!;
    expect(ev.filter((e) => e.event === 'command' && e.id === create.id).map((e) => e.argv)).toEqual([create.argv]); // no addm
    // the undo destroys the epair by the name the kernel printed (a fresh host's lowest unit)
    expect(ev.filter((e) => e.event === 'undo').map((e) => [e.id, e.why, e.argv, e.ok])).toEqual([[create.id, 'half-made', ['ifconfig', 'epair0a', 'destroy'], true]]);
    expect(ev.find((e) => e.event === 'action-done' && e.id === create.id)!.status).toBe('interrupted');
    expect(ev.filter((e) => e.event === 'action-start').at(-1)!.id).toBe(create.id); // nothing started after it
    // Nothing half-made, and no epair at all: the only one was undone.
    expect(halfMade(box.state(), fresh)).toEqual([]);
    expect((box.state().interfaces as any[]).filter((i) => i.name.startsWith('epair'))).toEqual([]);
    expect(existsSync(`${box.simPath}.vnet-demo.lock`)).toBe(false);
    const human = sandbox('vnet');
    const ctl2 = new AbortController();
    const run = human.klee(['up', '--parallel', '1', '-H', human.host('latency=20')], { signal: ctl2.signal });
    setTimeout(() => ctl2.abort(new Error('interrupted by SIGINT')), 20 + 20 * 3 + 10); // the probe (one latency), then three commands
    expect((await run).stderr).toMatch(/up interrupted: \d+ done, .*\d+ interrupted in \d+\.\ds\./);

    const clean = sandbox('vnet');
    expect((await clean.klee(['up', '-H', clean.host()])).code).toBe(0);
    expect((await box.klee(['up', '-H', box.host()])).code).toBe(0);
    expect(normalised(box.state())).toEqual(normalised(clean.state()));
  });
});

describe('up --atomic', () => {
  it('on a failure undoes everything this run made; only what cannot be undone is reported', async () => {
    const box = sandbox('vnet');
    const fresh = await freshState();
    // Fail the last command of the plan: everything before it has to be rolled back.
    const probe = sandbox('vnet');
    const clean = events((await probe.klee(['up', '--json', '--parallel', '1', '-H', probe.host()])).stdout);
    const total = clean.filter((e) => e.event === 'command').length;
    const N = Object.keys(PROBE_COMMANDS).length + pfProjectCommands('x').length + total;
    const r = await box.klee(['up', '--json', '--atomic', '--parallel', '1', '-H', box.host(`fail=${N}`)]);
    expect(r.code).toBe(1);
    const done = events(r.stdout).at(-1)!;
    expect(done.failures).toHaveLength(1);
    expect(done.counts.undone).toBeGreaterThan(0);
    // Everything else is back as on a fresh host; each leftover is a command the plan marks as irreversible.
    const irreversible = new Set(done.leftovers.map((l: any) => l.argv.join(' ')));
    for (const l of done.leftovers) expect(l.reason).toBe('cannot be undone');
    expect(afterDown(box.state(), fresh)).toEqual(comparable(fresh));
    const forwarding = (st: any) => st.sysctl['net.inet.ip.forwarding'];
    if (forwarding(box.state()) !== forwarding(fresh)) expect(irreversible.has('sysctl net.inet.ip.forwarding=1')).toBe(true);
  });
});
