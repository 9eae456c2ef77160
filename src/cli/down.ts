// `klee down`: remove what the file has (everything the project owns without a file, or with --remove-orphans), in reverse dependency order, under the project's lock.
import type { CliContext } from './context.js';
import { projectNameOnly, requireSpec } from './load-spec.js';
import { openHost, refuseReadOnly } from '../host/open.js';
import { probe } from '../host/probe.js';
import { planDown } from '../planner/plan-down.js';
import { lockOwner, withProjectLock } from '../executor/lock.js';
import { fileOrProjectName } from './ps.js';
import { applyPlan } from './views/progress-run.js';
import { planScript } from './views/script.js';
import { fileIdentity } from './file-identity.js';

/** Options of `klee down`. */
export interface DownOptions {
  dryRun?: boolean;
  parallel?: number;
  /** Also remove the project's containers and networks the file does not have. */
  removeOrphans?: boolean;
  /** Remove without asking (-y/--yes). */
  yes?: boolean;
}

/** The way out when the file is invalid: fix it, or remove everything the project owns without reading it. */
const DOWN_WITHOUT_FILE = 'fix it (`klee validate` lists every error), or remove everything project NAME owns with `klee down -p NAME` where there is no project file';

/** Remove the project's resources; a second run finds nothing and says so. 0 ok, 1 failed, 130 interrupted. */
export async function run(ctx: CliContext, opts: DownOptions = {}): Promise<number> {
  // The file names the project and what to remove (what it has, not the orphans) and gives the containers' exec.stop
  // parameters. Without a file (-p NAME) down removes everything the project owns; a file that is there but cannot be
  // read or is invalid (or a bad --env-file) is refused, never taken for no file: that would remove the orphans too.
  const spec = fileOrProjectName(ctx, 'down') ? (await requireSpec(ctx, DOWN_WITHOUT_FILE)).spec : undefined;
  const project = spec?.project ?? await projectNameOnly(ctx);
  const host = await openHost(ctx.host);
  try {
    if (!opts.dryRun) refuseReadOnly(host, 'down');
    const planFor = async () => planDown(project, await probe(host, { project, zfs: true, signal: ctx.signal }), { host: host.uri, spec, removeOrphans: opts.removeOrphans, source: spec && fileIdentity(spec.file) });
    if (opts.dryRun) {
      ctx.io.stdout.write(planScript(await planFor(), 'down'));
      return 0;
    }
    return await withProjectLock(host, project, lockOwner('down'), async () =>
      applyPlan(ctx, host, await planFor(), 'down', { parallel: opts.parallel, yes: opts.yes }));
  } finally {
    await host.close();
  }
}

