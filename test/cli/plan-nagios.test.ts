// `klee plan --format nagios`: drift reporting for monitoring, one line and the plugin API's exit code.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Sandbox } from '../e2e/helpers.js';

const boxes: Sandbox[] = [];
afterEach(() => { while (boxes.length) boxes.pop()!.remove(); });

describe('plan --format nagios', () => {
  it('WARNING (1) with the drift, OK (0) once applied, UNKNOWN (3) when no plan can be made; one line on stdout, nothing else', async () => {
    const b = new Sandbox('ipnet');
    boxes.push(b);
    const H = ['-H', b.host()];
    const drift = await b.klee(['plan', '--format', 'nagios', ...H]);
    expect(drift).toEqual({
      code: 1, stderr: '',
      stdout: `KLEE WARNING - project ipnet-demo on ${b.host()} drifted from the file: 4 to create, 1 to update (sysctl:net.inet.ip.forwarding, network:testnet, pf, container:first, container:second) | changes=5 create=4 update=1 replace=0 remove=0\n`,
    });
    expect((await b.klee(['up', ...H])).code).toBe(0);
    expect(await b.klee(['plan', '--format', 'nagios', ...H])).toEqual({ code: 0, stderr: '', stdout: `KLEE OK - project ipnet-demo on ${b.host()} matches the file | changes=0 create=0 update=0 replace=0 remove=0\n` });

    writeFileSync(join(b.project, 'kleene.yaml'), 'name: x\ncontainers:\n  a: { path: 3 }\n');
    const bad = await b.klee(['plan', '--format', 'nagios', ...H]);
    expect(bad).toEqual({ code: 3, stderr: '', stdout: 'KLEE UNKNOWN - kleene.yaml is not valid (1 error)\n' });
    writeFileSync(join(b.project, 'kleene.yaml'), 'name: x\n');
    const gone = await b.klee(['plan', '--format', 'nagios', '-H', `snapshot:${join(b.dir, 'missing.json')}`]);
    expect([gone.code, gone.stdout]).toEqual([3, expect.stringMatching(/^KLEE UNKNOWN - .*missing\.json/)]);
  });

  it('refuses a format it does not know', async () => {
    const b = new Sandbox('ipnet');
    boxes.push(b);
    const r = await b.klee(['plan', '--format', 'xml', '-H', b.host()]);
    expect([r.code, r.stderr]).toEqual([1, expect.stringContaining("argument 'xml' is invalid. Allowed choices are text, nagios.")]);
  });
});
