// FreeBSD's signals for the simulator: the names and numbers of src/spec/signals.ts and their default actions
// (signal(3) "Default action" table).

export { signalName, signalNumber } from '../../spec/signals.js';

/** SIGKILL and SIGTERM, the two the process model cares most about. */
export const SIGKILL = 9;
export const SIGTERM = 15;

/**
 * Whether a signal's default action ends the process (signal(3): "terminate process" or "create core image").
 * URG, CHLD, WINCH, INFO and CONT are discarded; STOP, TSTP, TTIN and TTOU stop it, which the model does not keep
 * (the process goes on), so they end nothing here either.
 */
export function terminatesByDefault(n: number): boolean {
  return n !== 0 && ![16, 17, 18, 19, 20, 21, 22, 28, 29].includes(n);
}
