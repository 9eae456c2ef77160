// `klee probe`: what klee sees on the host; `--json` the full HostState; `--save PATH` records a snapshot.
import { writeFile } from 'node:fs/promises';
import { kleeVersion } from './version.js';
import type { CliContext } from './context.js';
import { UserError } from '../errors.js';
import { openHost } from '../host/open.js';
import { probe } from '../host/probe.js';
import { recordingHost } from '../host/recording.js';
import { pfProjectCommands } from '../host/probe-commands.js';
import type { Snapshot } from '../host/snapshot-file.js';
import { renderProbe } from './views/probe.js';
import { projectNameOnly, readSpec, specExists } from './load-spec.js';
import { hasErrors } from '../spec/diagnostic.js';
import { mountPoints } from './plan-host.js';

/** Options of `klee probe`. */
export interface ProbeCliOptions {
  save?: string;
}

/** Print the probe; 0 on success (a host that cannot be read is a UserError, exit 1). */
export async function run(ctx: CliContext, opts: ProbeCliOptions = {}): Promise<number> {
  const project = await projectFor(ctx);
  const host = await openHost(ctx.host);
  try {
    const commands: Snapshot['commands'] = [];
    const rec = opts.save ? { host: recordingHost(host, commands), commands } : undefined;
    // Showing the host tolerates a partial ifconfig capture (with warnings); planning does not (src/host/probe.ts).
    const state = await probe(rec?.host ?? host, { project, zfs: Boolean(opts.save), signal: ctx.signal, lenient: true, mountPoints: rec && await savedMountPoints(ctx) });
    if (rec && opts.save) {
      // A snapshot answers `plan -p X` for every project that has pf rules, not only this one (one wave over ssh).
      await Promise.all(state.pf.projects.filter((p) => p !== project).flatMap((p) => pfProjectCommands(p).map((c) => rec.host.run(c))));
      const snap: Snapshot = {
        klee_snapshot: 1, taken: new Date().toISOString(), host: host.uri, version: state.version,
        klee: kleeVersion(), ...(project ? { project } : {}), commands: rec.commands,
      };
      try {
        await writeFile(opts.save, `${JSON.stringify(snap, null, 2)}\n`);
      } catch (e) {
        throw new UserError(`cannot write snapshot ${opts.save}: ${(e as Error).message}`);
      }
      ctx.io.stderr.write(`klee: saved ${rec.commands.length} probe commands to ${opts.save} (use -H snapshot:${opts.save})\n`);
    }
    ctx.io.stdout.write(ctx.json ? `${JSON.stringify(state, null, 2)}\n` : renderProbe(state, host.uri, project));
    return 0;
  } finally {
    await host.close();
  }
}

/**
 * With --save and a valid file: its mount points, so that the snapshot holds the probe's check of them and a plan from
 * it checks them as on the host. Without a valid file, none (a plan from the snapshot then warns that it cannot check).
 */
async function savedMountPoints(ctx: CliContext): Promise<string[] | undefined> {
  if (!specExists(ctx)) return undefined;
  const r = await readSpec(ctx);
  if (r.spec && !hasErrors(r.diagnostics)) return mountPoints(r.spec);
  ctx.io.stderr.write(`warning: ${r.shownAs} is not valid: the snapshot holds no check of its mount points (run \`klee validate\`)\n`);
  return undefined;
}

/** The project from -p/KLEE_PROJECT_NAME, else from the file when there is one; without either, a host-wide probe. */
async function projectFor(ctx: CliContext): Promise<string | undefined> {
  return ctx.projectName || specExists(ctx) ? projectNameOnly(ctx) : undefined;
}
