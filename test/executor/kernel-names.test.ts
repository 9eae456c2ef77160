// Names the kernel chooses at run time: the executor takes the name a command prints and gives it to the commands,
// stdin and undo that refer to it, in this action and in later ones.
import { describe, expect, it } from 'vitest';
import { execute } from '../../src/executor/execute.js';
import type { ExecEvent } from '../../src/executor/events.js';
import { nameRef } from '../../src/planner/kernel-names.js';
import { FakeHost } from './fake-host.js';
import { action, planOf } from './plans.js';

const e = nameRef('epair:db:lan');
const create = { argv: ['ifconfig', 'epair', 'create', 'up'], prints: { key: 'epair:db:lan', suffix: 'a' }, undo: [['ifconfig', `${e}a`, 'destroy']] };
const addm = { argv: ['ifconfig', 'kleene0', 'addm', `${e}a`], undo: [['ifconfig', 'kleene0', 'deletem', `${e}a`]] };
const jail = { argv: ['jail', '-c', `exec.created=/sbin/ifconfig ${e}b vnet web_db`], stdin: `${e}b\n` };

describe('kernel-chosen names', () => {
  it('later commands, another action\'s included, run with the name the kernel printed', async () => {
    const host = new FakeHost({ stdout: (l) => (l === 'ifconfig epair create up' ? 'epair7a\n' : '') });
    const events: ExecEvent[] = [];
    const r = await execute(planOf(action('epair', [], [create, addm]), action('jail', ['epair'], [jail])), host, { onEvent: (x) => void events.push(x) });
    expect(r.ok).toBe(true);
    expect(host.ran).toEqual(['ifconfig epair create up', 'ifconfig kleene0 addm epair7a', 'jail -c exec.created=/sbin/ifconfig epair7b vnet web_db']);
    expect(events.filter((x) => x.event === 'command').map((x) => (x as { argv: string[] }).argv.join(' '))).toEqual(host.ran);
  });

  it('undo destroys what was made by the name it got, and --atomic undoes with the names too', async () => {
    const host = new FakeHost({ stdout: (l) => (l.includes('create') ? 'epair3a\n' : ''), fail: (l) => (l.startsWith('jail') ? 'jail: failed' : undefined) });
    const r = await execute(planOf(action('epair', [], [create, addm]), action('jail', ['epair'], [jail])), host, { atomic: true });
    expect(r.ok).toBe(false);
    expect(host.ran.slice(3)).toEqual(['ifconfig kleene0 deletem epair3a', 'ifconfig epair3a destroy']);
  });

  it('an undo gets its own standard input (undoStdin: pf\'s replaced rules, a record\'s old text), half-made and --atomic', async () => {
    const load = { argv: ['pfctl', '-a', 'klee/p', '-f', '-'], stdin: 'new rules\n', undo: [['pfctl', '-a', 'klee/p', '-f', '-']], undoStdin: 'old rules\n' };
    const host = new FakeHost({ fail: (l) => (l === 'do b' || l === 'do c' ? 'boom' : undefined) });
    const r = await execute(planOf(action('pf', [], [load]), action('b', ['pf'], [load, { argv: ['do', 'b'] }])), host, { atomic: true, parallel: 1 });
    expect(r.ok).toBe(false);
    expect(host.ran.map((l, i) => [l, host.stdins[i]])).toEqual([
      ['pfctl -a klee/p -f -', 'new rules\n'], ['pfctl -a klee/p -f -', 'new rules\n'], ['do b', undefined],
      ['pfctl -a klee/p -f -', 'old rules\n'], // b's half-made load undone
      ['pfctl -a klee/p -f -', 'old rules\n'], // --atomic: the completed pf action undone
    ]);
  });

  it('a command that printed no usable name fails, saying what it printed; its dependents are skipped', async () => {
    const host = new FakeHost({ stdout: () => 'ifconfig: something else\n' });
    const r = await execute(planOf(action('epair', [], [create, addm]), action('jail', ['epair'], [jail])), host);
    expect(r.ok).toBe(false);
    expect(r.failures[0].error.stderr).toMatch(/^printed "ifconfig: something else", not the name of the interface it made/);
    expect(host.ran).toEqual(['ifconfig epair create up']);
    expect(r.counts).toMatchObject({ failed: 1, skipped: 1 });
    // what it made is on the host and nothing can undo it: the run lists it as left behind, with the reason
    expect(r.leftovers).toEqual([{ id: 'epair', argv: ['ifconfig', 'epair', 'create', 'up'], reason: r.failures[0].error.stderr }]);
  });
});
