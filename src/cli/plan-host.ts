// Probe a host for a project and plan the file against it: the one way `plan` and `up` see the host, so that
// `klee plan` shows what `klee up` applies.
import type { Host } from '../host/types.js';
import type { Plan } from '../planner/types.js';
import type { Spec } from '../spec/types.js';
import { probe } from '../host/probe.js';
import { plan } from '../planner/plan.js';

/** The plan of `spec` against the host as probed now (ZFS read only when a container clones an image). */
export async function planOnHost(host: Host, spec: Spec, signal: AbortSignal): Promise<Plan> {
  const state = await probe(host, { project: spec.project, zfs: spec.containers.some((c) => c.image !== undefined), signal });
  return plan(spec, state, { host: host.uri });
}
