// openHost dispatches sim: URIs to the simulator.
import { expect, it } from 'vitest';
import { openHost } from '../../src/host/open.js';
import { tmpState } from './helpers.js';

it('openHost("sim:PATH") opens the simulator', async () => {
  const h = await openHost(`sim:${tmpState()}?latency=0`);
  expect(h.kind).toBe('sim');
  expect((await h.run(['uname', '-sr'])).stdout).toBe('FreeBSD 14.1-RELEASE\n');
});
