// One 'abort' listener per signal, however many commands run under it: the probe starts its commands at once, and a
// listener each (execa's cancelSignal) put 11 on one signal, past Node's limit of 10 (MaxListenersExceededWarning).

/** The callbacks waiting on each signal; the signal's single listener calls them all. */
const waiting = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * A signal of its own for one command, aborted when `signal` is: its listener is the only one on `signal`, shared by
 * every command. Call `done()` when the command has ended, so that finished commands are not kept.
 */
export function commandSignal(signal: AbortSignal | undefined): { signal?: AbortSignal; done(): void } {
  if (!signal) return { done() {} };
  const own = new AbortController();
  if (signal.aborted) {
    own.abort(signal.reason);
    return { signal: own.signal, done() {} };
  }
  let set = waiting.get(signal);
  if (!set) {
    const callbacks = new Set<() => void>();
    set = callbacks;
    waiting.set(signal, callbacks);
    signal.addEventListener('abort', () => {
      for (const f of [...callbacks]) f();
      callbacks.clear();
    }, { once: true });
  }
  const abort = () => own.abort(signal.reason);
  set.add(abort);
  return { signal: own.signal, done: () => set!.delete(abort) };
}
