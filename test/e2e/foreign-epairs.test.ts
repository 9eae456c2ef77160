// Epairs klee cannot see by name still hold their units (sys/net/if_epair.c epair_handle_unit → ifc_alloc_unit):
// Bastille's renamed ones (fixture 18: `ifconfig epair0a name e0a_bastille0`), and one whose ends both live in another
// tool's vnet jail. klee lets the kernel choose a new epair's unit, takes the vnet example up beside them, converges,
// comes down, and never touches them.
import { describe, expect, it } from 'vitest';
import { openHost } from '../../src/host/open.js';
import { Sandbox } from './helpers.js';

async function onHost(box: Sandbox, cmds: string[][]): Promise<void> {
  const host = await openHost(box.host());
  try {
    for (const argv of cmds) {
      const r = await host.run(argv);
      if (r.exitCode !== 0) throw new Error(`${argv.join(' ')}: ${r.stderr}`);
    }
  } finally {
    await host.close();
  }
}

const epairs = (box: Sandbox) => (box.state().interfaces as any[]).filter((i) => i.cloner === 'epair').map((i) => ({ name: i.name, unit: i.unit, vnet: i.vnet, description: i.description }));

describe('epair units held by interfaces klee cannot name', () => {
  for (const [what, setup] of [
    ['Bastille renamed both sides of epair0 (unit 0 held)', [
      ['ifconfig', 'bridge', 'create', 'name', 're0bridge', 'up'],
      ['ifconfig', 'epair', 'create', 'up'],
      ['ifconfig', 'epair0a', 'name', 'e0a_bastille0'],
      ['ifconfig', 'epair0b', 'name', 'e0b_bastille0'],
      ['ifconfig', 'e0a_bastille0', 'description', 'vnet0 host interface for Bastille jail bastille0'],
      ['ifconfig', 're0bridge', 'addm', 'e0a_bastille0'],
    ]],
    ['another tool moved both ends of epair0 and epair1 into its vnet jail (nothing on the host shows them)', [
      ['jail', '-c', 'name=router', 'path=/jails/router', 'vnet', 'persist'],
      ['ifconfig', 'epair', 'create'], ['ifconfig', 'epair', 'create'],
      ['ifconfig', 'epair0a', 'vnet', 'router'], ['ifconfig', 'epair0b', 'vnet', 'router'],
      ['ifconfig', 'epair1a', 'vnet', 'router'], ['ifconfig', 'epair1b', 'vnet', 'router'],
    ]],
  ] as [string, string[][]][]) {
    it(`${what}: vnet.yaml goes up, converges and comes down around them`, async () => {
      const box = new Sandbox('vnet');
      try {
        await onHost(box, setup);
        const before = epairs(box);
        const up = await box.klee(['up', '-H', box.host()]);
        expect(up.stderr).toBe('');
        expect(up.code).toBe(0);
        const ours = epairs(box).filter((e) => e.description?.startsWith('klee:')); // the labelled a side
        expect(ours).toHaveLength(1);
        expect(before.some((b) => b.unit === ours[0].unit)).toBe(false); // a unit nobody held
        expect(epairs(box).filter((e) => e.unit !== ours[0].unit)).toEqual(before); // theirs untouched
        expect((await box.klee(['plan', '--detailed-exitcode', '-H', box.host()])).code).toBe(0);
        expect((await box.klee(['down', '-H', box.host()])).code).toBe(0);
        expect(epairs(box)).toEqual(before);
      } finally {
        box.remove();
      }
    });
  }
});
