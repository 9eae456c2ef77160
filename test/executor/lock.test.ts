import { describe, expect, it } from 'vitest';
import { lockOwner, withProjectLock } from '../../src/executor/lock.js';
import { UserError } from '../../src/errors.js';
import { FakeHost } from './fake-host.js';

describe('project lock', () => {
  it('refuses a second run at once, naming the holder, and releases after the run', async () => {
    const host = new FakeHost();
    let inner: unknown;
    await withProjectLock(host, 'web', lockOwner('up'), async () => {
      inner = await withProjectLock(host, 'web', lockOwner('down'), async () => 'ran').catch((e) => e);
    });
    expect(inner).toBeInstanceOf(UserError);
    expect((inner as Error).message).toMatch(/^project "web" is locked on fake: by another klee run: .*klee up by /);
    expect(host.locks.size).toBe(0);
  });

  it('releases the lock when the run throws, and other projects are independent', async () => {
    const host = new FakeHost();
    await expect(withProjectLock(host, 'web', 'klee up', async () => {
      expect(await withProjectLock(host, 'db', 'klee up', async () => 'other project')).toBe('other project');
      throw new Error('boom');
    })).rejects.toThrow('boom');
    expect(host.locks.size).toBe(0);
  });
});
