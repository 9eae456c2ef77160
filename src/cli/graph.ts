// `klee graph`: the project as a picture a reviewer reads at a glance; with -H (or KLEE_HOST), interfaces and
// addresses as the host has them.
import type { CliContext } from './context.js';
import { requireSpec } from './load-spec.js';
import { openHost } from '../host/open.js';
import { probe } from '../host/probe.js';
import { ownership } from '../host/ownership.js';
import { liveContainers } from '../executor/live-view.js';
import { projectPicture, type LiveFacts } from './views/project-picture.js';
import { renderPicture, type GraphFormat } from './views/picture.js';

/** Options of `klee graph`. */
export interface GraphOptions {
  format?: GraphFormat;
}

/** Print the picture; 0 on success. */
export async function run(ctx: CliContext, opts: GraphOptions = {}): Promise<number> {
  const { spec } = await requireSpec(ctx);
  let live: LiveFacts | undefined;
  if (ctx.hostGiven) {
    const host = await openHost(ctx.host);
    try {
      const state = await probe(host, { project: spec.project, zfs: false, signal: ctx.signal });
      live = {
        host: host.uri,
        interfaces: new Map(ownership(state, spec.project).networks.map((n) => [n.network, n.interface])),
        containers: new Map(liveContainers(spec.project, spec, state).map((c) => [c.name, c])),
      };
    } finally {
      await host.close();
    }
  }
  ctx.io.stdout.write(renderPicture(projectPicture(spec, live), opts.format ?? 'dot'));
  return 0;
}
