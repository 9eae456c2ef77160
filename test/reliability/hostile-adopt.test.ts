// A lost label is no licence to adopt (issue 14.10): after `up`, the project's interface loses its label or is
// destroyed by hand, and an interface of every kind klee could have made (a lo clone, a bridge, an epair side) holds a
// running container's address. klee took such an interface for the network whose label was lost: it relabelled it,
// took addresses off it and `down` destroyed it. Now `up` refuses the clash naming it, and `down` removes what is the
// project's and leaves that interface byte-for-byte as it was.
import { describe, expect, it } from 'vitest';
import { openHost } from '../../src/host/open.js';
import type { Sandbox } from '../e2e/helpers.js';
import { figure, sandboxWith } from './harness.js';

const TEXT = `name: adopt
networks:
  lo: { subnet: 10.2.3.0/24 }
containers:
  a: { path: /jails/a, networks: { lo: { ip: 10.2.3.1 } } }
  b: { path: /jails/b, networks: [lo] }
`;

/** How the interface holding 10.2.3.1 came to be: the commands run on the host after `up`, and its name. */
const CASES: { what: string; name: string; argv: string[][] }[] = [
  { what: "kleene0's label removed by hand", name: 'kleene0', argv: [['ifconfig', 'kleene0', '-description']] },
  { what: "kleene0's label replaced by the user's", name: 'kleene0', argv: [['ifconfig', 'kleene0', 'description', 'mine']] },
  ...[
    ['a lo clone', 'userlo', ['ifconfig', 'lo', 'create', 'name', 'userlo', 'up']],
    ['a bridge', 'userbr', ['ifconfig', 'bridge', 'create', 'name', 'userbr', 'up']],
    ['an epair a side', 'epair9a', ['ifconfig', 'epair9', 'create', 'up']],
    ['an epair b side', 'epair9b', ['ifconfig', 'epair9', 'create', 'up']],
    ['a renamed lo clone named like ours', 'kleene0', ['ifconfig', 'lo', 'create', 'name', 'kleene0', 'up']],
  ].flatMap(([what, name, create]) => [
    { what: `${what} after kleene0 was destroyed`, name: name as string, argv: [['ifconfig', 'kleene0', 'destroy'], create as string[], ['ifconfig', name as string, 'inet', '10.2.3.1/32', 'alias']] },
    { what: `${what} labelled by the user after kleene0 was destroyed`, name: name as string, argv: [['ifconfig', 'kleene0', 'destroy'], create as string[], ['ifconfig', name as string, 'inet', '10.2.3.1/32', 'alias'], ['ifconfig', name as string, 'description', 'users-own']] },
  ]),
];

async function run(box: Sandbox, argv: string[][]): Promise<void> {
  const host = await openHost(box.host());
  try {
    for (const a of argv) {
      const r = await host.run(a);
      if (r.exitCode !== 0) throw new Error(`${a.join(' ')}: ${r.stderr}`);
    }
  } finally {
    await host.close();
  }
}

/** The interface as the simulator holds it (its whole record). */
const record = (box: Sandbox, name: string) => JSON.stringify((box.state().interfaces as any[]).find((i) => i.name === name && i.vnet === 0));

describe('hostile adoption: an interface holding the project\'s address is not the project\'s for that', () => {
  it('every kind klee could have made: up refuses the clash naming it, down leaves it as it was', { timeout: 120_000 }, async () => {
    const bad: string[] = [];
    let refused = 0;
    let failed = 0;
    for (const c of CASES) {
      const before = bad.length;
      const box = sandboxWith(TEXT);
      const H = ['-H', box.host()];
      try {
        const up = await box.klee(['up', ...H]);
        if (up.code !== 0) throw new Error(`first up: ${up.stderr}`);
        await run(box, c.argv);
        const before = record(box, c.name);
        const again = await box.klee(['up', '--json', ...H]);
        const ran = again.stdout.split('\n').filter((l) => l.includes('"event":"command"'));
        if (again.code !== 1 || !(again.stdout + again.stderr).includes(`on interface ${c.name}, which is not this project's`) || ran.length) bad.push(`${c.what}: up: exit ${again.code}, ${ran.length} commands: ${again.stdout.slice(0, 400)}${again.stderr.slice(0, 400)}`);
        else refused++;
        const down = await box.klee(['down', ...H]);
        if (down.code !== 0) bad.push(`${c.what}: down exited ${down.code}: ${down.stderr}`);
        if (record(box, c.name) !== before) bad.push(`${c.what}: ${c.name} changed: ${before} -> ${record(box, c.name)}`);
        const left = (box.state().jails as any[]).map((j) => j.name);
        if (left.length) bad.push(`${c.what}: jails left after down: ${left.join(' ')}`);
      } catch (e) {
        bad.push(`${c.what}: ${String(e)}`);
      } finally {
        box.remove();
      }
      if (bad.length > before) failed++;
    }
    figure('hostile: adoption', CASES.length - failed, CASES.length, `interfaces holding a running container's address left as they were (${refused} ups refused naming them)`);
    expect(bad).toEqual([]);
  });
});
