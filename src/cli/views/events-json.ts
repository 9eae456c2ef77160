// The JSON view of a run: one event per line (NDJSON), ending with {"event":"done","ok":bool,...}.
import type { ExecEvent } from '../../executor/events.js';

/** A subscriber writing each event as one JSON line. */
export function jsonEvents(out: { write(s: string): unknown }): (e: ExecEvent) => void {
  return (e) => void out.write(`${JSON.stringify(e)}\n`);
}
