// Argument parsers shared by command definitions.
import { UserError } from '../../errors.js';
import { parseDuration } from '../../spec/duration.js';

/** A positive integer option value (--parallel, --tail). */
export function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UserError(`expected a positive integer, got "${v}"`);
  return n;
}

/** A duration option value in seconds (--wait-timeout 60s, 5m). */
export function durationSeconds(v: string): number {
  const s = parseDuration(v);
  if (s === undefined) throw new UserError(`expected a duration such as 60s or 5m, got "${v}"`);
  return s;
}
