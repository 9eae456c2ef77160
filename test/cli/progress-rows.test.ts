// The progress view counts and shows resources as `klee plan` does: one row per replaced resource, the same counts in
// the header and the summary, and a network's IPv4 and IPv6 gateways on rows of their own names.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Sandbox } from '../e2e/helpers.js';

const boxes: Sandbox[] = [];
afterAll(() => boxes.forEach((b) => b.remove()));

describe('progress rows', () => {
  it('a replaced container is one row, "Replaced", and counts once in the header, the summary and klee plan', async () => {
    const box = new Sandbox('vnet');
    boxes.push(box);
    expect((await box.klee(['up', '-H', box.host()])).code).toBe(0);
    const file = join(box.project, 'kleene.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('    driver: vnet\n', '    driver: vnet\n    env: { MODE: vpn }\n'));
    const plan = await box.klee(['plan', '-H', box.host()]);
    expect(plan.stdout).toMatch(/^Plan: 0 to add, 0 to change, 1 to replace, 0 to destroy\.$/m);
    const up = await box.klee(['up', '-H', box.host()]);
    expect(up.code).toBe(0);
    const lines = up.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`klee up: project vnet-demo on ${box.host()}: 1 to replace`);
    expect(lines.slice(1, -1)).toEqual([expect.stringMatching(/^ ✔ container vpnservice {2}Replaced {2}\d+\.\ds$/)]);
    expect(lines.at(-1)).toMatch(/^up complete: 1 done in \d+\.\ds\.$/);
  });

  it('the IPv4 and IPv6 gateways of a network are labelled apart', async () => {
    const box = new Sandbox('dualstack');
    boxes.push(box);
    const up = await box.klee(['up', '-H', box.host()]);
    expect(up.code).toBe(0);
    const labels = up.stdout.split('\n').filter((l) => l.includes('gateway')).map((l) => /gateway \S+( \(IPv6\))?/.exec(l)![0]);
    expect(labels.sort()).toEqual(['gateway dual', 'gateway dual (IPv6)']);
  });
});
