// `klee ps`: the project's containers read live from the host (jail, jid, state, driver, networks, addresses).
import type { CliContext } from './context.js';
import { UserError } from '../errors.js';
import type { Spec } from '../spec/types.js';
import { projectNameOnly, requireSpec, specExists } from './load-spec.js';
import { openHost } from '../host/open.js';
import { probe } from '../host/probe.js';
import { liveContainers, type LiveContainer } from '../executor/live-view.js';
import { renderTable } from './views/table.js';
import { healthCommand } from '../host/program.js';
import { healthOf } from '../host/program-state.js';
import type { Host, HostState } from '../host/types.js';

/** True when a project file exists; without one (and without -p/KLEE_PROJECT_NAME) a clear error, never a guessed name. */
export function fileOrProjectName(ctx: CliContext, command: string): boolean {
  if (specExists(ctx)) return true;
  if (ctx.projectName) return false;
  throw new UserError(`klee ${command} needs a project: ${ctx.file ? `no such file: ${ctx.file}` : `no kleene.yaml or kleene.yml in ${ctx.cwd}`}`,
    'run it in the project directory, pass -f FILE, or name the project with -p NAME (or KLEE_PROJECT_NAME)');
}

/** The project and, when a file is there, its spec (ps/inspect/exec/logs work without a file given -p). */
export async function projectAndSpec(ctx: CliContext, command: string): Promise<{ project: string; spec?: Spec }> {
  if (!fileOrProjectName(ctx, command)) return { project: await projectNameOnly(ctx) };
  const { spec } = await requireSpec(ctx);
  return { project: spec.project, spec };
}

/** The STATE column: the state, the exit status when there is one, and whether the file still has the container. */
function stateText(r: LiveContainer): string {
  const code = r.exitCode !== null && r.state !== 'running' ? ` (${r.exitCode})` : '';
  return `${r.state}${code}${r.inFile === false ? ' (not in file)' : ''}`;
}

/** The ps table: one row per container, addresses as network=ip[,ip6]. */
export function psTable(rows: LiveContainer[]): string {
  const head = ['NAME', 'JAIL', 'JID', 'STATE', 'HEALTH', 'DRIVER', 'NETWORKS'];
  const body = rows.map((r) => [
    r.name, r.jail, r.jid === null ? '-' : String(r.jid), stateText(r), r.health ?? '-', r.driver ?? '-',
    r.networks.map((n) => `${n.network}=${[n.ip, n.ip6].filter(Boolean).join(',') || 'auto'}${n.interface ? `@${n.interface}` : ''}`).join(' ') || '-',
  ]);
  return renderTable([head, ...body]);
}

/** Options of `klee ps`. */
export interface PsOptions {
  /** Also the containers whose program exited (compose's ps -a). */
  all?: boolean;
  /** Only the jail names of the containers that exist on the host. */
  quiet?: boolean;
}

/**
 * The healthcheck of each running container that has one, once, all at once (compose's `ps` shows the last result),
 * read in compose's terms with the time its program has been running (healthOf: a failing check may still be starting).
 * A snapshot holds no check's result (a check is the file's own command, never recorded): there HEALTH stays unknown.
 */
async function fillHealth(host: Host, spec: Spec | undefined, state: HostState, rows: LiveContainer[]): Promise<void> {
  if (host.kind === 'snapshot') return;
  await Promise.all(rows.map(async (r) => {
    const c = spec?.containers.find((x) => x.name === r.name);
    const check = c && r.state === 'running' ? healthCommand(c) : undefined;
    if (!check || !c?.healthcheck) return;
    const passed = (await host.run(check.argv, { stdin: check.stdin })).exitCode === 0;
    r.health = healthOf(passed, state.jails.find((j) => j.name === r.jail)?.program?.runningForS, c.healthcheck);
  }));
}

/** Print the project's containers; 0 always (an empty project prints an empty list). */
export async function run(ctx: CliContext, opts: PsOptions = {}): Promise<number> {
  const { project, spec } = await projectAndSpec(ctx, 'ps');
  const host = await openHost(ctx.host);
  try {
    const state = await probe(host, { project, zfs: false, signal: ctx.signal });
    // compose's ps lists what runs; -a also the containers whose program exited (completed one-shots, failures).
    const rows = liveContainers(project, spec, state).filter((r) => opts.all || r.state !== 'exited');
    if (opts.quiet) {
      const jails = rows.filter((r) => r.jid !== null).map((r) => r.jail);
      ctx.io.stdout.write(ctx.json ? `${JSON.stringify(jails)}\n` : jails.map((j) => `${j}\n`).join(''));
      return 0;
    }
    await fillHealth(host, spec, state, rows);
    if (ctx.json) {
      ctx.io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    } else if (rows.length === 0) {
      ctx.io.stdout.write(`No containers: project ${project} has none on ${host.uri}.\n`);
    } else {
      ctx.io.stdout.write(psTable(rows));
    }
    return 0;
  } finally {
    await host.close();
  }
}
