// FreeBSD's signals: numbers and names (sys/sys/signal.h, the order `kill -l` prints them) and their default actions
// (signal(3) "Default action" table).

/** Names without "SIG", index + 1 = the number (sys/sys/signal.h: SIGHUP 1 ... SIGUSR2 31). */
const NAMES = ['HUP', 'INT', 'QUIT', 'ILL', 'TRAP', 'ABRT', 'EMT', 'FPE', 'KILL', 'BUS', 'SEGV', 'SYS', 'PIPE', 'ALRM', 'TERM', 'URG', 'STOP', 'TSTP', 'CONT', 'CHLD', 'TTIN', 'TTOU', 'IO', 'XCPU', 'XFSZ', 'VTALRM', 'PROF', 'WINCH', 'INFO', 'USR1', 'USR2'];

/** SIGKILL and SIGTERM, the two the process model cares most about. */
export const SIGKILL = 9;
export const SIGTERM = 15;

/** The number of a signal given as `TERM`, `SIGTERM`, `term` or `15` (bin/kill, bin/pkill: strcasecmp on sys_signame, "SIG" optional); undefined when unknown. */
export function signalNumber(s: string): number | undefined {
  if (/^\d+$/.test(s)) {
    const n = Number(s);
    return n >= 0 && n <= NAMES.length ? n : undefined;
  }
  const name = s.toUpperCase().replace(/^SIG/, '');
  const i = NAMES.indexOf(name);
  return i < 0 ? undefined : i + 1;
}

/** The name of a signal number without "SIG" (TERM), or the number as text. */
export function signalName(n: number): string {
  return NAMES[n - 1] ?? String(n);
}

/**
 * Whether a signal's default action ends the process (signal(3): "terminate process" or "create core image").
 * URG, CHLD, WINCH, INFO and CONT are discarded; STOP, TSTP, TTIN and TTOU stop it, which the model does not keep
 * (the process goes on), so they end nothing here either.
 */
export function terminatesByDefault(n: number): boolean {
  return n !== 0 && ![16, 17, 18, 19, 20, 21, 22, 28, 29].includes(n);
}
