// FreeBSD's signal names and numbers (sys/sys/signal.h, the order `kill -l` prints them), for stop_signal and the
// simulator.

/** Names without "SIG"; index + 1 = the number (SIGHUP 1 ... SIGUSR2 31). */
const SIGNAL_NAMES = ['HUP', 'INT', 'QUIT', 'ILL', 'TRAP', 'ABRT', 'EMT', 'FPE', 'KILL', 'BUS', 'SEGV', 'SYS', 'PIPE', 'ALRM', 'TERM', 'URG', 'STOP', 'TSTP', 'CONT', 'CHLD', 'TTIN', 'TTOU', 'IO', 'XCPU', 'XFSZ', 'VTALRM', 'PROF', 'WINCH', 'INFO', 'USR1', 'USR2'];

/** The number of a signal given as `TERM`, `SIGTERM`, `term` or `15` (bin/kill, bin/pkill: strcasecmp on sys_signame, "SIG" optional); undefined when unknown. */
export function signalNumber(s: string): number | undefined {
  if (/^\d+$/.test(s)) {
    const n = Number(s);
    return n >= 0 && n <= SIGNAL_NAMES.length ? n : undefined;
  }
  const i = SIGNAL_NAMES.indexOf(s.toUpperCase().replace(/^SIG/, ''));
  return i < 0 ? undefined : i + 1;
}

/** The name of a signal number without "SIG" (TERM), or the number as text. */
export function signalName(n: number): string {
  return SIGNAL_NAMES[n - 1] ?? String(n);
}
