// Part 5, foreign resources: on a host that already holds a user's own kleene0, a bridge with foreign members,
// aliases on em0, jails made by other tools (one named like ours) and another klee project, every example's up,
// edit and down leave every foreign resource byte-for-byte as it was; collisions are refused with an error naming
// the culprit, exit 1, and no changing command run (the state file is untouched).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { openHost } from '../../src/host/open.js';
import { parseJailMeta } from '../../src/host/labels.js';
import { events, EXAMPLES, exampleNames, Sandbox } from '../e2e/helpers.js';
import { editExample } from './example-edit.js';
import { figure, writeFile } from './harness.js';
import { halfMade } from './invariants.js';
import { upConverges } from './lifecycle.js';

const example = (e: string) => readFileSync(join(EXAMPLES, `${e}.yaml`), 'utf8');
const projectOf = (text: string) => (parse(text) as any).name as string;

/** Build the foreign host in box's sim state: commands a user or other tools ran, and another klee project's up. */
async function foreignHost(box: Sandbox, project: string): Promise<void> {
  const host = await openHost(box.host());
  const run = async (...argv: string[]) => {
    const r = await host.run(argv);
    if (r.exitCode !== 0) throw new Error(`${argv.join(' ')}: ${r.stderr}`);
  };
  try {
    await run('ifconfig', 'lo', 'create', 'name', 'kleene0', 'up'); // the user's own kleene0, no label
    await run('ifconfig', 'kleene0', 'inet', '172.16.9.1/32', 'alias');
    await run('ifconfig', 'bridge', 'create', 'name', 'br0', 'description', 'vnet-webserver', 'up'); // another tool's label
    await run('ifconfig', 'epair', 'create', 'up'); // epair0a/epair0b, a member of br0
    await run('ifconfig', 'br0', 'addm', 'epair0a');
    await run('ifconfig', 'em0', 'inet', '192.168.1.200/32', 'alias'); // the user's alias inside custom.yaml's subnet
    await run('ifconfig', 'em0', 'inet6', 'fd00:99::5/128', 'alias');
    await run('jail', '-c', 'name=other', 'path=/jails/other', 'host.hostname=other', 'persist', 'ip4.addr=em0|192.168.1.201/32');
    await run('jail', '-c', `name=${project}_ghost`, 'path=/jails/ghost', 'persist'); // named like ours, no klee meta
  } finally {
    await host.close();
  }
  // Another klee project on the same host.
  const other = project === 'ipnet-demo' ? 'vnet' : 'ipnet';
  const o = new Sandbox(other);
  try {
    const r = await o.klee(['up', '-H', box.host()]);
    if (r.code !== 0) throw new Error(`other project's up: ${r.stderr}`);
  } finally {
    o.remove();
  }
}

/**
 * The foreign parts of a state: every interface, jail, mount, pf anchor and dataset that the project does not own,
 * as JSON; a shared interface (em0) keeps only the addresses no jail of the project holds (our custom-network
 * aliases come and go on it).
 */
function foreignParts(state: Record<string, any>, project: string): Record<string, string> {
  const ourJails = (state.jails as any[]).filter((j) => j.name.startsWith(`${project}_`) && parseJailMeta(j.params.meta)?.project === project);
  const ourAddrs = new Set(ourJails.flatMap((j) => [...j.ip4, ...j.ip6]));
  const ours = (i: any) => String(i.description ?? '').startsWith(`klee:${project}:`) ||
    (state.interfaces as any[]).some((p) => p.name === i.peer && String(p.description ?? '').startsWith(`klee:${project}:`)) ||
    ourJails.some((j) => j.jid === i.vnet);
  const out: Record<string, string> = {};
  for (const i of state.interfaces as any[]) {
    if (ours(i)) continue;
    const { index: _i, ...rest } = i;
    out[`if ${i.vnet}/${i.name}`] = JSON.stringify({ ...rest, inet: i.inet.filter((a: any) => !ourAddrs.has(a.address)), inet6: i.inet6.filter((a: any) => !ourAddrs.has(a.address)) });
  }
  for (const j of state.jails as any[]) if (!ourJails.includes(j)) out[`jail ${j.name}`] = JSON.stringify(j);
  const ourRoots = ourJails.map((j) => j.path);
  for (const m of state.mounts as string[]) if (!ourRoots.some((r) => m.split(' ')[2].startsWith(`${r}/`))) out[`mount ${m}`] = m;
  for (const [a, v] of Object.entries(state.pf.anchors)) if (a !== `klee/${project}`) out[`pf ${a}`] = JSON.stringify(v);
  for (const d of state.datasets as any[]) out[`ds ${d.name}`] = JSON.stringify(d);
  return out;
}

describe('foreign resources are never touched', () => {
  let steps = 0;
  let intact = 0;
  it.each(exampleNames())('example %s: up, edit and down on a crowded host keep every foreign resource as it was', async (name) => {
    const text = example(name);
    const project = projectOf(text);
    const box = new Sandbox(name);
    try {
      await foreignHost(box, project);
      const base = box.state();
      const before = foreignParts(base, project);
      expect(Object.keys(before).length).toBeGreaterThan(8);
      const check = (step: string) => {
        steps++;
        expect([step, foreignParts(box.state(), project)]).toEqual([step, before]);
        intact++;
      };
      await upConverges(box, text, `${name} up`, base);
      check('up');
      const edited = editExample(text);
      writeFile(box, edited);
      await upConverges(box, edited, `${name} edit`, base);
      check('edit');
      const down = await box.klee(['down', '--remove-orphans', '-H', box.host()]);
      expect([down.code, down.stderr]).toEqual([0, '']);
      check('down');
      expect(halfMade(box.state(), base)).toEqual([]);
      // Nothing of the project is left; the user's kleene0 kept its name, so ours was auto-named around it.
      expect((box.state().interfaces as any[]).filter((i) => String(i.description ?? '').startsWith(`klee:${project}:`))).toEqual([]);
    } finally {
      box.remove();
    }
    if (name === exampleNames().at(-1)) figure('foreign', intact, steps, 'steps (up, edit, down of every example on a crowded host) left every foreign resource byte-for-byte intact');
  });
});

describe('collisions are refused before any change', () => {
  const cases: { what: string; example: string; text?: (t: string) => string; culprit: RegExp }[] = [
    { what: 'the file asks for interface kleene0, the user\'s own', example: 'ipnet', text: (t) => t.replace('type: loopback', 'type: loopback\n    interface: kleene0'), culprit: /kleene0/ },
    { what: 'a jail named like one of ours without klee meta', example: 'webapp', text: (t) => t, culprit: /webapp_db/ },
    { what: 'a static address that a foreign alias holds on em0', example: 'custom', text: (t) => t.replace('192.168.1.53', '192.168.1.200'), culprit: /192\.168\.1\.200/ },
    { what: 'a static address that a foreign jail holds', example: 'custom', text: (t) => t.replace('192.168.1.123', '192.168.1.201'), culprit: /192\.168\.1\.201/ },
  ];
  it.each(cases)('$what: exit 1, the culprit named, the state file byte-for-byte unchanged', async (c) => {
    const box = new Sandbox(c.example);
    try {
      const text = c.text!(example(c.example));
      writeFile(box, text);
      await foreignHost(box, projectOf(text));
      if (c.example === 'webapp') {
        const host = await openHost(box.host());
        await host.run(['jail', '-c', 'name=webapp_db', 'path=/srv/otherdb', 'persist']);
        await host.close();
      }
      const raw = readFileSync(box.simPath, 'utf8');
      const r = await box.klee(['up', '--json', '-H', box.host()]);
      expect(r.code).toBe(1);
      const said = r.stderr + r.stdout;
      expect(said).toMatch(c.culprit);
      expect(said).not.toMatch(/\n\s+at .*\.(js|ts):\d+/); // no stack trace
      expect(r.stdout === '' ? [] : events(r.stdout).filter((e) => e.event === 'command')).toEqual([]);
      expect(readFileSync(box.simPath, 'utf8')).toBe(raw);
      console.log(`reliability: collision refused: ${c.what}: ${r.stderr.trim().split('\n')[0]}`);
    } finally {
      box.remove();
    }
  });
});
