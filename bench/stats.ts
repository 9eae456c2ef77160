// Timing helpers for the benchmarks: warm-up, repetitions, medians, ratios and number formatting.
import { performance } from 'node:perf_hooks';

/** The median of a non-empty list. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Median wall time in ms of fn after `warmup` unmeasured runs (synchronous work). */
export function timeSync(fn: () => unknown, reps = 7, warmup = 2): number {
  for (let i = 0; i < warmup; i++) fn();
  const xs: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    fn();
    xs.push(performance.now() - t);
  }
  return median(xs);
}

/** Median wall time in ms of an async fn after `warmup` unmeasured runs. */
export async function timeAsync(fn: () => Promise<unknown>, reps = 5, warmup = 1): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const xs: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    await fn();
    xs.push(performance.now() - t);
  }
  return median(xs);
}

/** A number of ms for the table: 3 significant digits, no exponent. */
export function ms(x: number): string {
  if (x >= 100) return `${Math.round(x)} ms`;
  if (x >= 10) return `${x.toFixed(1)} ms`;
  return `${x.toFixed(2)} ms`;
}

/** A ratio for the table, e.g. "9.6×". */
export function ratio(x: number): string {
  return `${x >= 10 ? x.toFixed(0) : x.toFixed(2)}×`;
}
