// Containers: each file container's jail (create, keep or replace, and why; a kept one's meta, or record, updated when
// it records another file) and the removal of the project's jails the file no longer has. What a container sits on
// (networks, epairs, dataset) is planned by its own kind first.
import { hasJailMeta, type OwnedJail } from '../../host/ownership.js';
import { recordText, removeRecordArgv, writeRecordArgv } from '../../host/jail-record.js';
import type { ContainerSpec } from '../../spec/types.js';
import { action } from '../action.js';
import { mayRemove, type Attachment, type DesiredContainer, type DesiredNetwork, type Want } from '../desired.js';
import type { Problem } from '../errors.js';
import { containerId, deleteHalf } from '../ids.js';
import { canonAddr, parseSubnet } from '../ip.js';
import { epairKey, type Observed } from '../observed.js';
import { DOWN, NOT_IN_FILE, NOT_ON_HOST, reason, type Reason } from '../reason.js';
import type { Action, PlannedCommand } from '../types.js';
import { addrKey, type AddressMap } from './address-choice.js';
import { createUndo, removalCommands, removedAliases, type RemovalContext } from './container-removal.js';
import { envStdin } from '../../host/program.js';
import { containerRoot, imageDataset } from './dataset.js';
import { configHash, effectiveConfig, jailCreation } from './jail-argv.js';
import { changedFields } from './config-fields.js';
import { sourceUpdate } from './container-source.js';
import { planUnmounts } from './unmount.js';

/** What the planner does with one file container: create its jail (none yet), keep it, or replace it and why. */
export type ContainerDecision = { op: 'create' } | { op: 'keep' } | { op: 'replace'; reasons: Reason[] };

/** The container actions of a plan, and what the ordering rules and the alias repairs need to know. */
export interface ContainerPlan {
  actions: Action[];
  /** The action that creates a container's jail (a create, or a replacement's create half). */
  created: ReadonlyMap<string, string>;
  /** The same, with the desired container, in file order. */
  creations: { id: string; d: DesiredContainer }[];
  /** The action that removes a container's jail (a removal, or a replacement's delete half). */
  removal: ReadonlyMap<string, string>;
  /** Running containers the plan keeps as they are, with their jails. */
  kept: { d: DesiredContainer; jail: OwnedJail }[];
  /** [first, then]: removal actions sharing a mount point, newest jail first (unmount.ts). */
  removalOrder: [first: string, then: string][];
  problems: Problem[];
  warnings: string[];
}

/** The file's containers whose networks all resolved, with root, dataset, addresses and configuration hash, in file order. */
export function desiredContainers(want: Want, nets: ReadonlyMap<string, DesiredNetwork>, addrs: AddressMap): DesiredContainer[] {
  const lenOf = (cidr?: string) => (cidr ? parseSubnet(cidr).len : undefined);
  const prefixLens = new Map([...nets.values()].map((n) => [n.spec.name, [lenOf(n.spec.subnet), lenOf(n.spec.subnet6)]]));
  const out: DesiredContainer[] = [];
  for (const c of want.containers) {
    if (c.networks.some((a) => !nets.has(a.network))) continue; // its network failed; reported there
    const attachments: Attachment[] = c.networks.map((a) => {
      const d = nets.get(a.network)!;
      const [len4, len6] = prefixLens.get(a.network)!;
      const ip = addrs.get(addrKey(c.name, a.network, 4));
      const ip6 = addrs.get(addrKey(c.name, a.network, 6));
      return { network: a.network, interface: d.interface, ip, len: ip ? len4 : undefined, ip6, len6: ip6 ? len6 : undefined, route4: d.route4, route6: d.route6 };
    });
    const root = containerRoot(want.project, c);
    out.push({ spec: c, root, dataset: imageDataset(want.project, c), attachments, hash: configHash(c, root, attachments) });
  }
  return out;
}

/**
 * Create, keep or replace one container (terraform's getAction): what the file changed (its networks replaced, what
 * jls shows to differ, else the `meta` hash), else what the host lost (an epair), else its dataset's replacement.
 */
export function decideContainer(d: DesiredContainer, j: OwnedJail | undefined, obs: Observed, nets: ReadonlyMap<string, DesiredNetwork>, datasetReplaced?: Reason): ContainerDecision {
  if (!j) return { op: 'create' };
  const reasons: Reason[] = [];
  const replacedNets = d.attachments.filter((a) => nets.get(a.network)!.status !== 'keep').map((a) => a.network);
  if (replacedNets.length) reasons.push(reason('changed', `network ${replacedNets.join(', ')} replaced`, replacedNets.map((n) => `networks.${n}`)));
  reasons.push(...visibleChanges(j, d));
  if (j.hash !== undefined && j.hash !== d.hash && reasons.length === 0) reasons.push(hiddenChange(d, j));
  const lostEpair = d.spec.driver === 'vnet' ? d.attachments.find((a) => !obs.epairs.has(epairKey(d.spec.name, a.network))) : undefined;
  if (lostEpair && reasons.length === 0) reasons.push(reason('drifted', `epair for ${lostEpair.network} missing`));
  if (datasetReplaced && reasons.length === 0) reasons.push(datasetReplaced);
  return reasons.length ? { op: 'replace', reasons } : { op: 'keep' };
}

/**
 * The reason when only the `meta` hash shows a change: the fields whose recorded digest differs (`env.WORKERS
 * changed`), or "configuration changed" where the host cannot tell (a jail of an older klee, no digests recorded).
 */
function hiddenChange(d: DesiredContainer, j: OwnedJail): Reason {
  const fields = j.fields ? changedFields(j.fields, d.spec.jailName, effectiveConfig(d.spec, d.root, d.attachments)) : [];
  return fields.length ? reason('changed', `${fields.join(', ')} changed`, fields) : reason('changed', 'configuration changed');
}

/** What jls shows that differs from the desired container (the reasons for a replacement, when derivable). */
function visibleChanges(j: OwnedJail, d: DesiredContainer): Reason[] {
  const out: Reason[] = [];
  const c = d.spec;
  if (j.jail.path !== d.root) out.push(reason('changed', `path changed (${j.jail.path} → ${d.root})`, [c.image ? 'image' : 'path']));
  if (j.jail.vnet !== (c.driver === 'vnet')) out.push(reason('changed', `driver changed (${j.jail.vnet ? 'vnet' : 'not vnet'} → ${c.driver})`, ['driver']));
  if (j.jail.hostname !== c.hostname) out.push(reason('changed', `hostname changed (${j.jail.hostname} → ${c.hostname})`, ['hostname']));
  if (!j.jail.vnet && c.driver === 'ipnet') {
    const have = [...j.jail.ip4, ...j.jail.ip6].map(canonAddr).sort().join(',');
    const want = d.attachments.flatMap((a) => [a.ip, a.ip6]).filter((x): x is string => !!x).map(canonAddr).sort().join(',');
    if (have !== want) out.push(reason('changed', `addresses changed (${have || 'none'} → ${want || 'none'})`, ['networks']));
  }
  return out;
}

/** Everything a container's actions are built from besides the container itself. */
export interface ContainerInputs {
  want: Want;
  obs: Observed;
  nets: ReadonlyMap<string, DesiredNetwork>;
  /** Interfaces the plan destroys (a removal leaves their aliases to the destroy). */
  destroyed: ReadonlySet<string>;
  /** Each vnet container's epair per network, without its side letter (epair kind). */
  epairs: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** Why a container's dataset is replaced (dataset kind). */
  datasetReplaced: ReadonlyMap<string, Reason>;
  /** The dataset of each container whose dataset the plan destroys (dataset kind): its removal says so. */
  datasetDestroyed: ReadonlyMap<string, string>;
}

/** The words for a container removed whose root is a ZFS clone the plan destroys. */
const rootDestroyed = (name: string, root: string, dataset: string | undefined) =>
  dataset === undefined ? undefined : `the files of container ${name} (its root ${root} is ZFS dataset ${dataset}, destroyed in this plan)`;

/** Plan the file's containers and remove the project's jails the file no longer has. */
export function planContainers(desired: readonly DesiredContainer[], inputs: ContainerInputs): ContainerPlan {
  const { want, obs } = inputs;
  const plan = {
    actions: [] as Action[], created: new Map<string, string>(), creations: [] as ContainerPlan['creations'], removal: new Map<string, string>(),
    kept: [] as ContainerPlan['kept'], removalOrder: [] as [string, string][], problems: collisions(want, obs), warnings: dying(obs),
  };
  const meta = hasJailMeta(obs.state);
  const decided = desired.map((d) => {
    const j = obs.jails.get(d.spec.name);
    return { d, j, decision: decideContainer(d, j, obs, inputs.nets, inputs.datasetReplaced.get(d.spec.name)) };
  });
  // Our jails the file no longer has (orphans are left as they are unless orphans go too).
  const inFile = new Set(want.containers.map((c) => c.name));
  const gone = [...obs.jails.values()].filter((j) => !inFile.has(j.container) && mayRemove(want, 'containers', j.container));
  // Which of its mounts each removal unmounts depends on all of the plan's removals (a shared root's are stacked).
  const unmounts = planUnmounts(obs.state, [...decided.filter((x) => x.decision.op === 'replace').map((x) => x.j!), ...gone]);
  plan.warnings.push(...unmounts.warnings);
  for (const p of unmounts.problems) plan.problems.push({ resource: containerId(p.container), message: p.message });
  const ctx: RemovalContext = { obs, destroyed: inputs.destroyed, unmounts: unmounts.targets };
  const remove = (j: OwnedJail, spec?: ContainerSpec) => {
    for (const a of removedAliases(ctx, j).left) {
      plan.warnings.push(`jail "${j.jail.name}": its address ${a.address} is left on interface ${a.interface}, a clone that is neither one of the project's interfaces nor a custom network's of the file: the address is that interface's`);
    }
    return removalCommands(ctx, j, spec);
  };
  for (const { d, j, decision } of decided) {
    if (decision.op === 'keep') {
      plan.kept.push({ d, jail: j! });
      const update = sourceUpdate(want, d, j!, obs.state);
      if (update) plan.actions.push(update);
      continue;
    }
    const id = containerId(d.spec.name);
    const attachments = withEpairs(d, inputs.epairs.get(d.spec.name));
    // What it is created with: in `meta` (14.3+), else in its record (host/jail-record.ts), written once the jail exists;
    // a record has no kernel limit on its size (META_FIELDS_MAX still bounds the digests). Either way it holds the
    // mounts the jail's creation makes, all a removal unmounts (unmount.ts).
    const { argv, value } = jailCreation(want.project, d.spec, d.root, attachments, d.hash, obs.state.sysctl.jailMetaMax, want.source);
    const create: PlannedCommand[] = [{ argv, ...envStdin(d.spec.env), undo: createUndo(argv, d.spec.jailName, d.root) }];
    if (!meta) create.push({ argv: writeRecordArgv(d.spec.jailName), stdin: recordText(value), undo: [removeRecordArgv(d.spec.jailName)] });
    const tooBig = meta ? metaTooLong(value, obs.state.sysctl.jailMetaMax) : undefined;
    if (tooBig) plan.problems.push({ resource: containerId(d.spec.name), message: `container "${d.spec.name}": ${tooBig}` });
    const name = d.spec.name, facts = containerFacts(d);
    if (decision.op === 'create') {
      plan.actions.push(action({ id, op: 'create', resource: 'container', name, why: [NOT_ON_HOST], commands: create, facts }));
    } else {
      const destroysData = rootDestroyed(name, j!.jail.path, inputs.datasetDestroyed.get(name));
      plan.actions.push(action({ id: deleteHalf(id), op: 'replace', resource: 'container', name, why: decision.reasons, commands: remove(j!, d.spec), facts, replacedBy: id, ...(destroysData ? { destroysData } : {}) }));
      plan.actions.push(action({ id, op: 'replace', resource: 'container', name, why: decision.reasons, commands: create, facts }));
      plan.removal.set(d.spec.name, deleteHalf(id));
    }
    plan.created.set(d.spec.name, id);
    plan.creations.push({ id, d });
  }
  for (const j of gone) {
    const id = containerId(j.container);
    const stop = want.stopFrom.find((c) => c.name === j.container);
    const destroysData = rootDestroyed(j.container, j.jail.path, inputs.datasetDestroyed.get(j.container));
    plan.actions.push(action({
      id, op: 'delete', resource: 'container', name: j.container, why: [want.down ? DOWN : NOT_IN_FILE], commands: remove(j, stop),
      facts: { jail: j.jail.name, root: j.jail.path }, ...(destroysData ? { destroysData } : {}),
    }));
    plan.removal.set(j.container, id);
  }
  plan.removalOrder = unmounts.order.map(([first, then]) => [plan.removal.get(first)!, plan.removal.get(then)!]);
  return plan;
}

/**
 * Why a `meta=` value is more than the kernel takes (the value and its NUL above security.jail.meta_maxbufsize:
 * jail_set fails with EFBIG, sys/kern/kern_jailmeta.c jm_osd_method_set); undefined if it fits.
 */
function metaTooLong(meta: string, max: number): string | undefined {
  const bytes = new TextEncoder().encode(meta).length + 1;
  if (bytes <= max) return undefined;
  return `its jail's meta, with the record of the mounts its creation makes, is ${bytes} bytes, more than the kernel's security.jail.meta_maxbufsize (${max}): jail -c would fail. Use fewer or shorter mounts, or raise the sysctl`;
}

/** Jails with a container's name that are not ours: the file's containers can never have them. */
function collisions(want: Want, obs: Observed): Problem[] {
  const inFile = new Set(want.containers.map((c) => c.name));
  return obs.own.collisions.filter((col) => inFile.has(col.container))
    .map((col) => ({ resource: containerId(col.container), message: `container "${col.container}": ${col.reason}; klee never touches it. Remove that jail or rename the container` }));
}

/** A dying jail is being removed by the kernel: planned as absent, and said so. */
function dying(obs: Observed): string[] {
  return obs.own.jails.filter((j) => j.jail.dying).map((j) => `jail "${j.jail.name}" is dying (being removed by the kernel); it is planned as absent`);
}

/**
 * A vnet container's attachments with the epairs the epair kind gave them, for its `jail -c` argv. Built field by
 * field: a spread copy (`{ ...a, epair }`) made the argv code measurably slower (docs/decisions.md, Issue 12).
 */
function withEpairs(d: DesiredContainer, epairs: ReadonlyMap<string, string> | undefined): Attachment[] {
  if (!epairs) return d.attachments;
  return d.attachments.map((a) => ({
    network: a.network, interface: a.interface, ip: a.ip, len: a.len, ip6: a.ip6, len6: a.len6, route4: a.route4, route6: a.route6, epair: epairs.get(a.network),
  }));
}

/** Key facts of a container for the human view. */
function containerFacts(d: DesiredContainer): Record<string, string> {
  const f: Record<string, string> = { driver: d.spec.driver };
  const addrs = d.attachments.flatMap((a) => [a.ip, a.ip6].filter((x): x is string => !!x).map((ip) => `${a.network}=${ip}`));
  if (addrs.length) f.addresses = addrs.join(',');
  const route = d.spec.driver === 'vnet' ? d.attachments.find((a) => a.ip && a.route4)?.route4 : undefined;
  if (route) f.route = route;
  f.root = d.root;
  return f;
}
