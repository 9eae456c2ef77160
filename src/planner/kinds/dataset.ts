// Datasets: the ZFS clone an image container's root lives on (`zfs clone -p -o mountpoint=<root> <image> <dataset>`),
// replaced when its origin or mountpoint moved, destroyed when the file no longer has its container.
import type { ContainerSpec } from '../../spec/types.js';
import { mayRemove, type DesiredContainer, type Want } from '../desired.js';
import { datasetId, deleteHalf } from '../ids.js';
import type { Observed } from '../observed.js';
import { action } from '../action.js';
import { DOWN, NOT_IN_FILE, NOT_ON_HOST, reason, type Reason } from '../reason.js';
import type { Action } from '../types.js';

/** The dataset actions of a plan, and what the containers and the ordering rules need to know. */
export interface DatasetPlan {
  actions: Action[];
  /** The action that creates a container's dataset (a create, or a replacement's create half): the container waits for it. */
  created: ReadonlyMap<string, string>;
  /** Why a container's dataset is replaced: a running container on it is replaced too. */
  replaced: ReadonlyMap<string, Reason>;
  /** Removals (destroys, replacements' delete halves), the container whose jail must be gone first, the dataset destroyed and where it is mounted. */
  removed: { id: string; container: string; dataset: string; mountpoint?: string }[];
}

/** The words for a dataset destroyed: what is lost with it (the plan and the confirmation question say them). */
export function destroysDataset(dataset: string, origin: string | undefined): string {
  return `ZFS dataset ${dataset}${origin ? ` (a clone of ${origin})` : ''} and everything written in it`;
}

/** Root directory of a container: its path, or /klee/<project>/<container> for an image clone. */
export function containerRoot(project: string, c: ContainerSpec): string {
  return c.path ?? `/klee/${project}/${c.name}`;
}

/** The ZFS dataset klee clones an image into: `<pool>/klee/<project>/<container>`. */
export function imageDataset(project: string, c: ContainerSpec): string | undefined {
  if (!c.image) return undefined;
  return `${c.image.split('/')[0].split('@')[0]}/klee/${project}/${c.name}`;
}

/** Plan the datasets of the image containers, and destroy the project's datasets the file no longer has. */
export function planDatasets(want: Want, obs: Observed, desired: readonly DesiredContainer[]): DatasetPlan {
  const plan = { actions: [] as Action[], created: new Map<string, string>(), replaced: new Map<string, Reason>(), removed: [] as DatasetPlan['removed'] };
  const { state } = obs;
  for (const d of desired) {
    if (!d.dataset) continue;
    const c = d.spec, id = datasetId(c.name);
    const ds = state.datasets?.find((x) => x.name === d.dataset);
    const clone = { argv: ['zfs', 'clone', '-p', '-o', `mountpoint=${d.root}`, c.image!, d.dataset], undo: [['zfs', 'destroy', d.dataset]] };
    const facts = { dataset: d.dataset, origin: c.image!, mountpoint: d.root };
    const base = { resource: 'dataset' as const, name: c.name, facts };
    if (ds && (ds.origin !== c.image || ds.mountpoint !== d.root)) {
      const why = ds.origin !== c.image ? reason('changed', `image changed (${ds.origin ?? 'none'} → ${c.image})`, ['image']) : reason('changed', `mountpoint changed (${ds.mountpoint} → ${d.root})`, ['path']);
      plan.actions.push(action({ ...base, id: deleteHalf(id), op: 'replace', why: [why], commands: [{ argv: ['zfs', 'destroy', d.dataset] }], replacedBy: id, destroysData: destroysDataset(d.dataset, ds.origin) }));
      plan.actions.push(action({ ...base, id, op: 'replace', why: [why], commands: [clone] }));
      plan.replaced.set(c.name, why);
      plan.removed.push({ id: deleteHalf(id), container: c.name, dataset: d.dataset, mountpoint: ds.mountpoint });
      plan.created.set(c.name, id);
    } else if (!ds && (state.datasets !== undefined || !obs.jails.has(c.name))) {
      // Not listed: absent, unless `zfs list` could not be run (no ZFS) and the container runs from it anyway.
      plan.actions.push(action({ ...base, id, op: 'create', why: [NOT_ON_HOST], commands: [clone] }));
      plan.created.set(c.name, id);
    }
  }
  removeUnwanted(want, obs, desired, plan);
  return plan;
}

/** The container a dataset of the project's is for (`<pool>/klee/<project>/<container>`); undefined for any other dataset. */
export function datasetContainer(project: string, dataset: string): string | undefined {
  const parts = dataset.split('/');
  return parts.length === 4 && parts[1] === 'klee' && parts[2] === project && parts[3] !== '' ? parts[3] : undefined;
}

/** The project's datasets that no image container of the file uses (an orphan's stays, with everything written in it, unless orphans go too). */
function removeUnwanted(want: Want, obs: Observed, desired: readonly DesiredContainer[], plan: { actions: Action[]; removed: DatasetPlan['removed'] }): void {
  const wanted = new Set(desired.map((d) => d.dataset).filter(Boolean));
  const taken = new Set(plan.actions.map((a) => a.id));
  for (const ds of obs.state.datasets ?? []) {
    const container = datasetContainer(want.project, ds.name);
    if (container === undefined || wanted.has(ds.name) || !mayRemove(want, 'containers', container)) continue;
    const id = taken.has(datasetId(container)) ? `${datasetId(container)}:${ds.name}` : datasetId(container);
    taken.add(id);
    plan.actions.push(action({
      id, op: 'delete', resource: 'dataset', name: container, why: [want.down ? DOWN : NOT_IN_FILE], commands: [{ argv: ['zfs', 'destroy', ds.name] }],
      facts: { dataset: ds.name }, destroysData: destroysDataset(ds.name, ds.origin),
    }));
    plan.removed.push({ id, container, dataset: ds.name, mountpoint: ds.mountpoint });
  }
}
