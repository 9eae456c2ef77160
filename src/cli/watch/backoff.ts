// Exponential back-off, shared by the reconcile loop's failed passes and its restarts of unhealthy containers: pure.

/** The first delay and the longest one, in milliseconds. */
export interface Backoff {
  baseMs: number;
  capMs: number;
}

/** A failed pass is retried after 5 s, 10 s, 20 s ... up to 5 min (controller-runtime requeues failed work likewise). */
export const PASS_BACKOFF: Backoff = { baseMs: 5_000, capMs: 300_000 };

/** A container restarted for its health waits 10 s, 20 s, 40 s ... up to 5 min before the next restart (Kubernetes' CrashLoopBackOff). */
export const RESTART_BACKOFF: Backoff = { baseMs: 10_000, capMs: 300_000 };

/** The delay before attempt `n + 1` after `n` consecutive failures (n >= 1): base, doubling, capped. */
export function backoffDelay(n: number, b: Backoff): number {
  if (n < 1) return 0;
  // 2 ** 30 is far past any cap; stopping there keeps the number finite for a loop that failed for years.
  return Math.min(b.capMs, b.baseMs * 2 ** Math.min(n - 1, 30));
}
