// A jail that something still holds after its removal is dying (sys/kern/kern_jail.c prison_deref): `jls -d` lists it,
// plain `jls` does not, and its name is free for a new jail. The probe reads dying jails (jls -d), `ps` shows them as
// dying, the plan says so and creates the container again; the new jail converges.
import { describe, expect, it } from 'vitest';
import { openHost } from '../../src/host/open.js';
import { Sandbox } from './helpers.js';

describe('dying jails', () => {
  it('vnet: a container whose jail is dying shows as dying in ps, the plan says so and creates it, the new jail converges', async () => {
    const box = new Sandbox('vnet');
    try {
      expect((await box.klee(['up', '-H', box.host()])).code).toBe(0);
      const host = await openHost(box.host('dying=vnet-demo_vpnservice'));
      try {
        expect((await host.run(['jail', '-r', 'vnet-demo_vpnservice'])).exitCode).toBe(0); // removed by hand, still held
      } finally {
        await host.close();
      }
      const ps = JSON.parse((await box.klee(['ps', '--json', '-H', box.host()])).stdout) as { name: string; state: string; jid: number | null }[];
      expect(ps.find((r) => r.name === 'vpnservice')).toMatchObject({ state: 'dying' });
      const plan = JSON.parse((await box.klee(['plan', '--json', '-H', box.host()])).stdout);
      expect(plan.warnings).toContain('jail "vnet-demo_vpnservice" is dying (being removed by the kernel); it is planned as absent');
      expect(plan.actions.map((a: { op: string; id: string }) => `${a.op} ${a.id}`)).toEqual(['create container:vpnservice']);
      expect((await box.klee(['up', '-H', box.host()])).code).toBe(0);
      const after = JSON.parse((await box.klee(['ps', '--json', '-H', box.host()])).stdout) as { name: string; state: string }[];
      expect(after.find((r) => r.name === 'vpnservice')).toMatchObject({ state: 'running' });
      expect((await box.klee(['plan', '--detailed-exitcode', '-H', box.host()])).code).toBe(0);
      expect((await box.klee(['down', '-H', box.host()])).code).toBe(0);
    } finally {
      box.remove();
    }
  });
});
