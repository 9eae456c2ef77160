import { describe, expect, it } from 'vitest';
import { execute } from '../../src/executor/execute.js';
import { progressView } from '../../src/cli/views/progress.js';
import { jsonEvents } from '../../src/cli/views/events-json.js';
import { painter, summaryLines } from '../../src/cli/views/progress-format.js';
import { FakeHost } from './fake-host.js';
import { action, cmd, planOf } from './plans.js';

const buffer = () => {
  let text = '';
  return { write: (s: string) => void (text += s), get text() { return text; } };
};
const stderr = 'ifconfig: interface kleene1 already exists';
const failingPlan = () => planOf(action('net', [], [cmd('epair'), cmd('net')]), action('jail', ['net']));
const failingHost = () => new FakeHost({ fail: (l) => (l === 'do net' ? stderr : undefined) });

describe('progress views', () => {
  it('plain: one line per finished action, undo lines, no escape codes without colour', async () => {
    const out = buffer();
    const view = progressView(out, { color: false, live: false });
    await execute(failingPlan(), failingHost(), { onEvent: (e) => view.onEvent(e) });
    const lines = out.text.trimEnd().split('\n');
    expect(lines[0]).toBe('   undo net: undo epair');
    expect(lines[1]).toMatch(/^ ✘ network net   Error  \d+\.\ds$/);
    expect(lines[2]).toBe(' - network jail  Skipped (net failed)');
    expect(out.text).not.toContain('\x1b');
  });

  it('live: redraws all rows in place', async () => {
    const out = buffer();
    const view = progressView(out, { color: true, live: true });
    await execute(planOf(action('a'), action('b', ['a'])), new FakeHost(), { onEvent: (e) => view.onEvent(e) });
    view.stop();
    expect(out.text).toContain('\x1b[2A'); // cursor back over the two rows
    expect(out.text.endsWith(`\x1b[2K \x1b[32m✔\x1b[0m network b  \x1b[32mCreated\x1b[0m  \x1b[2m0.0s\x1b[0m\n`)).toBe(true);
  });

  it('summary: the root cause once with command, exit code and stderr', async () => {
    const r = await execute(failingPlan(), failingHost());
    const lines = summaryLines(r, painter(false), 'up');
    expect(lines.slice(0, 2)).toEqual(['error: net: `do net` exited 1', `    ${stderr}`]);
    expect(lines[2]).toMatch(/^up failed: 0 done, 1 failed, 1 skipped in \d+\.\ds\.$/);
  });

  it('json: NDJSON events ending with done', async () => {
    const out = buffer();
    await execute(failingPlan(), failingHost(), { onEvent: jsonEvents(out) });
    const events = out.text.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(events[0]).toMatchObject({ event: 'plan', project: 'web' });
    expect(events.map((e) => e.event)).toEqual(['plan', 'action-start', 'command', 'command', 'undo', 'action-done', 'action-done', 'done']);
    expect(events.at(-1)).toMatchObject({ event: 'done', ok: false, counts: { ok: 0, failed: 1, skipped: 1 } });
  });
});
