// A watch pass against the simulated host: what it reports as started is what its run finished, not what it planned.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSpec } from '../../../src/spec/load.js';
import { openHost } from '../../../src/host/open.js';
import { runPass } from '../../../src/cli/watch/pass.js';
import type { ExecEvent } from '../../../src/executor/events.js';

const dirs: string[] = [];
afterEach(() => { while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true }); });

describe('runPass', () => {
  it('lists as started only the containers whose action ended ok; the failure names its command as a shell would', async () => {
    const text = 'name: p\nnetworks:\n  n: { subnet: 10.9.0.0/24 }\ncontainers:\n  app: { path: /jails/app, networks: [n], command: [/usr/local/bin/app] }\n  web: { path: "/jails/web site", networks: [n], command: [/usr/local/bin/web] }\n';
    const r = loadSpec({ text, file: 'kleene.yaml', env: {}, dirName: 'p' });
    if (!r.spec) throw new Error(JSON.stringify(r.diagnostics));
    const dir = mkdtempSync(join(tmpdir(), 'klee-pass-'));
    dirs.push(dir);
    // every jail -c of web fails (jail_set: Operation not permitted, fixture 24); app's goes through
    const host = await openHost(`sim:${join(dir, 'host.json')}?clock-scale=0&fail-match=${encodeURIComponent('^\\S*jail -c .*path=/jails/web site')}`);
    const events: ExecEvent[] = [];
    const pass = await runPass(host, r.spec, { onEvent: (e) => events.push(e) });
    await host.close();
    const done = events.filter((e) => e.event === 'action-done') as Extract<ExecEvent, { event: 'action-done' }>[];
    expect(done.some((e) => e.id.includes('web') && e.status === 'failed')).toBe(true);
    expect(done.some((e) => e.id.includes('app') && e.status === 'ok')).toBe(true);
    expect(pass.started).toEqual(['app']);
    expect(pass.error).toMatch(/`\S*jail -c .*'path=\/jails\/web site'.*` exited 1: jail: jail_set: Operation not permitted/);
  });
});
