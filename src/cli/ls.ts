// `klee ls`: the klee projects on the host, found by their ownership labels (interfaces, jail meta, pf anchors), with
// the files they were applied from (compose's CONFIG FILES).
import type { CliContext } from './context.js';
import { openHost } from '../host/open.js';
import { probe } from '../host/probe.js';
import { listProjects, ownership } from '../host/ownership.js';
import { shownSource } from '../host/labels.js';
import type { HostState } from '../host/types.js';
import { renderTable } from './views/table.js';

/** One project on the host and what it owns there. */
export interface ProjectSummary {
  name: string;
  networks: string[];
  containers: { name: string; jail: string; jid: number }[];
  epairs: number;
  pf: boolean;
  /** The files its jails were last applied from (docs/ownership.md), sorted; empty when none records one. */
  configFiles: string[];
}

/** Every project found on the host, sorted by name (pure). */
export function projectSummaries(state: HostState): ProjectSummary[] {
  return listProjects(state).map((name) => {
    const own = ownership(state, name);
    return {
      name,
      networks: own.networks.map((n) => `${n.network}@${n.interface}`),
      containers: own.jails.map((j) => ({ name: j.container, jail: j.jail.name, jid: j.jail.jid })),
      epairs: own.epairs.length,
      pf: state.pf.projects.includes(name),
      configFiles: [...new Set(own.jails.flatMap((j) => (j.source === undefined ? [] : [shownSource(j.source)])))].sort(),
    };
  });
}

/** Print the projects; 0 always. */
export async function run(ctx: CliContext): Promise<number> {
  const host = await openHost(ctx.host);
  try {
    const rows = projectSummaries(await probe(host, { zfs: false, signal: ctx.signal }));
    if (ctx.json) {
      ctx.io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      return 0;
    }
    if (rows.length === 0) {
      ctx.io.stdout.write(`No klee projects on ${host.uri}.\n`);
      return 0;
    }
    ctx.io.stdout.write(renderTable([['PROJECT', 'CONTAINERS', 'NETWORKS', 'PF', 'CONFIG FILES'], ...rows.map((r) => [
      r.name, `${r.containers.length} (${r.containers.map((c) => c.name).join(', ') || '-'})`, r.networks.join(' ') || '-', r.pf ? 'yes' : 'no',
      r.configFiles.join(',') || '-',
    ])]));
    return 0;
  } finally {
    await host.close();
  }
}
