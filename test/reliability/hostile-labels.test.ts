// Hostile labels (issue 14.9): a klee label is trusted only on a clone of the kind klee makes for it (a lo or bridge for
// a network, an epair a side for a container's endpoint), written exactly as klee writes it. Every interface kind of
// the simulated host carries, in turn, the project's labels and garbage that looks like them (control characters,
// a newline that prints further lines, other shapes); `up` and `down` must leave that interface exactly as it was.
import { describe, expect, it } from 'vitest';
import { openHost } from '../../src/host/open.js';
import { Sandbox } from '../e2e/helpers.js';
import { figure } from './harness.js';

const PROJECT = 'vnet-demo'; // examples/vnet.yaml: bridge network testnet, containers webservice (ipnet), vpnservice (vnet)

/** The interfaces of a fresh host plus a user's own clones of each kind klee makes. */
const TARGETS = ['em0', 'lo0', 'pflog0', 'userlo', 'userbr', 'epair0a', 'epair0b'] as const;
type Target = (typeof TARGETS)[number];
/** Clones of the kind a label claims: there the label IS the proof of ownership (klee may adopt them). */
const fits = (t: Target, label: string) =>
  (/^klee:vnet-demo:[a-z]+$/.test(label) && (t === 'userlo' || t === 'userbr')) || (label === `klee:${PROJECT}:vpnservice:testnet` && t === 'epair0a');

const LABELS = [
  `klee:${PROJECT}:testnet`, // the file's network
  `klee:${PROJECT}:old`, // a network no longer in the file (planned for removal when trusted)
  `klee:${PROJECT}:vpnservice:testnet`, // a container's endpoint
  `klee:${PROJECT}:test\tnet`, // a tab inside
  `klee:${PROJECT}:testnet x`, // a space
  `klee:${PROJECT}:old\u0007`, // a control character (BEL)
  `klee:${PROJECT}:old\u001b[2J`, // an escape sequence
  `klee:Vnet-demo:testnet`, // not a project name
  `klee:${PROJECT}::testnet`, // an empty part
  `klee:${PROJECT}:old:x:y`, // another shape
  `klee:${PROJECT}:old\n\tgroups: bridge`, // a newline printing a forged groups line
  `klee:${PROJECT}:old\n\tid 00:00:00:00:00:00 priority 32768 hellotime 2 fwddelay 15\n\tgroups: bridge`, // a forged bridge block
  `x\nkleene9: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> metric 0 mtu 1500\n\tdescription: klee:${PROJECT}:old\n\tgroups: bridge`, // a phantom interface
  `x\nem0: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> metric 0 mtu 1500\n\tdescription: klee:${PROJECT}:old\n\tgroups: bridge`, // a phantom named like a real one
];

async function crowd(box: Sandbox, target: Target, label: string): Promise<void> {
  const host = await openHost(box.host());
  const run = async (...argv: string[]) => {
    const r = await host.run(argv);
    if (r.exitCode !== 0) throw new Error(`${argv.join(' ')}: ${r.stderr}`);
  };
  await run('ifconfig', 'lo', 'create', 'name', 'userlo', 'up');
  await run('ifconfig', 'bridge', 'create', 'name', 'userbr', 'up');
  await run('ifconfig', 'epair', 'create', 'up');
  await run('ifconfig', target, 'description', label);
  await host.close();
}

/** The target interface as the simulator holds it (its whole record). */
const record = (box: Sandbox, target: Target) => JSON.stringify((box.state().interfaces as any[]).find((i) => i.name === target && i.vnet === 0));

describe('hostile labels: a label klee cannot trust never makes an interface klee\'s', () => {
  it('a control character in a description stops the probe, naming the interface', async () => {
    const box = new Sandbox('vnet');
    try {
      await crowd(box, 'userlo', `klee:${PROJECT}:testnet\u0007`);
      const plan = await box.klee(['plan', '-H', box.host()]);
      expect([plan.code, plan.stderr.split('\n')[0]]).toEqual([1, expect.stringMatching(/^klee: cannot trust the host's interfaces: `ifconfig -a` printed binary garbage \(character U\+0007\) at line \d+ in the description of userlo$/)]);
    } finally {
      box.remove();
    }
  });

  it('every interface kind with every label and garbage: up and down leave it as it was', { timeout: 120_000 }, async () => {
    let tried = 0;
    let refused = 0;
    const bad: string[] = [];
    for (const target of TARGETS) {
      for (const label of LABELS) {
        if (fits(target, label)) continue;
        tried++;
        const box = new Sandbox('vnet');
        try {
          await crowd(box, target, label);
          const before = record(box, target);
          const up = await box.klee(['up', '-H', box.host()]);
          const down = await box.klee(['down', '-H', box.host()]);
          const what = `${target} ${JSON.stringify(label)}`;
          if (up.code !== 0) {
            // Only a probe that refuses the capture may stop it (a control character, a line printed twice).
            if (!/cannot trust the host's interfaces/.test(up.stderr)) bad.push(`${what}: up failed: ${up.stderr.slice(0, 300)}`);
            else refused++;
          }
          if (/^ {4}at /m.test(up.stderr + down.stderr)) bad.push(`${what}: stack trace`);
          if (record(box, target) !== before) bad.push(`${what}: changed: ${before} -> ${record(box, target)}`);
        } finally {
          box.remove();
        }
      }
    }
    figure('hostile: labels', tried - bad.length, tried, `interfaces of every kind carrying a label klee cannot trust were left as they were by up and down (${refused} captures refused by the probe)`);
    expect(bad).toEqual([]);
  });

  it('em0 labelled as the project\'s network: the plan warns and never destroys em0 (it planned `ifconfig em0 destroy`)', async () => {
    const box = new Sandbox('vnet');
    try {
      await crowd(box, 'em0', `klee:${PROJECT}:old`);
      const plan = await box.klee(['plan', '--json', '-H', box.host()]);
      expect(plan.code).toBe(0);
      const p = JSON.parse(plan.stdout);
      expect(p.actions.flatMap((a: any) => a.commands).filter((c: string[]) => c.includes('em0') && c[0].endsWith('ifconfig') && !c.includes('alias'))).toEqual([]);
      expect(p.warnings).toContain('probe: interface em0 carries the klee label "klee:vnet-demo:old", but is a physical interface, not a cloned lo or bridge klee could have made: it is not klee\'s, and is never touched');
      expect((await box.klee(['up', '-H', box.host()])).code).toBe(0);
      const down = await box.klee(['down', '--dry-run', '-H', box.host()]);
      expect([down.code, down.stdout]).toEqual([0, expect.stringMatching(/ifconfig kleene0 destroy/)]);
      expect(down.stdout).not.toMatch(/em0/);
    } finally {
      box.remove();
    }
  });
});
