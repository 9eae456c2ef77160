// The snapshot:PATH host: replays a probe recorded by `klee probe --save`; refuses every change.
import { readFile } from 'node:fs/promises';
import type { CommandResult, Host } from '../types.js';
import { UserError } from '../../errors.js';
import { isMutating } from '../mutating.js';
import { PROBE_COMMANDS } from '../probe-commands.js';
import { shJoin } from '../quote.js';
import { readSnapshot } from '../snapshot-file.js';

/** Open a snapshot file (docs/snapshot.md); a missing or malformed file is a UserError naming it. */
export async function openSnapshot(path: string): Promise<Host> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new UserError(`cannot read snapshot ${path}: ${(e as Error).message}`, 'record one on the host with `klee probe --save PATH`');
  }
  const snap = readSnapshot(text, path);
  const recorded = new Map<string, CommandResult>();
  for (const c of snap.commands) recorded.set(JSON.stringify(c.argv), { ...c, durationMs: 0 });
  // A snapshot saved before the probe read dying jails holds `jls -n --libxo=json`: it answers for `jls -d -n ...`
  // (listing no dying jail, as the host showed then).
  const oldJls = recorded.get(JSON.stringify(['jls', '-n', '--libxo=json']));
  if (oldJls && !recorded.has(JSON.stringify(PROBE_COMMANDS.jls))) recorded.set(JSON.stringify(PROBE_COMMANDS.jls), oldJls);
  const uri = `snapshot:${path}`;
  return {
    uri,
    kind: 'snapshot',
    parallel: 1, // every change is refused: there is nothing to run at once
    async run(argv) {
      if (isMutating(argv)) throw new UserError(`${uri} is a read-only snapshot: refusing to run \`${shJoin(argv)}\``, 'plan against a snapshot; apply with -H local or -H ssh://...');
      const r = recorded.get(JSON.stringify(argv));
      // Unrecorded reads fail like a command would (same shape as any failure), with a clear reason.
      if (!r) return { argv, stdout: '', stderr: `klee: \`${shJoin(argv)}\` is not recorded in ${path}\n`, exitCode: 1, durationMs: 0 };
      return { ...r, argv };
    },
    async acquireLock() {
      return { async release() {} };
    },
    async close() {},
  };
}
