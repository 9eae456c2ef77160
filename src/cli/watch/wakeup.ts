// What cuts the reconcile loop's sleep short: the file changed, SIGHUP (`service klee reload`), or a stop request.

/** Why a pass runs: the first one, its interval, a retry after a failure, the file changing, or SIGHUP. */
export type Trigger = 'start' | 'interval' | 'retry' | 'file' | 'signal';

/** A wake-up that remembers the first reason given since it was last taken, and ends the sleep waiting on it. */
export class Wakeup {
  private pending: Trigger | undefined;
  private current = new AbortController();

  /** Ask for a pass now (called from a file watcher or a signal handler). */
  trigger(why: Trigger): void {
    this.pending ??= why;
    this.current.abort();
  }

  /** The reason asked for since the last call, if any; afterwards a new sleep can be woken again. */
  take(): Trigger | undefined {
    const why = this.pending;
    this.pending = undefined;
    if (this.current.signal.aborted) this.current = new AbortController();
    return why;
  }

  /** The signal a sleep waits on: aborted by the next trigger (already aborted while one is pending). */
  get signal(): AbortSignal {
    return this.current.signal;
  }
}
