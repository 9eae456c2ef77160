// Probe a host for a project and plan the file against it: the one way `plan` and `up` see the host, so that
// `klee plan` shows what `klee up` applies.
import type { Host, HostState } from '../host/types.js';
import type { Plan } from '../planner/types.js';
import type { Spec } from '../spec/types.js';
import { probe } from '../host/probe.js';
import { plan } from '../planner/plan.js';
import { containerRoot } from '../planner/kinds/dataset.js';
import { mountPoint } from '../spec/normal-path.js';
import { fileIdentity } from './file-identity.js';

/**
 * The host as the plan of `spec` reads it: ZFS read when a container clones an image, and with `removeOrphans`
 * (which removes the project's datasets the file no longer has); which of the file's mount points are missing.
 */
export function probeFor(host: Host, spec: Spec, signal: AbortSignal, opts: PlanOnHostOptions = {}): Promise<HostState> {
  return probe(host, { project: spec.project, zfs: Boolean(opts.removeOrphans) || spec.containers.some((c) => c.image !== undefined), signal, mountPoints: mountPoints(spec) });
}

/** The host paths the file's containers mount on; not those of an image's root, which klee clones in the same run. */
export function mountPoints(spec: Spec): string[] {
  return spec.containers.filter((c) => c.image === undefined).flatMap((c) => c.mounts.map((m) => mountPoint(containerRoot(spec.project, c), m.target)));
}

/** How `plan` and `up` plan: with `--remove-orphans` or not. */
export interface PlanOnHostOptions {
  removeOrphans?: boolean;
}

/** The plan of `spec` against the host as probed now (recording the file it is applied from), and the state it was made from. */
export async function planOnHost(host: Host, spec: Spec, signal: AbortSignal, opts: PlanOnHostOptions = {}): Promise<{ plan: Plan; state: HostState }> {
  const state = await probeFor(host, spec, signal, opts);
  return { plan: plan(spec, state, { host: host.uri, removeOrphans: opts.removeOrphans, source: fileIdentity(spec.file) }), state };
}
