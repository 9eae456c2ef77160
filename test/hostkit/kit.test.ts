// The host kit (hostkit/) against the simulator, as `npm run test:host -- --host sim:PATH` runs it: per example up,
// plan shows no change, ps, exec, logs, an edit that converges, a fault jail(8) refuses, down, the leftovers check.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runKit } from '../../hostkit/kit.js';
import { kitVariant } from '../../hostkit/variant.js';
import { Sandbox } from '../e2e/helpers.js';

const EXAMPLES = resolve(import.meta.dirname, '../../examples');

describe('kitVariant', () => {
  it('moves every address of the subnets (networks, ip:, env, commands) and renames the project', () => {
    const text = kitVariant(readFileSync(join(EXAMPLES, 'webapp.yaml'), 'utf8'), { project: 'kitabc', octet: 231, prefix6: 'fd12:3456' });
    const doc = parse(text);
    expect(doc.name).toBe('kitabc');
    expect([doc.networks.front.subnet, doc.networks.back.subnet]).toEqual(['10.231.0.0/24', '10.231.1.0/24']);
    expect(doc.containers.app.environment?.DATABASE_URL ?? doc.containers.app.env?.DATABASE_URL).toBe('postgres://db@10.231.1.10/app');
    expect(text).not.toMatch(/10\.10\.[01]\./);
    const dual = parse(kitVariant(readFileSync(join(EXAMPLES, 'dualstack.yaml'), 'utf8'), { project: 'kitx', octet: 200, prefix6: 'fd12:3456', root: '/kit/base' }));
    expect(dual.networks.dual.subnet6).toBe('fd12:3456:0::/64');
    expect(dual.containers.router.networks.dual.ip6).toBe('fd12:3456:0::10');
    expect(Object.values(dual.containers).map((c: any) => c.path)).toEqual(['/kit/base', '/kit/base']);
  });
});

describe('the kit on the simulator', () => {
  it('runs every example on a host another project already uses, and leaves that project as it was', { timeout: 120_000 }, async () => {
    const box = new Sandbox('vnet');
    try {
      expect((await box.klee(['up', '-H', box.host()])).code).toBe(0);
      const theirs = JSON.stringify((box.state() as any).jails.map((j: any) => j.name));
      const lines: string[] = [];
      const { results } = await runKit({ host: `sim:${box.simPath}`, examples: EXAMPLES, log: (l) => lines.push(l) });
      expect(results.map((r) => [r.example, r.failures])).toEqual(['custom', 'dualstack', 'ipnet', 'services', 'vnet', 'webapp'].map((e) => [e, []]));
      expect(lines.every((l) => l.startsWith('ok '))).toBe(true);
      expect(JSON.stringify((box.state() as any).jails.map((j: any) => j.name))).toBe(theirs);
      expect((await box.klee(['plan', '--detailed-exitcode', '-H', box.host()])).code).toBe(0); // the other project converged still
    } finally {
      box.remove();
    }
  });

  it('a real host needs a userland for the roots; a scenario that leaves something behind fails', async () => {
    await expect(runKit({ host: 'local', examples: EXAMPLES })).rejects.toThrow(/needs --root DIR/);
    // a host whose jail -r always fails keeps the jails: the leftovers are named
    const path = join(mkdtempSync(join(tmpdir(), 'klee-kit-')), 'host.json');
    const { results: [r] } = await runKit({ host: `sim:${path}?fail-match=${encodeURIComponent('jail -r ')}`, examples: EXAMPLES, only: ['ipnet'] });
    expect(r.ok).toBe(false);
    expect(r.failures.join('\n')).toMatch(/left behind: .*_first/);
  });

  it('each step is checked: a failing exec and a failing log read are named, and the rest of the scenario still runs', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'klee-kit-')), 'host.json');
    const [r] = (await runKit({ host: `sim:${path}?fail-match=${encodeURIComponent('/bin/echo|tail -n')}`, examples: EXAMPLES, only: ['ipnet'] })).results;
    expect(r.failures).toEqual([
      expect.stringMatching(/^exec in second exited 1, printed "": jexec: jail "kit\w+_second" not found\n/),
      expect.stringMatching(/^logs of second exited 1: klee: container "second" has no jail/),
    ]);
  });
});
