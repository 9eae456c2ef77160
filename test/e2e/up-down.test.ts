// Every example goes up, converges (plan says nothing to do), is reachable as the file says, and comes down to a fresh
// host: on each FreeBSD release the simulator models (13.x and 14.1 without the `meta` jail parameter, 14.3 and 15.0
// with it: kern_jailmeta.c).
import { afterEach, describe, expect, it } from 'vitest';
import { afterDown, attachment, comparable, events, exampleNames, freshState, Sandbox, type PsRow } from './helpers.js';

const boxes: Sandbox[] = [];
afterEach(() => { while (boxes.length) boxes.pop()!.remove(); });
const sandbox = (example?: string) => { const b = new Sandbox(example); boxes.push(b); return b; };

describe('examples exist', () => {
  it('finds the examples', () => {
    expect(exampleNames()).toEqual(expect.arrayContaining(['ipnet', 'vnet']));
  });
});

/** The releases every example is proven on. */
const RELEASES = ['13.5', '14.1', '14.3', '15.0'];

describe.each(exampleNames())('example %s on a simulated host', (example) => {
  it.each(RELEASES)('FreeBSD %s: goes up, converges, is listed by ps, and comes down to a fresh host', async (release) => {
    const box = sandbox(example);
    const H = ['-H', box.host(`version=${release}`)];
    const up = await box.klee(['up', '--json', ...H]);
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    const ev = events(up.stdout);
    expect(ev.at(-1)).toMatchObject({ event: 'done', ok: true, interrupted: false });
    expect(ev.at(-1)!.counts.ok).toBe(ev[0].actions.length);

    const plan = await box.klee(['plan', '--detailed-exitcode', ...H]);
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    const again = await box.klee(['up', ...H]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^Nothing to do: /);

    const ps = JSON.parse((await box.klee(['ps', '-a', '--json', ...H])).stdout) as (PsRow & { state: string; exitCode: number | null })[];
    expect(ps.length).toBeGreaterThan(0);
    // Reachability: every endpoint's address is configured where ps says, and all endpoints of one
    // network meet on the same host interface (the loopback/custom interface, or the bridge).
    const meet = new Map<string, Set<string>>();
    for (const c of ps) {
      // a program runs, or it was a one-shot that completed (examples ipnet: ifconfig; services: the migration)
      expect([c.name, c.state === 'running' || (c.state === 'exited' && c.exitCode === 0)]).toEqual([c.name, true]);
      expect(typeof c.jid).toBe('number');
      for (const n of c.networks) {
        expect(n.ip ?? n.ip6).not.toBeNull();
        meet.set(n.network, (meet.get(n.network) ?? new Set()).add(attachment(box.state(), c, n)));
      }
    }
    for (const [network, at] of meet) expect([network, at.size]).toEqual([network, 1]);

    const down = await box.klee(['down', ...H]);
    expect(down.code, down.stdout + down.stderr).toBe(0);
    const fresh = await freshState(`version=${release}`);
    expect(afterDown(box.state(), fresh)).toEqual(comparable(fresh));

    const twice = await box.klee(['down', ...H]);
    expect(twice.code).toBe(0);
    expect(twice.stdout).toMatch(/^Nothing to remove: project \S+ owns nothing on /);
  });
});

describe('reachability facts of the seeds\' walk-throughs', () => {
  it('ipnet: two containers get 10.2.3.1 and 10.2.3.2 on the loopback network kleene0 (seeds/003)', async () => {
    const box = sandbox('ipnet');
    expect((await box.klee(['up', '-H', box.host()])).code).toBe(0);
    const ps = JSON.parse((await box.klee(['ps', '-a', '--json', '-H', box.host()])).stdout);
    expect(ps.map((c: any) => [c.name, c.driver, c.networks])).toEqual([
      ['first', 'ipnet', [{ network: 'testnet', ip: '10.2.3.1', ip6: null, interface: 'kleene0' }]],
      ['second', 'ipnet', [{ network: 'testnet', ip: '10.2.3.2', ip6: null, interface: 'kleene0' }]],
    ]);
    const kleene0 = (box.state().interfaces as any[]).find((i) => i.name === 'kleene0' && i.vnet === 0);
    expect(kleene0.kind).toBe('loopback');
    expect(kleene0.inet.map((a: any) => a.address).sort()).toEqual(['10.2.3.1', '10.2.3.2']);
  });

  it('vnet: the bridge carries the gateway 10.4.6.1, the vnet jail 10.4.6.3 behind epair0 routes via it', async () => {
    const box = sandbox('vnet');
    expect((await box.klee(['up', '-H', box.host()])).code).toBe(0);
    const st = box.state() as any;
    const bridge = st.interfaces.find((i: any) => i.name === 'kleene0' && i.vnet === 0);
    expect(bridge.kind).toBe('bridge');
    expect(bridge.inet).toEqual(expect.arrayContaining([expect.objectContaining({ address: '10.4.6.1', prefixlen: 24 })]));
    expect(bridge.members).toEqual(['epair0a']);
    const jail = st.jails.find((j: any) => j.name === 'vnet-demo_vpnservice');
    const b = st.interfaces.find((i: any) => i.name === 'epair0b');
    expect(b.vnet).toBe(jail.jid);
    expect(b.inet).toEqual([expect.objectContaining({ address: '10.4.6.3', prefixlen: 24 })]);
    expect(jail.routes.inet).toBe('10.4.6.1');
  });
});
