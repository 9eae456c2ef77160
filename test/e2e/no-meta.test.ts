// A kernel without the `meta` jail parameter (before 14.3: kern_jailmeta.c): klee passes no `meta=`, records what a
// container was created with in /var/db/klee/jails/<jail> (src/host/jail-record.ts), detects a changed configuration
// from it, and removes it with the jail.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { events, Sandbox } from './helpers.js';

const boxes: Sandbox[] = [];
afterEach(() => { while (boxes.length) boxes.pop()!.remove(); });

const RECORD = '/var/db/klee/jails/ipnet-demo_first';

describe('a kernel without meta (FreeBSD 13.5, 14.2)', () => {
  it.each(['13.5', '14.2'])('%s: no meta=, a record per jail, a changed command replaces the container, down removes the records', async (release) => {
    const box = new Sandbox('ipnet');
    boxes.push(box);
    const H = ['-H', box.host(`version=${release}`)];
    const up = await box.klee(['up', '--json', ...H]);
    expect(up.code, up.stderr).toBe(0);
    const ran = events(up.stdout).filter((e) => e.event === 'command').map((e) => e.argv as string[]);
    const creates = ran.filter((a) => /(^|\/)jail$/.test(a[0]) && a[1] === '-c');
    expect(creates).toHaveLength(2);
    for (const c of creates) expect(c.some((a) => a.startsWith('meta='))).toBe(false);
    const files = box.state().files as Record<string, string[]>;
    expect(files[RECORD]).toEqual([expect.stringMatching(/^klee:v3:ipnet-demo:first:[0-9a-f]+:devfs\/jails\/first\/dev:(.+,)?command=[0-9a-f]{2}(,|$)/)]); // its mounts (issue 14), issue 17's field digests
    expect(files[`${RECORD}.new`]).toBeUndefined(); // renamed into place

    expect((await box.klee(['plan', '--detailed-exitcode', ...H])).code).toBe(0);

    // what jls cannot show (the command) changed: the record tells, and names the field (issue 17's digests)
    const file = join(box.project, 'kleene.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('command: [/sbin/ifconfig]', 'command: [/sbin/ifconfig, -a]'));
    const plan = JSON.parse((await box.klee(['plan', '--json', ...H])).stdout);
    expect(plan.actions.filter((a: any) => a.op === 'replace').map((a: any) => [a.id, a.reason])).toEqual([
      ['container:first:delete', 'command changed'], ['container:first', 'command changed'], // the record's field digests name it
    ]);
    expect(plan.warnings ?? []).toEqual([]);
    expect((await box.klee(['up', ...H])).code).toBe(0);
    expect((await box.klee(['plan', '--detailed-exitcode', ...H])).code).toBe(0);

    expect((await box.klee(['down', ...H])).code).toBe(0);
    expect(Object.keys(box.state().files as object).filter((f) => f.startsWith('/var/db/klee/'))).toEqual([]);
  });

  it('a jail without a record is compared by what jls shows, and the plan says so', async () => {
    const box = new Sandbox('ipnet');
    boxes.push(box);
    const H = ['-H', box.host('version=13.5')];
    expect((await box.klee(['up', ...H])).code).toBe(0);
    const st = box.state() as { files: Record<string, string[]> };
    delete st.files[RECORD];
    writeFileSync(box.simPath, JSON.stringify(st));
    const plan = await box.klee(['plan', '--detailed-exitcode', ...H]);
    expect(plan.code).toBe(0);
    expect(plan.stderr).toContain(`jail "ipnet-demo_first" has no record of its configuration (${RECORD};`);
  });

  it('14.3 and 15.0 keep it in meta= and write no record', async () => {
    for (const release of ['14.3', '15.0']) {
      const box = new Sandbox('ipnet');
      boxes.push(box);
      const up = await box.klee(['up', '--json', '-H', box.host(`version=${release}`)]);
      expect(up.code).toBe(0);
      const creates = events(up.stdout).filter((e) => e.event === 'command' && (e.argv as string[])[1] === '-c').map((e) => e.argv as string[]);
      for (const c of creates) expect(c.filter((a) => a.startsWith('meta='))).toHaveLength(1);
      expect(Object.keys(box.state().files as object).filter((f) => f.startsWith('/var/db/klee/'))).toEqual([]);
    }
  });
});
