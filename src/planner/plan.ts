// plan() and planDown(): pure, deterministic functions from (Spec | project, HostState) to an ordered Plan. Both run
// the same kinds and rules; down asks for nothing. Each kind reads what the host has and what the file wants, decides
// and says why; where one needs another's result it gets it as an argument, in the order below.
import type { HostState } from '../host/types.js';
import type { Spec } from '../spec/types.js';
import { chooseAddresses } from './kinds/address-choice.js';
import { Allocation } from './allocation.js';
import { wantFile, wantNothing, type Want } from './desired.js';
import { PlanError, type Problem } from './errors.js';
import { orderActions } from './graph.js';
import { canonAddr } from './ip.js';
import { findLeakedAliases, planAddresses } from './kinds/address.js';
import { desiredContainers, planContainers } from './kinds/container.js';
import { otherSourceWarning } from './kinds/container-source.js';
import { planDatasets } from './kinds/dataset.js';
import { planEpairs } from './kinds/epair.js';
import { planGateways } from './kinds/gateway.js';
import { planNetworks, removeNetworks } from './kinds/network.js';
import { planPf } from './kinds/pf.js';
import { planServices } from './kinds/service.js';
import { planSysctls } from './kinds/sysctl.js';
import { observe } from './observed.js';
import { keptOrphans, orphanProblems, orphanWarning, type Orphans } from './orphans.js';
import { checkPrerequisites } from './prerequisites.js';
import { applyOrderingRules, type Planned } from './rules/ordering.js';
import type { Action, Plan } from './types.js';

/** Options of a planning run. */
export interface PlanOptions {
  /** The host URI, copied into the plan. */
  host: string;
  /** planDown only: the file when one was read: what it names is removed, and a removed container's `exec.stop` jail_params come from it. */
  spec?: Spec;
  /** Remove the project's orphans too (`--remove-orphans`): its containers and networks the file does not name. */
  removeOrphans?: boolean;
  /**
   * Where the file comes from (src/cli/file-identity.ts: its place in a git repository, else its absolute path):
   * recorded in each jail's meta, and the project's jails recorded from another file are said so.
   */
  source?: string;
}

/** The plan that makes the host match the file: every change, why, in which order, with exact commands. Throws PlanError. */
export function plan(spec: Spec, state: HostState, opts: PlanOptions): Plan {
  return planFor(wantFile(spec, opts.removeOrphans, opts.source), state, opts);
}

/** The plan that removes what the file names (`opts.spec`; orphans too with `removeOrphans`), or without a file everything `project` owns. */
export function planDown(project: string, state: HostState, opts: PlanOptions): Plan {
  return planFor(wantNothing(project, opts.spec, opts.removeOrphans, opts.source), state, opts);
}

/** The kinds, then the ordering rules, then the canonical order. */
function planFor(want: Want, state: HostState, opts: PlanOptions): Plan {
  const k = planKinds(want, state);
  if (k.problems.length) throw new PlanError(k.problems);
  applyOrderingRules(k.actions, k.planned);
  const p: Plan = { project: want.project, host: opts.host, actions: orderActions(k.actions), warnings: k.warnings };
  if (k.orphans.containers.length + k.orphans.networks.length > 0) p.orphans = k.orphans;
  return p;
}

/** Every kind's result for one run, in the order their results are needed; the actions have no edges yet. */
export function planKinds(want: Want, state: HostState): { actions: Action[]; planned: Planned; problems: Problem[]; warnings: string[]; orphans: Orphans } {
  const obs = observe(want.project, state, want.customInterfaces);
  const orphans = keptOrphans(want, obs);
  const alloc = new Allocation(state, want.networks.flatMap((n) => (n.interface ? [n.interface] : [])));
  const networks = planNetworks(want, obs, alloc);
  const nets = new Map(networks.resolved.map((n) => [n.spec.name, n]));
  const gateways = planGateways(networks.resolved);
  const leaked = findLeakedAliases(obs, networks);
  const addrs = chooseAddresses(want.containers, nets, obs, new Set(leaked.map((l) => canonAddr(l.address))));
  const desired = desiredContainers(want, nets, addrs.chosen);
  const datasets = planDatasets(want, obs, desired);
  const epairs = planEpairs(want, obs, desired, nets, networks.destroyed);
  const containers = planContainers(desired, { want, obs, nets, destroyed: networks.destroyed, epairs: epairs.stems, datasetReplaced: datasets.replaced, datasetDestroyed: new Map(datasets.removed.map((r) => [r.container, r.dataset])) });
  const services = planServices(want, containers);
  const addresses = planAddresses(want, obs, leaked, containers.kept);
  const networkRemovals = removeNetworks(networks.removals, epairs.destroyed);
  const pf = planPf(want, obs, networks.resolved, desired, orphans);
  const sysctl = planSysctls(want, obs, networks.resolved, pf.natRules);
  const checks = checkPrerequisites(want, obs, networks.resolved);
  const inTheWay = orphanProblems(want, obs, orphans, networks.removals, desired, containers.created);
  return {
    actions: [
      ...networks.actions, ...gateways.actions, ...addresses.actions, ...epairs.actions, ...datasets.actions,
      ...containers.actions, ...services.actions, ...networkRemovals, ...(pf.action ? [pf.action] : []), ...sysctl.actions,
    ],
    planned: { obs, networks, gateways, addresses, epairs, datasets, containers, services, pf, sysctl },
    problems: [...networks.problems, ...addrs.problems, ...containers.problems, ...pf.problems, ...checks.problems, ...inTheWay],
    warnings: [...new Set([...state.warnings.map((w) => `probe: ${w}`), ...otherSourceWarning(want, obs), ...orphanWarning(want, orphans), ...containers.warnings, ...pf.warnings, ...checks.warnings])],
    orphans,
  };
}
