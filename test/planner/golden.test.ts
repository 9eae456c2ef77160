// Golden files of `klee plan --commands` for every example on a fresh host and for drifted hosts.
// Regenerate with UPDATE_GOLDEN=1 and review every line against docs/commands.md before committing.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderPlan } from '../../src/cli/views/plan-human.js';
import type { HostState } from '../../src/host/types.js';
import { PlanError } from '../../src/planner/errors.js';
import { plan, planDown } from '../../src/planner/plan.js';
import type { Spec } from '../../src/spec/types.js';
import { freshHost, iface } from './builders.js';
import { exampleNames, EXAMPLES_DIR, loadExample } from './examples.js';
import { convergedSim } from './sim-apply.js';

const GOLDEN = join(import.meta.dirname, 'golden');

/**
 * Compare with the golden file. With UPDATE_GOLDEN a file that differs (or is missing) is rewritten and the test still
 * fails, naming it: an update is reviewed (git diff) and then confirmed by a run without UPDATE_GOLDEN, never passed.
 */
function golden(name: string, text: string): void {
  const file = join(GOLDEN, `${name}.txt`);
  const old = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  if (process.env.UPDATE_GOLDEN && old !== text) {
    writeFileSync(file, text);
    expect.fail(`${file} ${old === undefined ? 'written' : 'updated'}: review it (git diff), then run again without UPDATE_GOLDEN`);
  }
  expect(old, `${file} missing: run with UPDATE_GOLDEN=1 and review it`).toBeDefined();
  expect(text).toBe(old);
}

const render = (s: Spec, h: HostState, removeOrphans = false) => {
  try {
    const p = plan(s, h, { host: 'sim:/tmp/host.json', removeOrphans });
    return `${p.warnings.map((w) => `warning: ${w}\n`).join('')}${renderPlan(p, { commands: true, color: false })}`;
  } catch (e) {
    if (e instanceof PlanError) return `error: ${e.message}\n`;
    throw e;
  }
};
const converged = async (s: Spec) => (await convergedSim(s)).h;
const edit = (name: string, ...pairs: [from: string, to: string][]) => {
  let text = readFileSync(join(EXAMPLES_DIR, `${name}.yaml`), 'utf8');
  for (const [from, to] of pairs) {
    if (!text.includes(from)) throw new Error(`${name}.yaml has no "${from}"`);
    text = text.replace(from, to);
  }
  return loadExample(name, {}, text);
};

describe('golden plans on a fresh host', () => {
  for (const name of exampleNames()) it(name, () => golden(`${name}-fresh`, render(loadExample(name), freshHost())));
});

describe('golden plans on drifted hosts', () => {
  it('ipnet: an alias removed by hand while the jail runs', async () => {
    const s = loadExample('ipnet');
    const h = await converged(s);
    const k0 = h.interfaces.find((i) => i.name === 'kleene0')!;
    k0.inet = k0.inet.filter((a) => a.address !== '10.2.3.1');
    golden('ipnet-alias-removed', render(s, h));
  });

  it('vnet: a leaked epair of a container that is gone', async () => {
    const s = loadExample('vnet');
    const h = await converged(s);
    h.interfaces.push(iface('epair7a', { description: 'klee:vnet-demo:old:testnet', epairPeer: 'epair7b' }), iface('epair7b', { epairPeer: 'epair7a' }));
    h.interfaces.find((i) => i.name === 'kleene0')!.members.unshift('epair7a');
    golden('vnet-epair-leaked', render(s, h));
  });

  it('vnet: a jail stopped by hand (its epair is reused)', async () => {
    const s = loadExample('vnet');
    const { sim } = await convergedSim(s);
    await sim.run('jail', '-r', 'vnet-demo_vpnservice');
    golden('vnet-jail-stopped', render(s, await sim.state()));
  });

  it('ipnet: a foreign kleene0 on the host (auto name skips it)', () => {
    const h = freshHost();
    h.interfaces.push(iface('kleene0', { kind: 'loopback', groups: ['lo'] }));
    golden('ipnet-foreign-kleene0', render(loadExample('ipnet'), h));
  });

  it('ipnet: a foreign kleene0 the file asks for by name is an error', () => {
    const h = freshHost();
    h.interfaces.push(iface('kleene0', { kind: 'loopback', groups: ['lo'], description: 'my own loopback' }));
    golden('ipnet-foreign-kleene0-named', render(edit('ipnet', ['type: loopback ', 'interface: kleene0\n    type: loopback ']), h));
  });

  it('ipnet: subnet changed (network and its containers replaced)', async () => {
    const h = await converged(loadExample('ipnet'));
    golden('ipnet-subnet-changed', render(edit('ipnet', ['subnet: 10.2.3.0/24', 'subnet: 10.2.4.0/24']), h));
  });

  it('vnet: bridge subnet changed', async () => {
    const h = await converged(loadExample('dualstack'));
    golden('dualstack-subnet-changed', render(edit('dualstack', ['subnet: 10.8.0.0/24', 'subnet: 10.9.0.0/24'], ['ip: 10.8.0.10', 'ip: 10.9.0.10']), h));
  });

  it('webapp: a container removed from the file is an orphan, left as it is; with --remove-orphans it is removed', async () => {
    const h = await converged(loadExample('webapp'));
    const s = loadExample('webapp');
    s.containers = s.containers.filter((c) => c.name !== 'web');
    golden('webapp-container-orphaned', render(s, h));
    golden('webapp-container-removed', render(s, h, true));
  });

  it('ipnet: a jail removed by hand with `jail -r` (its alias and devfs stay: leaked alias removed, same address again)', async () => {
    const s = loadExample('ipnet');
    const { sim } = await convergedSim(s);
    await sim.run('jail', '-r', 'ipnet-demo_first');
    const after = await sim.state();
    expect(after.interfaces.find((i) => i.name === 'kleene0')!.inet.map((a) => a.address)).toContain('10.2.3.1');
    golden('ipnet-jail-removed-by-hand', render(s, after));
  });

  it('webapp: down on a converged host (stop, jail -r, umounts; no -alias on interfaces it destroys)', async () => {
    const h = await converged(loadExample('webapp'));
    golden('webapp-down', renderPlan(planDown('webapp', h, { host: 'sim:/tmp/host.json' }), { commands: true, color: false }));
  });

  it('custom: down removes the aliases on the user\'s em0 (never em0 itself)', async () => {
    const h = await converged(loadExample('custom'));
    golden('custom-down', renderPlan(planDown('lan', h, { host: 'sim:/tmp/host.json' }), { commands: true, color: false }));
  });

  it('webapp: an .env value changed', async () => {
    const h = await converged(loadExample('webapp'));
    golden('webapp-env-changed', render(loadExample('webapp', { APP_ENV: 'staging' }), h));
  });
});
