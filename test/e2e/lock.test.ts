// One klee at a time per project and host: a concurrent up is refused at once, naming the holder.
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openHost } from '../../src/host/open.js';
import { events, Sandbox } from './helpers.js';

const boxes: Sandbox[] = [];
afterEach(() => { while (boxes.length) boxes.pop()!.remove(); });

describe('project lock on a simulated host', () => {
  it('refuses a second concurrent up on the same project; the first completes', async () => {
    const box = new Sandbox('ipnet');
    boxes.push(box);
    const slow = box.host('latency=30');
    const first = box.klee(['up', '--json', '-H', slow]);
    // Wait until the first run holds the lock (its file exists), however busy the machine is.
    const lockFile = `${box.simPath}.ipnet-demo.lock`;
    for (let i = 0; i < 500 && !existsSync(lockFile); i++) await new Promise((r) => setTimeout(r, 10));
    expect(existsSync(lockFile)).toBe(true);
    const t0 = Date.now();
    const second = await box.klee(['up', '-H', slow]);
    expect(Date.now() - t0).toBeLessThan(1000); // refused at once, not after waiting
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/^klee: project "ipnet-demo" is locked on sim:.* by another klee run: klee up by .*\(pid \d+ on /);
    const done = events((await first).stdout).at(-1)!;
    expect(done).toMatchObject({ event: 'done', ok: true });
    // Released: a later run takes it again and finds nothing to do.
    expect((await box.klee(['up', '-H', box.host()])).stdout).toMatch(/^Nothing to do/);
  });

  it('does not block another project on the same host, nor --dry-run of the same one', async () => {
    const box = new Sandbox('vnet');
    boxes.push(box);
    const host = await openHost(box.host());
    const lock = await host.acquireLock('ipnet-demo', 'a test holding another project');
    try {
      expect((await box.klee(['up', '-H', box.host()])).code).toBe(0);
      const held = await host.acquireLock('vnet-demo', 'a test holding this project');
      try {
        const dry = await box.klee(['down', '--dry-run', '-H', box.host()]);
        expect(dry.code).toBe(0);
        expect(dry.stdout).toContain('jail -r vnet-demo_vpnservice');
        const down = await box.klee(['down', '-H', box.host()]);
        expect(down.code).toBe(1);
        expect(down.stderr).toContain('a test holding this project');
      } finally {
        await held.release();
      }
      expect((await box.klee(['down', '-H', box.host()])).code).toBe(0);
    } finally {
      await lock.release();
      await host.close();
    }
  });
});
