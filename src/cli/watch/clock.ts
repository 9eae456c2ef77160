// Time for the reconcile loop: the wall clock, or a test's own, so that the loop's timers are injectable.

/** Now, and a sleep that ends early when `wake` is aborted. */
export interface Clock {
  now(): number;
  sleep(ms: number, wake: AbortSignal): Promise<void>;
}

/** The process's clock (Date.now and setTimeout). */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, wake) => new Promise((resolve) => {
    if (wake.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      wake.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    wake.addEventListener('abort', done, { once: true });
  }),
};
