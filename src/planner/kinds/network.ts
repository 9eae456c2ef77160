// Networks: find each file network's interface by its label; keep, repair, create or replace it; remove the others
// the project owns. Removal actions are built by removeNetworks, once the epairs that leave the bridges are known.
import { networkLabel } from '../../host/labels.js';
import type { OwnedNetwork } from '../../host/ownership.js';
import type { Interface } from '../../host/types.js';
import { hostText } from '../../host/quote.js';
import type { NetworkSpec } from '../../spec/types.js';
import type { Allocation } from '../allocation.js';
import { mayRemove, type DesiredNetwork, type Want } from '../desired.js';
import type { Problem } from '../errors.js';
import { deleteHalf, networkId } from '../ids.js';
import { inSubnet, parseSubnet, rangeOf } from '../ip.js';
import { aliasesOn, type Observed } from '../observed.js';
import { action } from '../action.js';
import { DOWN, NOT_IN_FILE, NOT_ON_HOST, reason, type Reason } from '../reason.js';
import type { Action, PlannedCommand } from '../types.js';
import { gatewayAddrs, gatewayFacts } from './gateway.js';

/** An interface this plan destroys: a network the project no longer has, or the old half of a replacement. */
export interface NetworkRemoval {
  id: string;
  network: string;
  iface: Interface;
  reasons: Reason[];
  facts: Record<string, string>;
  /** The create half, for a replacement. */
  replacedBy?: string;
}

/** The network actions of a plan (removals apart), and what the other kinds and the ordering rules need to know. */
export interface NetworkPlan {
  /** The file's networks with their interfaces, in file order; a network whose interface collides is left out (its problem says why). */
  resolved: DesiredNetwork[];
  /** Creations, repairs and the create halves of replacements. */
  actions: Action[];
  removals: NetworkRemoval[];
  /** Names of the interfaces in `removals`. */
  destroyed: ReadonlySet<string>;
  /** Per network name, the action with its plain id `network:<n>`: what everything placed on the network waits for. */
  step: ReadonlyMap<string, string>;
  problems: Problem[];
}

/** What the planner does with one file network. */
type Decision =
  | { op: 'keep'; interface: string; kept?: Interface; repair?: { reason: Reason; command: PlannedCommand } }
  | { op: 'create'; interface: string }
  | { op: 'replace'; interface: string; old: OwnedNetwork; reasons: Reason[] }
  | { op: 'refuse'; problem: string };

/** Plan every network of the file and find the project's other network interfaces (their removals). */
export function planNetworks(want: Want, obs: Observed, alloc: Allocation): NetworkPlan {
  const plan = { resolved: [] as DesiredNetwork[], actions: [] as Action[], removals: [] as NetworkRemoval[], step: new Map<string, string>(), problems: [] as Problem[] };
  const kept = new Set<string>();
  for (const n of want.networks) {
    const d = decideNetwork(obs, alloc, n, kept);
    const id = networkId(n.name);
    // A missing custom interface is reported, and the network still resolved: its containers' problems are found too.
    if (n.type === 'custom' && !obs.ifaceByName.has(n.interface!)) {
      plan.problems.push({ resource: id, message: `network "${n.name}": the custom interface "${n.interface}" does not exist on the host (create it, or fix "interface" in the file)` });
    }
    if (d.op === 'refuse') { plan.problems.push({ resource: id, message: d.problem }); continue; }
    plan.resolved.push({ spec: n, interface: d.interface, status: d.op, ...(d.op === 'keep' && d.kept ? { kept: d.kept } : {}), ...gatewayFacts(n) });
    const action = networkAction(want.project, n, d);
    if (!action) continue;
    plan.actions.push(action);
    plan.step.set(n.name, id);
    if (d.op === 'replace') {
      plan.removals.push({ id: deleteHalf(id), network: n.name, iface: d.old.iface, reasons: d.reasons, facts: networkFacts(n, d.old.interface), replacedBy: id });
    }
  }
  // Interfaces labelled for this project that no loopback/bridge network of the file keeps: duplicates, networks that
  // are custom now, and orphans (networks the file does not name: left as they are unless orphans go too).
  for (const o of obs.own.networks) {
    if (kept.has(o.interface) || !mayRemove(want, 'networks', o.network)) continue;
    const inFile = want.networks.find((n) => n.name === o.network);
    const why = want.down ? DOWN : !inFile ? NOT_IN_FILE : inFile.type === 'custom' ? reason('unwanted', 'network is custom now') : reason('leaked', 'duplicate label');
    const id = plan.step.has(o.network) ? `${networkId(o.network)}:${o.interface}` : networkId(o.network);
    if (!plan.step.has(o.network)) plan.step.set(o.network, id);
    plan.removals.push({ id, network: o.network, iface: o.iface, reasons: [why], facts: { type: o.iface.kind, interface: o.interface } });
  }
  return { ...plan, destroyed: new Set(plan.removals.map((r) => r.iface.name)) };
}

/** The delete actions of the plan's removals: bridge members out first (deletem; not the epairs the plan destroys), then destroy. */
export function removeNetworks(removals: readonly NetworkRemoval[], destroyedEpairs: ReadonlySet<string>): Action[] {
  return removals.map((r) => action({
    id: r.id, op: r.replacedBy ? 'replace' : 'delete', resource: 'network', name: r.network, why: r.reasons,
    commands: destroyCommands(r.iface, destroyedEpairs).map((argv) => ({ argv })), facts: r.facts, replacedBy: r.replacedBy,
  }));
}

/** Commands that remove a network interface: bridge members out first (deletem), then destroy. Members in `skip` are destroyed by the plan before. */
export function destroyCommands(iface: Interface, skip: ReadonlySet<string>): string[][] {
  const out = iface.members.filter((m) => !skip.has(m)).sort().map((m) => ['ifconfig', iface.name, 'deletem', m]);
  out.push(['ifconfig', iface.name, 'destroy']);
  return out;
}

/**
 * One file network: custom (the user's, kept as it is), ours (keep, repair or replace), or new (create). An interface
 * without the network's label is never taken for it, whatever it holds: a user's `userlo` holding a container's old
 * address, or a bridge with one of our epairs in it, is theirs (docs/ownership.md "A lost label").
 */
function decideNetwork(obs: Observed, alloc: Allocation, n: NetworkSpec, kept: Set<string>): Decision {
  if (n.type === 'custom') return { op: 'keep', interface: n.interface! };
  const mine = obs.own.networks.filter((o) => o.network === n.name);
  const o = mine.find((x) => x.interface === n.interface) ?? mine[0];
  if (o) {
    kept.add(o.interface);
    const reasons = replaceReasons(obs, n, o);
    if (reasons.length === 0) {
      const repair = o.iface.up ? undefined : { reason: reason('drifted', 'interface down'), command: { argv: ['ifconfig', o.interface, 'up'], undo: [['ifconfig', o.interface, 'down']] } };
      return { op: 'keep', interface: o.interface, kept: o.iface, ...(repair ? { repair } : {}) };
    }
    const name = n.interface ?? o.interface;
    const problem = name !== o.interface ? collision(obs, n, name) : undefined;
    return problem ? { op: 'refuse', problem } : { op: 'replace', interface: name, old: o, reasons };
  }
  const problem = n.interface ? collision(obs, n, n.interface) : undefined;
  return problem ? { op: 'refuse', problem } : { op: 'create', interface: n.interface ?? alloc.name('kleene') };
}

/** The action of a decided network (none when it is kept as it is). */
function networkAction(project: string, n: NetworkSpec, d: Exclude<Decision, { op: 'refuse' }>): Action | undefined {
  const base = { id: networkId(n.name), resource: 'network' as const, name: n.name, facts: networkFacts(n, d.interface) };
  if (d.op === 'keep') return d.repair ? action({ ...base, op: 'update', why: [d.repair.reason], commands: [d.repair.command] }) : undefined;
  if (d.op === 'create') return action({ ...base, op: 'create', why: [NOT_ON_HOST], commands: [createCommand(project, n, d.interface)] });
  return action({ ...base, op: 'replace', why: d.reasons, commands: [createCommand(project, n, d.interface)] });
}

/** A name the file asks for that the host already has and that is not this network's: the problem text (undefined when free). */
function collision(obs: Observed, n: NetworkSpec, name: string): string | undefined {
  const i = obs.ifaceByName.get(name);
  if (!i) return undefined;
  const what = i.description ? `description ${hostText(i.description)}` : 'no klee label';
  return `network "${n.name}": interface "${name}" already exists on the host and is not this network's (${what}); klee never touches it. Remove "interface: ${name}" to get a free kleeneN, or choose another name`;
}

/**
 * The `ifconfig <lo|bridge> create description <label> up name <if>` command and its undo. ifconfig applies its
 * arguments in order after the clone (sbin/ifconfig/ifconfig.c): when the rename fails (`ioctl SIOCSIFNAME (set
 * name): File exists`, another klee project took the same lowest free kleeneN meanwhile), the clone `bridgeN`/`loN`
 * stays; labelled and up first, it is found again by its label (the next run uses it, down destroys it) instead of
 * being an unlabelled interface nobody can attribute.
 */
function createCommand(project: string, n: NetworkSpec, name: string): PlannedCommand {
  const cloner = n.type === 'bridge' ? 'bridge' : 'lo';
  return { argv: ['ifconfig', cloner, 'create', 'description', networkLabel(project, n.name), 'up', 'name', name], undo: [['ifconfig', name, 'destroy']] };
}

function networkFacts(n: NetworkSpec, iface: string): Record<string, string> {
  const f: Record<string, string> = { type: n.type, interface: iface };
  if (n.subnet) f.subnet = n.subnet;
  if (n.subnet6) f.subnet6 = n.subnet6;
  return f;
}

/** Why an owned interface can no longer serve the network: interface, type or subnet changed (empty = it can). */
function replaceReasons(obs: Observed, n: NetworkSpec, o: OwnedNetwork): Reason[] {
  const reasons: Reason[] = [];
  if (n.interface && n.interface !== o.interface) reasons.push(reason('changed', `interface changed (${o.interface} → ${n.interface})`, ['interface']));
  if (o.iface.kind !== n.type) reasons.push(reason('changed', `type changed (${o.iface.kind} → ${n.type})`, ['type']));
  for (const [want, family, field] of [[n.subnet, 4, 'subnet'], [n.subnet6, 6, 'subnet6']] as const) {
    const s = want ? parseSubnet(want) : undefined;
    // The host keeps no subnet for a network; what it shows is the gateway's prefix and the addresses of our containers.
    const was = gatewayAddrs(o.iface, family).map((a) => rangeOf(a.address, a.prefixlen, family)).find((r) => r !== undefined);
    if (s && was && (was.first !== s.first || was.len !== s.len)) { reasons.push(reason('changed', `subnet changed (${was.cidr} → ${want})`, [field])); continue; }
    const aliases = aliasesOn(obs, o.interface).filter((a) => (a.family === 'inet') === (family === 4));
    if (s && aliases.some((a) => !inSubnet(a.address, s))) reasons.push(reason('changed', `subnet changed (addresses outside ${want})`, [field]));
  }
  return reasons;
}
