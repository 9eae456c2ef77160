// The human log of `klee watch`: one timed line per pass, action, health change, recovery and stop; warnings when they change.
import { describe, expect, it } from 'vitest';
import type { WatchEvent } from '../../../src/cli/watch/events.js';
import { watchLog } from '../../../src/cli/watch/view.js';

const T = '2026-01-01T00:00:00.000Z';

describe('watchLog', () => {
  it('renders each event as one line with its time', () => {
    let out = '';
    const log = watchLog({ write: (s: string) => (out += s) }, false);
    const events: WatchEvent[] = [
      { event: 'watch', time: T, project: 'w', host: 'sim:/h.json', file: '/p/kleene.yaml', intervalS: 30 },
      { event: 'plan', time: T, pass: 2, project: 'w', host: 'sim:/h.json', actions: [{ id: 'container:app', op: 'create', resource: 'container', name: 'app', reason: 'not on host', after: [], commands: 1 }], warnings: [] },
      { event: 'action-done', time: T, pass: 2, id: 'container:app', status: 'ok', durationMs: 5 },
      { event: 'action-done', time: T, recovery: 'web', id: 'service:web', status: 'failed', durationMs: 5, error: { argv: ['jexec', 'w_web', 'sh'], exitCode: 1, stderr: 'jexec: jail "w_web" not found' } },
      { event: 'pass', time: T, pass: 2, trigger: 'interval', ok: true, changes: 1, durationMs: 1500, held: [{ container: 'idle', reason: 'stopped by `klee stop`: `klee start` starts it' }], warnings: ['orphans: container old of project w is not in the file'] },
      { event: 'pass', time: T, pass: 3, trigger: 'interval', ok: true, changes: 0, durationMs: 100, held: [], warnings: ['orphans: container old of project w is not in the file'] },
      { event: 'pass', time: T, pass: 4, trigger: 'file', ok: false, changes: 0, durationMs: 10, held: [], warnings: [], error: 'kleene.yaml is not valid (1 error)', retryInS: 5 },
      { event: 'health', time: T, container: 'web', status: 'unhealthy', failures: 3 },
      { event: 'recovery', time: T, container: 'web', action: 'restart', reason: 'unhealthy after 3 failed checks', attempt: 1, ok: true, nextRestartInS: 10 },
      { event: 'recovery', time: T, container: 'job', action: 'none', reason: 'unhealthy, and its restart policy is "no"' },
      { event: 'recovery', time: T, container: 'web', action: 'deferred', reason: 'unhealthy again after 1 restart(s): backing off', retryInS: 8.5 },
      { event: 'stopped', time: T, passes: 4, reason: 'interrupted by SIGTERM' },
    ];
    for (const e of events) log(e);
    expect(out.split('\n')).toEqual([
      `${T} klee watch: project w on sim:/h.json, file /p/kleene.yaml, every 30s`,
      `${T}   created container:app`,
      `${T}   web: failed service:web: \`jexec w_web sh\` exited 1: jexec: jail "w_web" not found`,
      `${T} warning: orphans: container old of project w is not in the file`,
      `${T} pass 2 (interval): 1 change applied (1.5s); left idle alone: stopped by \`klee stop\`: \`klee start\` starts it`,
      `${T} pass 3 (interval): in step with the file (0.1s)`,
      `${T} pass 4 (file): failed: kleene.yaml is not valid (1 error); next try in 5s`,
      `${T} web: unhealthy (3 failed checks)`,
      `${T} web: unhealthy after 3 failed checks: restart 1 done; no other restart for 10s`,
      `${T} job: unhealthy, and its restart policy is "no": not restarted`,
      `${T} web: unhealthy again after 1 restart(s): backing off; next restart in 8.5s at the earliest`,
      `${T} klee watch: stopped (interrupted by SIGTERM) after 4 passes; lock released`,
      '',
    ]);
  });
});
