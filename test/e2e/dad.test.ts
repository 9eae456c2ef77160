// An IPv6 address whose duplicate address detection failed stays on its interface flagged `duplicated`
// (sys/netinet6/nd6_nbr.c nd6_dad_duplicated) and is never used: probe and plan say so, for a bridge gateway, an
// ipnet container's alias and a vnet container's own address.
import { describe, expect, it } from 'vitest';
import { Sandbox } from './helpers.js';

describe('addresses rejected by duplicate address detection', () => {
  it('dualstack: the gateway, the ipnet alias and the vnet address are reported by plan and probe, not shown as healthy', async () => {
    const box = new Sandbox('dualstack');
    try {
      // another node on the link has the gateway, the router's address and the first free one (app's)
      const up = await box.klee(['up', '-H', box.host('dad-fail=fd00:8::1,fd00:8::10,fd00:8::2')]);
      expect(up.code).toBe(0);
      const plan = await box.klee(['plan', '--json', '-H', box.host()]);
      const warnings = JSON.parse(plan.stdout).warnings as string[];
      expect(warnings.filter((w) => w.includes('duplicate address detection'))).toEqual([
        'address fd00:8::1 on kleene0 (network "dual") failed duplicate address detection (duplicated): another node on the link has it, so this host never uses it',
        'address fd00:8::2 on kleene0 (container "app") failed duplicate address detection (duplicated): another node on the link has it, so this host never uses it',
        'address fd00:8::10 on epair0b inside jail dualstack_router (container "router") failed duplicate address detection (duplicated): another node on the link has it, so this host never uses it',
      ]);
      const probe = await box.klee(['probe', '-H', box.host()]);
      expect(probe.stdout).toContain('kleene0 (bridge)  10.8.0.1/24 10.8.0.2/32 fd00:8::1/64 (duplicated) fd00:8::2/128 (duplicated)');
      expect(probe.stdout.match(/^ {2}unusable: address /gm)).toHaveLength(3);
    } finally {
      box.remove();
    }
  });

  it('without a failure nothing is reported', async () => {
    const box = new Sandbox('dualstack');
    try {
      expect((await box.klee(['up', '-H', box.host()])).code).toBe(0);
      const plan = await box.klee(['plan', '--json', '-H', box.host()]);
      expect((JSON.parse(plan.stdout).warnings as string[]).some((w) => w.includes('duplicate'))).toBe(false);
    } finally {
      box.remove();
    }
  });
});
