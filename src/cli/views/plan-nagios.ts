// `klee plan --format nagios`: the drift check as a monitoring plugin, one line and the Nagios plugin API's exit code
// (0 OK: the host matches the file, 1 WARNING: drift, 3 UNKNOWN: no plan could be made). Pure.
import type { Plan } from '../../planner/types.js';
import { countChanges, planCounts, visibleActions } from './plan-summary.js';

/** The plugin API's statuses that the check uses. */
export const NAGIOS = { ok: 0, warning: 1, unknown: 3 } as const;

/** How many action ids the line names before "...". */
const NAMED = 5;

/** `KLEE OK - ...` or `KLEE WARNING - ... drift: ...`, with performance data after `|`, and its exit code. */
export function nagiosLine(p: Plan): { line: string; code: number } {
  const c = countChanges(p);
  const perf = `changes=${c.total} create=${c.add} update=${c.change} replace=${c.replace} remove=${c.destroy}`;
  const where = `project ${p.project} on ${p.host}`;
  if (c.total === 0) return { line: `KLEE OK - ${where} matches the file | ${perf}`, code: NAGIOS.ok };
  const ids = visibleActions(p).map(({ action }) => action.id);
  const named = ids.slice(0, NAMED).join(', ') + (ids.length > NAMED ? `, ... (${ids.length - NAMED} more)` : '');
  return { line: `KLEE WARNING - ${where} drifted from the file: ${planCounts(p)} (${named}) | ${perf}`, code: NAGIOS.warning };
}

/** The line when there is no plan (an invalid file, an unreachable host, a collision): UNKNOWN with the first line of the error. */
export function nagiosUnknown(message: string): { line: string; code: number } {
  return { line: `KLEE UNKNOWN - ${message.split('\n')[0]}`, code: NAGIOS.unknown };
}
