// The plan's ordering rules, one named function each (terraform's graph transformers, graph_builder_plan.go Steps()):
// each reads the kinds' results, never an action's facts or the text of its id, and adds `after` edges. An edge to an
// action the plan does not have is a planner bug and throws. The canonical order among independent actions is graph.ts.
import { hasNameRef } from '../kernel-names.js';
import { canonAddr } from '../ip.js';
import type { AddressPlan } from '../kinds/address.js';
import type { ContainerPlan } from '../kinds/container.js';
import type { DesiredContainer } from '../desired.js';
import type { DatasetPlan } from '../kinds/dataset.js';
import type { EpairPlan } from '../kinds/epair.js';
import type { GatewayPlan } from '../kinds/gateway.js';
import type { NetworkPlan } from '../kinds/network.js';
import type { PfPlan } from '../kinds/pf.js';
import type { ServicePlan } from '../kinds/service.js';
import type { SysctlPlan } from '../kinds/sysctl.js';
import { pushTo } from '../maps.js';
import { normalPath } from '../../spec/normal-path.js';
import { aliasesOn, jailAddresses, type Observed } from '../observed.js';
import { removes, type Action } from '../types.js';

/** What the rules read: every kind's result and what the host has. */
export interface Planned {
  obs: Observed;
  networks: NetworkPlan;
  gateways: GatewayPlan;
  addresses: AddressPlan;
  epairs: EpairPlan;
  datasets: DatasetPlan;
  containers: ContainerPlan;
  pf: PfPlan;
  services: ServicePlan;
  sysctl: SysctlPlan;
}

/** The plan's actions by id; `after` adds edges (graph.ts refuses an edge to an action the plan does not have). */
export class Edges {
  private readonly byId: Map<string, Action>;

  constructor(readonly actions: readonly Action[]) {
    this.byId = new Map();
    for (const a of actions) this.byId.set(a.id, a);
  }

  /** `id` runs only after `before` (undefined: a relation the plan does not have, e.g. a network without an action). */
  after(id: string, before: string | undefined): void {
    const a = this.byId.get(id);
    if (!a) throw new Error(`planner bug: an ordering rule names ${id}, which the plan does not have`);
    if (before !== undefined) a.after.push(before);
  }
}

/** One ordering rule: adds edges among the plan's actions. */
export type OrderingRule = (e: Edges, p: Planned) => void;

/** A replacement's create half runs after its delete half (terraform's DeleteThenCreate). */
export const replacementHalves: OrderingRule = (e) => {
  for (const a of e.actions) if (a.replacedBy !== undefined) e.after(a.replacedBy, a.id);
};

/** Whatever is placed on a network (gateway, epair, restored alias, container) waits for the network's own action. */
export const onTheirNetwork: OrderingRule = (e, { networks, gateways, addresses, epairs, containers }) => {
  const step = (n: string) => networks.step.get(n);
  for (const g of gateways.created) e.after(g.id, step(g.network));
  for (const x of epairs.placed) e.after(x.id, step(x.network));
  for (const r of addresses.repaired) e.after(r.id, step(r.network));
  for (const { id, d } of containers.creations) for (const a of d.attachments) e.after(id, step(a.network));
};

/** An epair moved to a replaced bridge waits for the old bridge's destruction too (its name may be the new one's). */
export const epairsAfterTheOldBridge: OrderingRule = (e, { networks, epairs }) => {
  const oldHalf = new Map(networks.removals.filter((r) => r.replacedBy !== undefined).map((r) => [r.network, r.id]));
  for (const x of epairs.placed) if (x.op === 'update') e.after(x.id, oldHalf.get(x.network));
};

/** A container is created after its gateways, its epairs, its dataset, the containers of its depends_on and, for vnet, forwarding. */
export const containersAfterWhatTheyUse: OrderingRule = (e, { gateways, epairs, datasets, containers, sysctl }) => {
  const gatewaysOf = new Map<string, string[]>();
  for (const g of gateways.created) pushTo(gatewaysOf, g.network, g.id);
  for (const { id, d } of containers.creations) {
    const c = d.spec;
    for (const a of d.attachments) for (const g of gatewaysOf.get(a.network) ?? []) e.after(id, g);
    if (c.driver === 'vnet') {
      const mine = epairs.step.get(c.name);
      for (const a of d.attachments) e.after(id, mine?.get(a.network));
      e.after(id, sysctl.forwarding4);
      e.after(id, sysctl.forwarding6);
    }
    e.after(id, datasets.created.get(c.name));
    for (const dep of c.dependsOn) e.after(id, containers.created.get(dep));
  }
};

/** What a jail uses goes after the jail: its epairs (the b side may be inside it) and its dataset (its root). */
export const afterTheirJail: OrderingRule = (e, { epairs, datasets, containers }) => {
  for (const x of epairs.removed) e.after(x.id, containers.removal.get(x.epair.container));
  for (const x of datasets.removed) e.after(x.id, containers.removal.get(x.container));
};

/** Removals sharing a mount point run newest jail first: each unmounts the top instance, its own (kinds/unmount.ts). */
export const sharedMountsNewestFirst: OrderingRule = (e, { containers }) => {
  for (const [first, then] of containers.removalOrder) e.after(then, first);
};

/**
 * A network interface is destroyed after what sits on it: the jails with aliases or epairs on it, and its epairs. (Its
 * gateways need no edge: they are removed only from an interface the plan keeps.)
 */
export const networksAfterWhatSitsOnThem: OrderingRule = (e, { obs, networks, epairs, containers }) => {
  for (const r of networks.removals) {
    const iface = r.iface.name;
    for (const al of aliasesOn(obs, iface)) e.after(r.id, containers.removal.get(al.container));
    for (const x of obs.own.epairs) if (x.bridge === iface) e.after(r.id, containers.removal.get(x.container));
    for (const x of epairs.removed) if (x.epair.bridge === iface) e.after(r.id, x.id);
  }
};

/**
 * A container created or replaced waits for the removals of what it takes over (a rename, a container that takes
 * another's place): the jails that held its root, one of its addresses (`ip4.addr`/`ip6.addr`, or inside a vnet jail)
 * or one of its epair units (an a side of theirs, or a b side inside), and leaked aliases of its addresses. Its
 * dataset (an image clone mounted on its root) waits for the jails that held that root and the datasets mounted
 * there: ZFS mounts over a busy directory (zfsprops(7) overlay, on by default on FreeBSD), hiding the running jail's
 * root. (Its jail name `<project>_<container>` is only ever its own: the replacement halves order that.) Indexed by
 * what is freed once (quadratic otherwise).
 */
export const containersWaitForWhatTheyTakeOver: OrderingRule = (e, { obs, addresses, epairs, datasets, containers }) => {
  const freedBy = new Map<string, { action: string; container?: string }[]>(); // what is freed → what frees it
  const free = (key: string, action: string, container?: string) => pushTo(freedBy, key, { action, container });
  for (const l of addresses.leaked) free(`address ${canonAddr(l.address)}`, l.id);
  for (const x of datasets.removed) if (x.mountpoint !== undefined) free(`dataset on ${normalPath(x.mountpoint)}`, x.id, x.container);
  const epairsOf = new Map<string, number[]>();
  for (const x of obs.own.epairs) pushTo(epairsOf, x.container, x.unit);
  for (const j of obs.own.jails) {
    const action = containers.removal.get(j.container);
    if (action === undefined) continue;
    free(`root ${normalPath(j.jail.path)}`, action, j.container);
    for (const a of jailAddresses(j)) free(`address ${canonAddr(a)}`, action, j.container);
    for (const unit of epairsOf.get(j.container) ?? []) free(`epair ${unit}`, action, j.container);
    for (const i of j.jail.inside?.interfaces ?? []) if (/^epair\d+b$/.test(i.name)) free(`epair ${i.name.slice(5, -1)}`, action, j.container);
  }
  if (freedBy.size === 0) return;
  for (const { id, d } of containers.creations) {
    // an epair it reuses (a new one's unit is the kernel's choice, never one a jail holds)
    const reused = [...(epairs.stems.get(d.spec.name)?.values() ?? [])].filter((stem) => !hasNameRef(stem));
    const takes = [`root ${d.root}`, ...reused.map((stem) => `epair ${stem.slice('epair'.length)}`)];
    for (const a of d.attachments) for (const ip of [a.ip, a.ip6]) if (ip) takes.push(`address ${canonAddr(ip)}`);
    const waits = (who: string, keys: string[]) => {
      for (const k of keys) for (const f of freedBy.get(k) ?? []) if (f.container !== d.spec.name) e.after(who, f.action);
    };
    waits(id, takes);
    const dataset = datasets.created.get(d.spec.name);
    if (dataset !== undefined) waits(dataset, [`root ${d.root}`, `dataset on ${d.root}`]);
  }
};

/**
 * A program started again in its kept jail after its dependencies' own (re)start or creation (depends_on:
 * service_started); a wait for a depends_on condition after what starts the container it waits for, and before what
 * starts each container that waits (service_healthy, service_completed_successfully).
 */
export const servicesAfterTheirConditions: OrderingRule = (e, { services, containers }) => {
  const runs = (c: string) => services.started.get(c) ?? containers.created.get(c);
  for (const [c, id] of services.started) for (const d of services.dependsOn.get(c) ?? []) e.after(id, runs(d));
  for (const w of services.waits) {
    e.after(w.id, runs(w.container));
    for (const b of w.before) e.after(b, w.id);
  }
};

/** A pf load runs after what its rules name (network interfaces, epairs: created or changed) and IPv4 forwarding, which its NAT needs. */
export const pfAfterWhatItNames: OrderingRule = (e, { networks, epairs, pf, sysctl }) => {
  if (!pf.action || removes(pf.action)) return;
  for (const a of networks.actions) e.after(pf.action.id, a.id);
  for (const x of epairs.placed) e.after(pf.action.id, x.id);
  e.after(pf.action.id, sysctl.forwarding4);
};

/**
 * Isolation before exposure: a container on a network whose rules restrict traffic (pf kind: block rules, internal,
 * icc: false) starts only after the load that puts them in place: its creation, or its program started again in its
 * kept jail. A failed or interrupted load leaves them not started.
 */
export const containersAfterPf: OrderingRule = (e, { pf, containers, services }) => {
  if (!pf.action || removes(pf.action)) return;
  const restricted = (d: DesiredContainer) => d.attachments.some((a) => pf.restricts.has(a.network));
  for (const { id, d } of containers.creations) if (restricted(d)) e.after(id, pf.action.id);
  for (const { d } of containers.kept) {
    const start = services.started.get(d.spec.name);
    if (start !== undefined && restricted(d)) e.after(start, pf.action.id);
  }
};

/**
 * A load or flush that takes rules away waits until the containers they protected are gone: every container removal
 * (a removal, a replacement's delete half) goes first, so no running container is ever without its rules.
 */
export const pfAfterContainerRemovals: OrderingRule = (e, { pf, containers }) => {
  if (!pf.action) return;
  for (const removal of containers.removal.values()) e.after(pf.action.id, removal);
};

/**
 * Every rule, in the order they run (the order does not change the result: edges are a set). A service's stop order
 * is the order of its removal's commands (kinds/container-removal.ts), not an edge.
 */
export const ORDERING_RULES: readonly { name: string; rule: OrderingRule }[] = [
  { name: 'replacement halves', rule: replacementHalves },
  { name: 'on their network', rule: onTheirNetwork },
  { name: 'epairs after the old bridge', rule: epairsAfterTheOldBridge },
  { name: 'containers after what they use', rule: containersAfterWhatTheyUse },
  { name: 'after their jail', rule: afterTheirJail },
  { name: 'shared mounts newest first', rule: sharedMountsNewestFirst },
  { name: 'networks after what sits on them', rule: networksAfterWhatSitsOnThem },
  { name: 'containers wait for what they take over', rule: containersWaitForWhatTheyTakeOver },
  { name: 'services after their conditions', rule: servicesAfterTheirConditions },
  { name: 'pf after what it names', rule: pfAfterWhatItNames },
  { name: 'containers after pf', rule: containersAfterPf },
  { name: 'pf after container removals', rule: pfAfterContainerRemovals },
];

/** Apply every ordering rule to the plan's actions. */
export function applyOrderingRules(actions: readonly Action[], p: Planned): void {
  const e = new Edges(actions);
  for (const { rule } of ORDERING_RULES) rule(e, p);
}
