// The snapshot file format written by `klee probe --save` and replayed by `-H snapshot:PATH` (docs/snapshot.md).
import { UserError } from '../errors.js';
import { int, list, literal, obj, str, type Check } from './shape.js';

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

const COMMAND = obj({ argv: list(str), stdout: str, stderr: str, exitCode: int } satisfies Record<keyof SnapshotCommand, Check>);

/** Every field of Snapshot (docs/snapshot.md "Format"). */
const SNAPSHOT_SHAPE = obj({ klee_snapshot: literal(1), taken: str, host: str, version: str, commands: list(COMMAND) }, { klee: str, project: str });

/** Validate a snapshot file's text; errors name the file and the field. */
export function readSnapshot(text: string, path: string): Snapshot {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new UserError(`snapshot ${path} is not JSON: ${(e as Error).message}`);
  }
  const version = (doc as { klee_snapshot?: unknown } | null)?.klee_snapshot;
  if (version !== 1) throw new UserError(`${path} is not a klee snapshot (version 1): "klee_snapshot" is ${JSON.stringify(version) ?? 'missing'}`);
  const bad = SNAPSHOT_SHAPE(doc, '');
  if (bad) throw new UserError(`snapshot ${path} is not a klee snapshot: ${bad}`, 'record it again with `klee probe --save PATH`');
  return doc as Snapshot;
}
