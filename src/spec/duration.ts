// compose's durations (stop_grace_period, healthcheck interval/timeout/start_period): Go's time.ParseDuration form,
// a sequence of decimal numbers each with a unit: "10s", "1m30s", "1.5s", "500ms", "2h".

const UNIT_S: Record<string, number> = { ns: 1e-9, us: 1e-6, 'µs': 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** The longest `pwait -t` takes, in seconds: bin/pwait/pwait.c refuses more ("timeout value", EX_DATAERR). */
export const PWAIT_MAX_S = 100_000_000;

/** Seconds of a compose duration, or undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  if (!/^(\d+(\.\d+)?|\.\d+)(ns|us|µs|ms|s|m|h)((\d+(\.\d+)?|\.\d+)(ns|us|µs|ms|s|m|h))*$/.test(text)) return text === '0' ? 0 : undefined;
  let total = 0;
  for (const m of text.matchAll(/(\d+(?:\.\d+)?|\.\d+)(ns|us|µs|ms|s|m|h)/g)) total += Number(m[1]) * UNIT_S[m[2]];
  return total;
}

/**
 * Seconds as the shortest plain number FreeBSD's tools take (pwait -t, timeout, sleep accept decimals), to the
 * millisecond. A positive time is never "0": `pwait -t 0` and `timeout 0` arm no timer and wait without limit
 * (bin/pwait/pwait.c, usr.bin/timeout/timeout.c set_interval: setitimer(2) with a zero it_value), so it is at least 0.001.
 */
export function secondsArg(s: number): string {
  const ms = Math.round(s * 1000) / 1000;
  return String(s > 0 && ms === 0 ? 0.001 : ms);
}
