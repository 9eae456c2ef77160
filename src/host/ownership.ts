// Which resources on a probed host belong to which klee project (pure: HostState in, ownership out).
// Rules (docs/decisions.md "Ownership and labels", docs/ownership.md): interfaces by their description label, trusted
// only on a clone of the kind klee makes for it; jails by name `<project>_<container>` confirmed by the `meta`
// parameter where the kernel has one; ipnet aliases through the owning jail's ip4.addr/ip6.addr.
import type { HostState, Interface, Jail } from './types.js';
import { type MountRecord, type ParsedJailMeta, type ParsedLabel, parseJailMeta, parseJailName, parseLabel } from './labels.js';
import { hostText } from './quote.js';

/** A network interface labelled `klee:<project>:<network>`. */
export interface OwnedNetwork {
  network: string;
  interface: string;
  iface: Interface;
}

/** An epair whose a side is labelled `klee:<project>:<container>:<network>`. */
export interface OwnedEpair {
  container: string;
  network: string;
  /** The a side (epairNa), as listed on the host. */
  name: string;
  /** The b side (epairNb); it may be inside a vnet jail and then absent from the host's list. */
  peer: string;
  /** The epair unit N. */
  unit: number;
  /** The host bridge it is a member of, if any. */
  bridge?: string;
  iface: Interface;
}

/** A jail named `<project>_<container>` that is ours (meta matches, or no meta support on this kernel). */
export interface OwnedJail {
  container: string;
  jail: Jail;
  /** The configuration hash recorded in `meta`, or on a kernel without it in its record (jail-record.ts); undefined when neither has one. */
  hash?: string;
  /** The digests of its fields recorded in `meta` or its record (klee:v2, v3); undefined when none were (older klee). */
  fields?: Record<string, string>;
  /** The file it was last applied from, as its `meta` (or record) holds it (labels.ts recordedSource); undefined when none does. */
  source?: string;
  /** The mounts its creation made, recorded in `meta` or its record file; undefined where neither has them (an older klee's, none kept). */
  mounts?: MountRecord[];
}

/** A jail with our name that is not ours (foreign or absent meta on a meta-capable kernel). */
export interface JailCollision {
  container: string;
  jail: Jail;
  reason: string;
}

/** An address of one of our jails (ip4.addr/ip6.addr) and where it sits on the host. */
export interface OwnedAlias {
  container: string;
  family: 'inet' | 'inet6';
  address: string;
  /** Host interface that carries it; undefined when it is missing (removed by hand). */
  interface?: string;
}

/** Everything one project owns on a host. Arrays are sorted for determinism. */
export interface Ownership {
  project: string;
  networks: OwnedNetwork[];
  epairs: OwnedEpair[];
  jails: OwnedJail[];
  collisions: JailCollision[];
  aliases: OwnedAlias[];
}

/** The interface clones klee creates: `ifconfig lo create` and `bridge create` for networks, `epair create` for vnet. */
export type CloneKind = 'lo' | 'bridge' | 'epair';

/**
 * The clone klee could have made this interface as, from what the host shows of it, never from its name or label:
 * a cloned interface is in its cloner's group and keeps it across renames (sys/net/if_clone.c if_clone_addgroup);
 * lo also carries IFF_LOOPBACK, which no one can set (IFF_CANTCHANGE) and lo0 (V_loif, if_loop.c) is the host's own;
 * a bridge prints the bridge block and no media line (parse/ifconfig.ts kind); klee's epairs keep their epairNa/b
 * names. em0, lo0, pflog0, a vlan or a tap are none of these, whatever their description says.
 */
export function cloneKind(i: Interface): CloneKind | undefined {
  if (i.kind === 'loopback' && i.groups.includes('lo') && i.flags.includes('LOOPBACK') && i.name !== 'lo0') return 'lo';
  if (i.kind === 'bridge' && i.groups.includes('bridge')) return 'bridge';
  if (i.kind === 'epair' && i.groups.includes('epair') && epairUnit(i.name) !== undefined) return 'epair';
  return undefined;
}

/** The clones a label may sit on: a network's interface is a lo or a bridge, a container's endpoint an epair a side. */
function labelFits(label: ParsedLabel, i: Interface): boolean {
  const kind = cloneKind(i);
  return label.kind === 'network' ? kind === 'lo' || kind === 'bridge' : kind === 'epair' && i.name.endsWith('a');
}

/** An interface's label when klee can trust it: written exactly as klee writes labels, on a clone of the kind it makes. */
export function trustedLabel(i: Interface): ParsedLabel | undefined {
  const label = parseLabel(i.description);
  return label && labelFits(label, i) ? label : undefined;
}

/**
 * Descriptions that claim to be klee's but that klee does not trust (trustedLabel), one message each: a `klee:` text
 * not of the label grammar (control characters, spaces, another shape) is garbage; a label on an interface klee could
 * not have created is someone else's. Either way the interface is foreign: listed, never acted on.
 */
export function untrustedLabels(state: HostState): string[] {
  const out: string[] = [];
  for (const i of state.interfaces) {
    if (!i.description?.startsWith('klee:') || trustedLabel(i)) continue;
    const label = parseLabel(i.description);
    const text = hostText(i.description);
    out.push(label
      ? `interface ${i.name} carries the klee label ${text}, but is ${describeKind(i)}, not a ${label.kind === 'network' ? 'cloned lo or bridge' : 'cloned epair a side'} klee could have made: it is not klee's, and is never touched`
      : `interface ${i.name} has the description ${text}, which is not a label klee writes: it is not trusted, and the interface is never touched`);
  }
  return out;
}

function describeKind(i: Interface): string {
  const kind = cloneKind(i);
  if (kind) return `a cloned ${kind}`;
  if (i.name === 'lo0') return "the host's own lo0";
  return i.kind === 'other' ? `an interface of another kind (groups: ${i.groups.join(' ') || 'none'})` : `a ${i.kind} interface`;
}

/** The unit N of an epair side name `epairNa`/`epairNb`; undefined for other names. */
export function epairUnit(name: string): number | undefined {
  const m = /^epair(\d+)[ab]$/.exec(name);
  return m ? Number(m[1]) : undefined;
}

/** Whether this host's kernel records the `meta` jail parameter (FreeBSD 14.3+/15). */
export function hasJailMeta(state: HostState): boolean {
  return state.sysctl.jailMetaMax > 0;
}

/** The `meta` value of a jail as jls reported it, if any. */
export function jailMetaValue(jail: Jail): string | undefined {
  const v = jail.params['meta'];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** The value a jail was created with: its `meta`, or on a kernel without one its record file's (jail-record.ts). */
export function recordedMeta(jail: Jail): string | undefined {
  return jailMetaValue(jail) ?? jail.record;
}

/** The resources of `project` on the host: networks, epairs, jails (and colliding jails), aliases. */
export function ownership(state: HostState, project: string): Ownership {
  const networks: OwnedNetwork[] = [];
  const epairs: OwnedEpair[] = [];
  const bridgeOf = new Map<string, string>();
  for (const i of state.interfaces) for (const m of i.members) bridgeOf.set(m, i.name);
  for (const iface of state.interfaces) {
    const label = trustedLabel(iface);
    if (!label || label.project !== project) continue;
    if (label.kind === 'network') {
      networks.push({ network: label.network, interface: iface.name, iface });
    } else {
      const unit = epairUnit(iface.name)!; // trustedLabel: an epairNa
      epairs.push({
        container: label.container, network: label.network, name: iface.name,
        peer: iface.epairPeer ?? `epair${unit}b`, unit, bridge: bridgeOf.get(iface.name), iface,
      });
    }
  }
  const jails: OwnedJail[] = [];
  const collisions: JailCollision[] = [];
  const metaCapable = hasJailMeta(state);
  for (const jail of state.jails) {
    const n = parseJailName(jail.name);
    if (!n || n.project !== project) continue;
    const raw = jailMetaValue(jail);
    const meta = parseJailMeta(raw);
    if (meta && meta.project === project && meta.container === n.container) {
      jails.push(ownedJail(n.container, jail, meta));
    } else if (!metaCapable && raw === undefined) {
      // Owned by its name (a kernel without `meta` shows nothing else); what it was created with is in its record.
      const rec = parseJailMeta(jail.record);
      const mine = rec && rec.project === project && rec.container === n.container ? rec : undefined;
      jails.push(ownedJail(n.container, jail, mine));
    } else {
      const why = raw === undefined ? 'it has no klee meta parameter' : `its meta is ${hostText(raw)}`;
      collisions.push({ container: n.container, jail, reason: `jail "${jail.name}" (jid ${jail.jid}) exists and is not klee's: ${why}` });
    }
  }
  // Where each address sits: on the project's own interface when one of them holds it (a user's interface may hold
  // the same address; it is theirs), else on the first that does.
  const where = new Map<string, string>();
  for (const i of [...networks.map((n) => n.iface), ...state.interfaces]) {
    for (const a of i.inet) if (!where.has(a.address)) where.set(a.address, i.name);
    for (const a of i.inet6) if (!where.has(a.address)) where.set(a.address, i.name);
  }
  const aliases: OwnedAlias[] = [];
  for (const j of jails) {
    if (j.jail.vnet) continue;
    for (const address of j.jail.ip4) aliases.push({ container: j.container, family: 'inet', address, interface: where.get(address) });
    for (const address of j.jail.ip6) aliases.push({ container: j.container, family: 'inet6', address, interface: where.get(address) });
  }
  networks.sort((a, b) => cmp(a.network, b.network) || cmp(a.interface, b.interface));
  epairs.sort((a, b) => cmp(a.container, b.container) || cmp(a.network, b.network) || a.unit - b.unit);
  jails.sort((a, b) => cmp(a.container, b.container));
  collisions.sort((a, b) => cmp(a.container, b.container));
  aliases.sort((a, b) => cmp(a.container, b.container) || cmp(a.family, b.family) || cmp(a.address, b.address));
  return { project, networks, epairs, jails, collisions, aliases };
}

/** One of the project's jails with what its meta value (in `meta`, or in its record) says it was created with. */
function ownedJail(container: string, jail: Jail, meta: ParsedJailMeta | undefined): OwnedJail {
  if (!meta) return { container, jail };
  return { container, jail, hash: meta.hash, ...(meta.fields ? { fields: meta.fields } : {}), ...(meta.mounts ? { mounts: meta.mounts } : {}),
    ...(meta.source !== undefined ? { source: meta.source } : {}) };
}

/**
 * The jails of klee projects other than `project`: a klee `meta` of another project, or, on a kernel without `meta`,
 * a name `<p>_<c>` of another project seen through a label or an anchor (listProjects).
 */
export function otherProjectJails(state: HostState, project: string): { project: string; container: string; jail: Jail }[] {
  const known = new Set(listProjects(state));
  const out: { project: string; container: string; jail: Jail }[] = [];
  for (const jail of state.jails) {
    const raw = jailMetaValue(jail);
    const owner = parseJailMeta(raw) ?? (raw === undefined && !hasJailMeta(state) ? parseJailName(jail.name) : undefined);
    if (owner && owner.project !== project && known.has(owner.project)) out.push({ project: owner.project, container: owner.container, jail });
  }
  return out;
}

/** The klee projects present on the host: from interface labels, jail metas and pf anchors, sorted. */
export function listProjects(state: HostState): string[] {
  const found = new Set<string>();
  for (const i of state.interfaces) {
    const l = trustedLabel(i);
    if (l) found.add(l.project);
  }
  for (const j of state.jails) {
    const meta = parseJailMeta(jailMetaValue(j));
    if (meta) found.add(meta.project);
  }
  for (const p of state.pf.projects) found.add(p);
  // Without `meta`, a jail name alone is not proof (`my_jail` is a common name): count it only
  // for a project already seen through a label.
  return [...found].sort(cmp);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
