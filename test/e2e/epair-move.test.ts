// An epair moved back into its bridge (`deletem` from the bridge it drifted to, then `addm`): an --atomic rollback
// puts it back where it was, not in neither bridge.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSimHost } from '../../src/host/sim/index.js';
import { events, Sandbox } from './helpers.js';

const boxes: Sandbox[] = [];
afterEach(() => { while (boxes.length) boxes.pop()!.remove(); });

const FILE = [
  'name: moves',
  'networks:',
  '  one: { type: bridge, subnet: 10.7.1.0/24 }',
  '  two: { type: bridge, subnet: 10.7.2.0/24 }',
  'containers:',
  '  a: { path: /jails/a, driver: vnet, networks: [two] }',
  '  b: { path: /jails/b, driver: vnet, networks: [one] }',
  '',
].join('\n');

describe('an epair moved between bridges', () => {
  it('--atomic, a fault after the deletem: the undo adds it back to the bridge it was taken from', async () => {
    const box = new Sandbox();
    boxes.push(box);
    writeFileSync(join(box.project, 'kleene.yaml'), FILE);
    expect((await box.klee(['up', '-H', box.host()])).code).toBe(0);
    const h = await openSimHost(box.simPath);
    const ifc = async () => (await h.run(['ifconfig', '-a'])).stdout;
    const bridgeOf = (text: string, label: string) => {
      const epair = new RegExp(`^(epair\\d+a): .*\\n(?:\\t.*\\n)*?\\tdescription: ${label}\\n`, 'm').exec(text)![1];
      const owners = [...text.matchAll(/^(kleene\d+): [^\n]*\n((?:\t[^\n]*\n)*)/gm)].filter((m) => m[2].includes(`member: ${epair} `)).map((m) => m[1]);
      return { epair, owners };
    };
    const before = bridgeOf(await ifc(), 'klee:moves:a:two');
    const [two] = before.owners;
    const one = bridgeOf(await ifc(), 'klee:moves:b:one').owners[0];
    // Drift by hand: a's epair taken out of its bridge and put in the other one.
    expect((await h.run(['ifconfig', two, 'deletem', before.epair])).exitCode).toBe(0);
    expect((await h.run(['ifconfig', one, 'addm', before.epair])).exitCode).toBe(0);
    await h.close();
    const r = await box.klee(['up', '--json', '--atomic', '--parallel', '1', '-H', box.host(`fail-match=${encodeURIComponent(`^ifconfig ${two} addm`)}`)]);
    expect(r.code).not.toBe(0);
    const ev = events(r.stdout);
    expect(ev.filter((e) => e.event === 'undo' && e.id === 'epair:a:two').map((e) => e.argv)).toEqual([['ifconfig', one, 'addm', before.epair]]);
    const again = await openSimHost(box.simPath);
    const after = bridgeOf((await again.run(['ifconfig', '-a'])).stdout, 'klee:moves:a:two');
    await again.close();
    expect(after.owners).toEqual([one]); // where the drift had put it: the host as it was before the run
  });
});
