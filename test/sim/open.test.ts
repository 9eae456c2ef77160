// openHost dispatches sim: URIs to the simulator.
import { expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { openHost } from '../../src/host/open.js';
import { tmpState } from './helpers.js';

it('openHost("sim:PATH") opens the simulator', async () => {
  const h = await openHost(`sim:${tmpState()}?latency=0`);
  expect(h.kind).toBe('sim');
  expect((await h.run(['uname', '-sr'])).stdout).toBe('FreeBSD 14.3-RELEASE\n');
});

it('names from argv never reach Object.prototype: sysctl, tail and pfctl -a treat them as unknown (a fresh state and one parsed from its file)', async () => {
  const path = tmpState();
  for (const reread of [false, true]) {
    const h = await openHost(`sim:${path}`);
    if (reread) writeFileSync(path, `${readFileSync(path, 'utf8')} `); // other bytes: the next command parses the file
    for (const n of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect((await h.run(['sysctl', n])).stderr, n).toBe(`sysctl: unknown oid '${n}'\n`);
      expect((await h.run(['tail', '-n', '1', n])).stderr, n).toBe(`tail: ${n}: No such file or directory\n`);
      expect((await h.run(['pfctl', '-a', n, '-s', 'rules'])).stdout, n).toBe('');
    }
  }
});
