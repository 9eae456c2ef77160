// Containers: jails, their epairs (vnet), image datasets and ipnet alias repairs; orphans and leaked epairs.
import { epairLabel } from '../host/labels.js';
import type { OwnedEpair, OwnedJail } from '../host/ownership.js';
import type { ContainerSpec, Spec } from '../spec/types.js';
import { addrKey, chooseAddresses, firstEpairs } from './addresses.js';
import { aliasesOfContainer } from './alias-index.js';
import type { PlanContext } from './context.js';
import { lowestFreeUnit } from './context.js';
import type { Attachment, DesiredContainer, DesiredNetwork } from './desired.js';
import { addressId, containerId, datasetId, deleteHalf, epairId, FORWARDING6_ID, FORWARDING_ID, gatewayId, networkId } from './ids.js';
import { canonAddr, parseSubnet } from './ip.js';
import { configHash, jailCreateArgv, paramName } from './jail-argv.js';
import { findLeakedAliases, planLeakedAliases } from './leaks.js';
import { createUndo, removalCommands } from './removal.js';

/** Root directory of a container: its path, or /klee/<project>/<container> for an image clone. */
export function containerRoot(project: string, c: ContainerSpec): string {
  return c.path ?? `/klee/${project}/${c.name}`;
}

/** The ZFS dataset klee clones an image into: `<pool>/klee/<project>/<container>`. */
export function imageDataset(project: string, c: ContainerSpec): string | undefined {
  if (!c.image) return undefined;
  return `${c.image.split('/')[0].split('@')[0]}/klee/${project}/${c.name}`;
}

/** What jls shows that differs from the desired container (the reason for a replacement, when derivable). */
function visibleChanges(j: OwnedJail, d: DesiredContainer): string[] {
  const out: string[] = [];
  const c = d.spec;
  if (j.jail.path !== d.root) out.push(`path changed (${j.jail.path} → ${d.root})`);
  if (j.jail.vnet !== (c.driver === 'vnet')) out.push(`driver changed (${j.jail.vnet ? 'vnet' : 'not vnet'} → ${c.driver})`);
  if (!c.jailParams.some((p) => paramName(p) === 'host.hostname') && j.jail.hostname !== c.hostname) out.push(`hostname changed (${j.jail.hostname} → ${c.hostname})`);
  if (!j.jail.vnet && c.driver === 'ipnet') {
    const have = [...j.jail.ip4, ...j.jail.ip6].map(canonAddr).sort().join(',');
    const want = d.attachments.flatMap((a) => [a.ip, a.ip6]).filter((x): x is string => !!x).map(canonAddr).sort().join(',');
    if (have !== want) out.push(`addresses changed (${have || 'none'} → ${want || 'none'})`);
  }
  return out;
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

/**
 * Plan the file's containers and remove the project's jails, epairs, datasets and leaked aliases the file no longer
 * has. `stopFrom`: containers whose `exec.stop` jail_params give the stop command of a removed jail (down: the file, if any).
 */
export function planContainers(ctx: PlanContext, spec: Spec, nets: DesiredNetwork[], stopFrom: ContainerSpec[] = spec.containers): DesiredContainer[] {
  const { actions, own, project, state } = ctx;
  const netBy = new Map(nets.map((n) => [n.spec.name, n]));
  const lenOf = (cidr?: string) => (cidr ? parseSubnet(cidr).len : undefined);
  const prefixLens = new Map(nets.map((n) => [n.spec.name, [lenOf(n.spec.subnet), lenOf(n.spec.subnet6)]]));
  const jails = new Map<string, OwnedJail>();
  for (const j of own.jails) {
    if (j.jail.dying) ctx.warnings.push(`jail "${j.jail.name}" is dying (being removed by the kernel); it is planned as absent`);
    else jails.set(j.container, j);
  }
  const inFile = new Set(spec.containers.map((c) => c.name));
  for (const col of own.collisions) {
    if (inFile.has(col.container)) ctx.problems.push(`container "${col.container}": ${col.reason}; klee never touches it. Remove that jail or rename the container`);
  }
  const leaks = findLeakedAliases(ctx, nets);
  planLeakedAliases(ctx, leaks);
  const addrs = chooseAddresses(spec.containers, netBy, own, state, ctx.problems, new Set(leaks.map((l) => canonAddr(l.address))));
  const stopSpec = (name: string) => stopFrom.find((c) => c.name === name);
  const epairs = firstEpairs(own);
  const usedEpairs = new Set<string>();
  const desired: DesiredContainer[] = [];
  const deleted = new Set<string>(); // containers whose jail this plan removes

  for (const c of spec.containers) {
    if (c.networks.some((a) => !netBy.has(a.network))) continue; // its network failed; reported there
    const attachments: Attachment[] = c.networks.map((a) => {
      const d = netBy.get(a.network)!;
      const [len4, len6] = prefixLens.get(a.network)!;
      const ip = addrs.get(addrKey(c.name, a.network, 4));
      const ip6 = addrs.get(addrKey(c.name, a.network, 6));
      return {
        network: a.network, interface: d.interface,
        ip, len: ip ? len4 : undefined, ip6, len6: ip6 ? len6 : undefined,
        route4: d.route4, route6: d.route6,
      };
    });
    const root = containerRoot(project, c);
    const d: DesiredContainer = { spec: c, root, dataset: imageDataset(project, c), attachments, hash: configHash(c, root, attachments) };
    desired.push(d);
    const id = containerId(c.name);
    const j = jails.get(c.name);
    const reasons: string[] = [];
    if (j) {
      const replacedNets = attachments.filter((a) => netBy.get(a.network)!.status !== 'keep').map((a) => a.network);
      if (replacedNets.length) reasons.push(`network ${replacedNets.join(', ')} replaced`);
      const visible = visibleChanges(j, d);
      reasons.push(...visible);
      if (j.hash !== undefined && j.hash !== d.hash && reasons.length === 0) reasons.push('configuration changed');
    }
    // vnet: one epair per network (reuse a leftover one: a stopped container keeps its epairs).
    const epairActs: string[] = [];
    if (c.driver === 'vnet') {
      for (const a of attachments) {
        const bridge = netBy.get(a.network)!;
        const have = epairs.get(`${c.name}\0${a.network}`);
        const eid = epairId(c.name, a.network);
        epairActs.push(eid);
        if (have) {
          usedEpairs.add(have.name);
          a.epairUnit = have.unit;
          if (have.bridge !== bridge.interface || bridge.status !== 'keep') {
            const cmds = [];
            if (have.bridge && have.bridge !== bridge.interface && ![...ctx.destroys.values()].some((i) => i.name === have.bridge)) cmds.push({ argv: ['ifconfig', have.bridge, 'deletem', have.name] });
            cmds.push({ argv: ['ifconfig', bridge.interface, 'addm', have.name], undo: [['ifconfig', bridge.interface, 'deletem', have.name]] });
            actions.add({ id: eid, op: 'update', resource: 'epair', name: `${c.name}:${a.network}`, reason: `not a member of ${bridge.interface}`, commands: cmds, facts: { epair: have.name, bridge: bridge.interface }, after: [networkId(a.network), deleteHalf(networkId(a.network))] });
          }
        } else {
          a.epairUnit = lowestFreeUnit(ctx);
          const ea = `epair${a.epairUnit}a`;
          if (j && reasons.length === 0) reasons.push(`epair for ${a.network} missing`);
          actions.add({
            id: eid, op: 'create', resource: 'epair', name: `${c.name}:${a.network}`, reason: 'not on host',
            commands: [
              { argv: ['ifconfig', `epair${a.epairUnit}`, 'create', 'description', epairLabel(project, c.name, a.network), 'up'], undo: [['ifconfig', ea, 'destroy']] },
              { argv: ['ifconfig', bridge.interface, 'addm', ea], undo: [['ifconfig', bridge.interface, 'deletem', ea]] },
            ],
            facts: { epair: ea, bridge: bridge.interface }, after: [networkId(a.network)],
          });
        }
      }
    }
    // image: the clone the root lives on
    const dsAct: string[] = [];
    if (d.dataset) {
      const ds = state.datasets?.find((x) => x.name === d.dataset);
      const clone = { argv: ['zfs', 'clone', '-p', '-o', `mountpoint=${root}`, c.image!, d.dataset], undo: [['zfs', 'destroy', d.dataset]] };
      const dsFacts = { dataset: d.dataset, origin: c.image!, mountpoint: root };
      if (ds && (ds.origin !== c.image || ds.mountpoint !== root)) {
        const why = ds.origin !== c.image ? `image changed (${ds.origin ?? 'none'} → ${c.image})` : `mountpoint changed (${ds.mountpoint} → ${root})`;
        if (j && !reasons.length) reasons.push(why);
        actions.replace({ id: datasetId(c.name), resource: 'dataset', name: c.name, reason: why, commands: [{ argv: ['zfs', 'destroy', d.dataset] }], facts: dsFacts, after: [deleteHalf(id)] },
          { id: datasetId(c.name), resource: 'dataset', name: c.name, reason: why, commands: [clone], facts: dsFacts });
        dsAct.push(datasetId(c.name));
      } else if (!ds && (state.datasets !== undefined || !j)) {
        actions.add({ id: datasetId(c.name), op: 'create', resource: 'dataset', name: c.name, reason: 'not on host', commands: [clone], facts: dsFacts });
        dsAct.push(datasetId(c.name));
      }
    }
    if (!j || reasons.length) {
      // The jail -c argv, its undo and the ordering are built only for a container that is created or replaced:
      // an unchanged one (most of a converged project) has its hash already (d.hash, from the same inputs).
      const after = [
        ...attachments.flatMap((a) => [networkId(a.network), gatewayId(a.network, 4), gatewayId(a.network, 6)]),
        ...epairActs, ...dsAct, ...c.dependsOn.map(containerId), ...(c.driver === 'vnet' ? [FORWARDING_ID, FORWARDING6_ID] : []),
      ];
      const createArgv = jailCreateArgv(project, c, root, attachments, d.hash);
      const create = { argv: createArgv, undo: createUndo(createArgv, c.jailName, root) };
      const facts = containerFacts(d);
      if (!j) {
        actions.add({ id, op: 'create', resource: 'container', name: c.name, reason: 'not on host', commands: [create], facts, after });
      } else {
        deleted.add(c.name);
        actions.replace({ id, resource: 'container', name: c.name, reason: reasons.join(', '), commands: removalCommands(ctx, j, c), facts },
          { id, resource: 'container', name: c.name, reason: reasons.join(', '), commands: [create], facts, after });
      }
    } else if (c.driver === 'ipnet') {
      repairAliases(ctx, j, d);
    }
  }

  // Orphans: our jails the file no longer has.
  for (const j of jails.values()) {
    if (inFile.has(j.container)) continue;
    deleted.add(j.container);
    actions.add({ id: containerId(j.container), op: 'delete', resource: 'container', name: j.container, reason: 'not in file', commands: removalCommands(ctx, j, stopSpec(j.container)), facts: { jail: j.jail.name, root: j.jail.path } });
  }
  for (const e of own.epairs) if (!usedEpairs.has(e.name)) deleteEpair(ctx, e, deleted.has(e.container) && !inFile.has(e.container) ? 'not in file' : 'leaked epair');
  const wanted = new Set(desired.map((d) => d.dataset).filter(Boolean));
  const re = new RegExp(`^[^/]+/klee/${project}/([^/]+)$`);
  for (const ds of state.datasets ?? []) {
    const m = re.exec(ds.name);
    if (!m || wanted.has(ds.name)) continue;
    const did = actions.has(datasetId(m[1])) ? `${datasetId(m[1])}:${ds.name}` : datasetId(m[1]);
    actions.add({ id: did, op: 'delete', resource: 'dataset', name: m[1], reason: 'not in file', commands: [{ argv: ['zfs', 'destroy', ds.name] }], facts: { dataset: ds.name }, after: [actions.removal(containerId(m[1])) ?? ''] });
  }
  // A container created or replaced waits for the removal of jails (and leaked aliases) that held one of its addresses.
  // Indexed by address once: scanning every removed jail's addresses for every container was quadratic.
  const freedBy = new Map<string, { action: string; container?: string }[]>(); // canonical address → what frees it
  const free = (address: string, action: string, container?: string) => {
    const k = canonAddr(address);
    const list = freedBy.get(k);
    if (list) list.push({ action, container });
    else freedBy.set(k, [{ action, container }]);
  };
  for (const l of leaks) free(l.address, l.id);
  for (const j of own.jails) {
    if (!deleted.has(j.container)) continue;
    const action = actions.removal(containerId(j.container))!;
    for (const a of [...j.jail.ip4, ...j.jail.ip6]) free(a, action, j.container);
    for (const i of j.jail.inside?.interfaces ?? []) for (const a of [...i.inet, ...i.inet6]) free(a.address, action, j.container);
  }
  if (freedBy.size) for (const d of desired) {
    for (const a of d.attachments) for (const ip of [a.ip, a.ip6]) {
      for (const f of (ip && freedBy.get(canonAddr(ip))) || []) if (f.container !== d.spec.name) actions.order(containerId(d.spec.name), f.action);
    }
  }
  return desired;
}

/** Remove an epair of ours: after the jail that may hold its b side. */
function deleteEpair(ctx: PlanContext, e: OwnedEpair, reason: string): void {
  const id = ctx.actions.has(epairId(e.container, e.network)) ? `${epairId(e.container, e.network)}:${e.name}` : epairId(e.container, e.network);
  ctx.actions.add({
    id, op: 'delete', resource: 'epair', name: `${e.container}:${e.network}`, reason,
    commands: [{ argv: ['ifconfig', e.name, 'destroy'] }], facts: { epair: e.name, ...(e.bridge ? { bridge: e.bridge } : {}) },
    after: [ctx.actions.removal(containerId(e.container)) ?? ''],
  });
}

/** A running ipnet jail whose alias was removed by hand: add it back (klee's removal takes it off again, see removal.ts). */
function repairAliases(ctx: PlanContext, j: OwnedJail, d: DesiredContainer): void {
  for (const a of d.attachments) {
    const cmds = [];
    for (const [family, ip, len] of [['inet', a.ip, 32], ['inet6', a.ip6, 128]] as const) {
      if (!ip) continue;
      const al = aliasesOfContainer(ctx.own, j.container).find((x) => canonAddr(x.address) === canonAddr(ip));
      if (al && al.interface === undefined) cmds.push({ argv: ['ifconfig', a.interface, family, `${ip}/${len}`, 'alias'], undo: [['ifconfig', a.interface, family, ip, '-alias']] });
    }
    if (cmds.length) {
      ctx.actions.add({ id: addressId(d.spec.name, a.network), op: 'update', resource: 'address', name: `${d.spec.name}:${a.network}`, reason: 'alias missing on host', commands: cmds, facts: { interface: a.interface, address: [a.ip, a.ip6].filter(Boolean).join(',') }, after: [networkId(a.network)] });
    }
  }
}
