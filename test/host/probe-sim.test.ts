// The probe against the simulated host (sim:PATH): what klee created is read back without warnings.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { openHost } from '../../src/host/open.js';
import { probe } from '../../src/host/probe.js';
import { ownership } from '../../src/host/ownership.js';

it('probe reads back a bridge network, its gateway and a labelled epair from sim:PATH', async () => {
  const h = await openHost(`sim:${join(mkdtempSync(join(tmpdir(), 'klee-sim-')), 'host.json')}`);
  try {
    for (const argv of [
      ['ifconfig', 'bridge', 'create', 'name', 'kleene1', 'description', 'klee:web:backend', 'up'],
      ['ifconfig', 'kleene1', 'inet', '10.4.6.1/24', 'alias'],
      ['ifconfig', 'epair0', 'create', 'description', 'klee:web:db:backend', 'up'],
      ['ifconfig', 'kleene1', 'addm', 'epair0a'],
    ]) expect((await h.run(argv)).exitCode).toBe(0);
    const s = await probe(h, { project: 'web' });
    expect(s.warnings).toEqual([]);
    const k = s.interfaces.find((i) => i.name === 'kleene1')!;
    expect(k).toMatchObject({ kind: 'bridge', description: 'klee:web:backend', members: ['epair0a'], inet: [{ address: '10.4.6.1', prefixlen: 24 }] });
    const o = ownership(s, 'web');
    expect(o.networks.map((n) => [n.network, n.interface])).toEqual([['backend', 'kleene1']]);
    expect(o.epairs.map((e) => [e.container, e.name, e.peer, e.bridge])).toEqual([['db', 'epair0a', 'epair0b', 'kleene1']]);
  } finally {
    await h.close();
  }
});
