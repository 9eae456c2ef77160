// Wake-ups of the reconcile loop: the first reason since the last take wins, and a sleep waiting on it ends.
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/cli/watch/clock.js';
import { Wakeup } from '../../../src/cli/watch/wakeup.js';

describe('Wakeup', () => {
  it('ends a sleep at once, keeps the first reason until taken, and can be woken again afterwards', async () => {
    const w = new Wakeup();
    expect(w.take()).toBeUndefined();
    const t0 = Date.now();
    const sleeping = systemClock.sleep(60_000, w.signal);
    w.trigger('file');
    w.trigger('signal');
    await sleeping;
    expect(Date.now() - t0).toBeLessThan(30_000);
    expect(w.take()).toBe('file');
    expect(w.take()).toBeUndefined();
    expect(w.signal.aborted).toBe(false);
    w.trigger('signal');
    expect([w.signal.aborted, w.take()]).toEqual([true, 'signal']);
  });
});
