// Networks: find each file network's interface by its label, create, repair, replace or delete it; bridge gateways.
import { networkLabel } from '../host/labels.js';
import type { OwnedNetwork } from '../host/ownership.js';
import type { Inet4, Inet6, Interface } from '../host/types.js';
import type { NetworkSpec, Spec } from '../spec/types.js';
import type { PlanContext } from './context.js';
import { lowestFreeName } from './context.js';
import type { DesiredNetwork } from './desired.js';
import { deleteHalf, gatewayId, networkId } from './ids.js';
import { aliasesOnInterface } from './alias-index.js';
import { addrValue, firstHost, inSubnet, parseSubnet, rangeOf } from './ip.js';
import { isLinkLocal6 } from '../spec/addr.js';

/** Commands that remove a network interface: bridge members out first (deletem), then destroy. Members in `skip` are destroyed by the plan before. */
export function destroyCommands(iface: Interface, skip: Set<string>): string[][] {
  const out = iface.members.filter((m) => !skip.has(m)).sort().map((m) => ['ifconfig', iface.name, 'deletem', m]);
  out.push(['ifconfig', iface.name, 'destroy']);
  return out;
}

/**
 * The `ifconfig <lo|bridge> create description <label> up name <if>` command and its undo. ifconfig applies its
 * arguments in order after the clone (sbin/ifconfig/ifconfig.c): when the rename fails (`ioctl SIOCSIFNAME (set
 * name): File exists`, another klee project took the same lowest free kleeneN meanwhile), the clone `bridgeN`/`loN`
 * stays; labelled and up first, it is found again by its label (the next run uses it, down destroys it) instead of
 * being an unlabelled interface nobody can attribute.
 */
function createCommand(project: string, n: NetworkSpec, name: string) {
  const cloner = n.type === 'bridge' ? 'bridge' : 'lo';
  return { argv: ['ifconfig', cloner, 'create', 'description', networkLabel(project, n.name), 'up', 'name', name], undo: [['ifconfig', name, 'destroy']] };
}

function facts(n: NetworkSpec, iface: string): Record<string, string> {
  const f: Record<string, string> = { type: n.type, interface: iface };
  if (n.subnet) f.subnet = n.subnet;
  if (n.subnet6) f.subnet6 = n.subnet6;
  return f;
}

/** The addresses on a bridge or loopback that can be its gateway: not a jail's /32 or /128 alias, not link-local. */
function gatewayAddrs(iface: Interface, family: 4 | 6): (Inet4 | Inet6)[] {
  return family === 4 ? iface.inet.filter((a) => a.prefixlen < 32) : iface.inet6.filter((a) => a.prefixlen < 128 && !isLinkLocal6(a.address));
}

/** Why an owned interface can no longer serve the network: type or subnet changed (empty = it can). */
function replaceReasons(ctx: PlanContext, n: NetworkSpec, o: OwnedNetwork): string[] {
  const reasons: string[] = [];
  if (n.interface && n.interface !== o.interface) reasons.push(`interface changed (${o.interface} → ${n.interface})`);
  if (o.iface.kind !== n.type) reasons.push(`type changed (${o.iface.kind} → ${n.type})`);
  for (const [want, family] of [[n.subnet, 4], [n.subnet6, 6]] as const) {
    const s = want ? parseSubnet(want) : undefined;
    // The host keeps no subnet for a network; what it shows is the gateway's prefix and the addresses of our containers.
    const was = gatewayAddrs(o.iface, family).map((a) => rangeOf(a.address, a.prefixlen, family)).find((r) => r !== undefined);
    if (s && was && (was.first !== s.first || was.len !== s.len)) { reasons.push(`subnet changed (${was.cidr} → ${want})`); continue; }
    const aliases = aliasesOnInterface(ctx.own, o.interface).filter((a) => (a.family === 'inet') === (family === 4));
    if (s && aliases.some((a) => !inSubnet(a.address, s))) reasons.push(`subnet changed (addresses outside ${want})`);
  }
  return reasons;
}

/**
 * Unlabelled interface that our epairs or our jails' aliases show to be this network's (a lost label). Only a clone of
 * the network's own kind (lo for loopback, bridge for bridge), never one that another network of the file uses: a
 * container on a custom network (em0) and a new loopback network has its alias on em0, which is not the loopback's.
 */
function lostLabel(ctx: PlanContext, spec: Spec, n: NetworkSpec, candidates: Interface[]): Interface | undefined {
  const attached = new Set(spec.containers.filter((c) => c.networks.some((a) => a.network === n.name)).map((c) => c.name));
  const others = new Set(spec.networks.filter((x) => x.name !== n.name && x.interface).map((x) => x.interface!));
  return candidates.find((i) => !i.description && i.kind === n.type && i.name !== 'lo0' && !others.has(i.name) && (
    ctx.own.epairs.some((e) => e.network === n.name && i.members.includes(e.name)) ||
    ctx.own.aliases.some((a) => a.interface === i.name && attached.has(a.container))));
}

/** Plan every network of the file and the project's orphan networks; returns the desired networks in file order. */
export function planNetworks(ctx: PlanContext, spec: Spec): DesiredNetwork[] {
  const { actions, own, project } = ctx;
  for (const n of spec.networks) if (n.interface) ctx.names.add(n.interface);
  const out: DesiredNetwork[] = [];
  const kept = new Set<string>();
  for (const n of spec.networks) {
    const d = resolve(n);
    if (d) out.push(d);
  }
  // Orphans: labelled for this project but not a loopback/bridge network of the file any more, or duplicates.
  for (const o of own.networks) {
    if (kept.has(o.interface)) continue;
    const inFile = spec.networks.find((n) => n.name === o.network);
    const reason = !inFile ? 'not in file' : inFile.type === 'custom' ? 'network is custom now' : 'duplicate label';
    const oid = networkId(o.network) + (actions.has(networkId(o.network)) ? `:${o.interface}` : '');
    ctx.destroys.set(oid, o.iface);
    actions.add({ id: oid, op: 'delete', resource: 'network', name: o.network, reason, commands: [], facts: { type: o.iface.kind, interface: o.interface } });
  }
  return out;

  function resolve(n: NetworkSpec): DesiredNetwork | undefined {
    const id = networkId(n.name);
    const routes = gatewayFacts(n);
    if (n.type === 'custom') {
      if (!ctx.ifaceByName.has(n.interface!)) {
        ctx.problems.push(`network "${n.name}": the custom interface "${n.interface}" does not exist on the host (create it, or fix "interface" in the file)`);
      }
      return { spec: n, interface: n.interface!, status: 'keep', ...routes };
    }
    const mine = own.networks.filter((o) => o.network === n.name);
    const o = mine.find((x) => x.interface === n.interface) ?? mine[0];
    if (o) {
      kept.add(o.interface);
      const reasons = replaceReasons(ctx, n, o);
      if (reasons.length === 0) {
        if (!o.iface.up) actions.add({ id, op: 'update', resource: 'network', name: n.name, reason: 'interface down', commands: [{ argv: ['ifconfig', o.interface, 'up'], undo: [['ifconfig', o.interface, 'down']] }], facts: facts(n, o.interface) });
        planGateways(ctx, n, o.iface, 'keep');
        return { spec: n, interface: o.interface, status: 'keep', ...routes };
      }
      const name = n.interface ?? o.interface;
      if (name !== o.interface && !collisionFree(n, name)) return undefined;
      ctx.destroys.set(deleteHalf(id), o.iface);
      actions.replace(
        { id, resource: 'network', name: n.name, reason: reasons.join(', '), commands: [], facts: facts(n, o.interface) },
        { id, resource: 'network', name: n.name, reason: reasons.join(', '), commands: [createCommand(project, n, name)], facts: facts(n, name) },
      );
      planGateways(ctx, n, undefined, 'create');
      return { spec: n, interface: name, status: 'replace', ...routes };
    }
    const candidates = n.interface ? [ctx.ifaceByName.get(n.interface)].filter((i): i is Interface => !!i) : ctx.state.interfaces;
    const lost = lostLabel(ctx, spec, n, candidates);
    if (lost) {
      actions.add({ id, op: 'update', resource: 'network', name: n.name, reason: 'label missing', commands: [{ argv: ['ifconfig', lost.name, 'description', networkLabel(project, n.name)] }], facts: facts(n, lost.name) });
      planGateways(ctx, n, lost, 'keep');
      return { spec: n, interface: lost.name, status: 'keep', ...routes };
    }
    if (n.interface && !collisionFree(n, n.interface)) return undefined;
    const name = n.interface ?? lowestFreeName(ctx, 'kleene');
    actions.add({ id, op: 'create', resource: 'network', name: n.name, reason: 'not on host', commands: [createCommand(project, n, name)], facts: facts(n, name) });
    planGateways(ctx, n, undefined, 'create');
    return { spec: n, interface: name, status: 'create', ...routes };
  }

  function collisionFree(n: NetworkSpec, name: string): boolean {
    const i = ctx.ifaceByName.get(name);
    if (!i) return true;
    const what = i.description ? `description "${i.description}"` : 'no klee label';
    ctx.problems.push(`network "${n.name}": interface "${name}" already exists on the host and is not this network's (${what}); klee never touches it. Remove "interface: ${name}" to get a free kleeneN, or choose another name`);
    return false;
  }
}

/** Kleene's gateway facts: the bridge's own address (auto) and the vnet default route (auto or explicit). */
function gatewayFacts(n: NetworkSpec): Pick<DesiredNetwork, 'gateway4' | 'gateway6' | 'route4' | 'route6'> {
  const out: Pick<DesiredNetwork, 'gateway4' | 'gateway6' | 'route4' | 'route6'> = {};
  if (n.type !== 'bridge') return out;
  for (const [subnet, gw, family] of [[n.subnet, n.gateway, 4], [n.subnet6, n.gateway6, 6]] as const) {
    if (!subnet || gw === 'none') continue;
    const s = parseSubnet(subnet);
    const addr = gw === 'auto' ? firstHost(s) : gw;
    if (family === 4) { out.route4 = addr; if (gw === 'auto') out.gateway4 = `${addr}/${s.len}`; }
    else { out.route6 = addr; if (gw === 'auto') out.gateway6 = `${addr}/${s.len}`; }
  }
  return out;
}

/** Gateway aliases on a bridge: add the auto gateway when missing, remove a gateway the file no longer has. */
function planGateways(ctx: PlanContext, n: NetworkSpec, iface: Interface | undefined, mode: 'keep' | 'create'): void {
  if (n.type !== 'bridge') return;
  const g = gatewayFacts(n);
  const name = iface?.name;
  for (const family of [4, 6] as const) {
    const want = family === 4 ? g.gateway4 : g.gateway6;
    const inet = family === 4 ? 'inet' : 'inet6';
    const id = gatewayId(n.name, family);
    const have = iface ? gatewayAddrs(iface, family) : [];
    const [wantAddr] = want ? want.split('/') : [];
    const present = have.some((a) => addrValue(a.address, family) === addrValue(wantAddr ?? '', family));
    if (mode === 'keep') {
      for (const a of have) {
        if (want && addrValue(a.address, family) === addrValue(wantAddr, family)) continue;
        ctx.actions.add({ id: deleteHalf(`${id}:${a.address}`), op: 'delete', resource: 'gateway', name: n.name, reason: want ? 'gateway changed' : 'gateway not in file', commands: [{ argv: ['ifconfig', name!, inet, a.address, '-alias'], undo: [['ifconfig', name!, inet, `${a.address}/${a.prefixlen}`, 'alias']] }], facts: { interface: name!, address: `${a.address}/${a.prefixlen}` } });
      }
    }
    if (want && !present) {
      // The interface name is known only once the network is resolved; filled in by fillGatewayInterfaces.
      ctx.actions.add({ id, op: 'create', resource: 'gateway', name: n.name, reason: mode === 'keep' ? 'gateway missing' : 'not on host', commands: [{ argv: ['ifconfig', name ?? '', inet, want, 'alias'], undo: [['ifconfig', name ?? '', inet, wantAddr, '-alias']] }], facts: { interface: name ?? '', address: want }, after: [networkId(n.name)] });
    }
  }
}

/** Put the resolved interface names into gateway actions planned before the name was known. */
export function fillGatewayInterfaces(ctx: PlanContext, nets: DesiredNetwork[]): void {
  for (const d of nets) {
    for (const family of [4, 6] as const) {
      const a = ctx.actions.get(gatewayId(d.spec.name, family));
      if (!a) continue;
      a.facts.interface = d.interface;
      for (const c of a.commands) {
        c.argv[1] = d.interface;
        for (const u of c.undo ?? []) u[1] = d.interface;
      }
    }
  }
}
