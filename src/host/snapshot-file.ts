// The snapshot file format written by `klee probe --save` and replayed by `-H snapshot:PATH` (docs/snapshot.md).
import { UserError } from '../errors.js';

/** One recorded command and what it printed. */
export interface SnapshotCommand {
  argv: string[];
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** A snapshot file (version 1). */
export interface Snapshot {
  klee_snapshot: 1;
  /** ISO 8601 time of the probe. */
  taken: string;
  /** The host URI it was taken from. */
  host: string;
  /** The host's FreeBSD release (uname -r). */
  version: string;
  /** The klee version that wrote it. */
  klee?: string;
  project?: string;
  commands: SnapshotCommand[];
}

/** Validate a snapshot file's text; errors name the file and the field. */
export function readSnapshot(text: string, path: string): Snapshot {
  let doc: any;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new UserError(`snapshot ${path} is not JSON: ${(e as Error).message}`);
  }
  if (doc?.klee_snapshot !== 1) throw new UserError(`${path} is not a klee snapshot (version 1): "klee_snapshot" is ${JSON.stringify(doc?.klee_snapshot)}`);
  if (!Array.isArray(doc.commands)) throw new UserError(`snapshot ${path}: "commands" must be a list`);
  doc.commands.forEach((c: any, i: number) => {
    const ok = Array.isArray(c?.argv) && c.argv.every((a: unknown) => typeof a === 'string')
      && typeof c.stdout === 'string' && typeof c.stderr === 'string' && Number.isInteger(c.exitCode);
    if (!ok) throw new UserError(`snapshot ${path}: commands[${i}] needs argv (strings), stdout, stderr and an integer exitCode`);
  });
  return doc as Snapshot;
}
