// Fingerprints of what a plan was made from, for saved plans (`klee plan -o`, `klee up --plan`): a digest per part of
// the normalised file (each network, each container, the name) and per part of the host state (each interface, each
// jail, pf, sysctls, routes, mounts, datasets), so that a stale plan is refused naming what changed. Pure.
import type { HostState, Interface, Jail } from '../host/types.js';
import type { NormDoc } from '../spec/normalized.js';
import { canonicalJson, shortHash } from '../planner/hash.js';

/** Digests by part name ("containers.db", "interface kleene0"). */
export type Fingerprint = Record<string, string>;

/** The file's parts: its project name and each network and container as normalised (variables interpolated). */
export function fileFingerprint(doc: NormDoc, project: string): Fingerprint {
  const out: Fingerprint = { project: shortHash(project) };
  for (const [n, v] of Object.entries(doc.networks)) out[`networks.${n}`] = shortHash(canonicalJson(v));
  for (const [c, v] of Object.entries(doc.containers)) out[`containers.${c}`] = shortHash(canonicalJson(v));
  return out;
}

/** What the planner reads of an interface (not its counters, media or carrier, which change by themselves). */
function interfacePart(i: Interface): unknown {
  return { kind: i.kind, up: i.up, mtu: i.mtu, description: i.description, groups: i.groups, members: i.members,
    inet: i.inet.map((a) => [a.address, a.prefixlen]), inet6: i.inet6.map((a) => [a.address, a.prefixlen]) };
}

/** What the planner reads of a jail (the inside of a vnet jail as of an interface). */
function jailPart(j: Jail): unknown {
  const inside = j.inside && { interfaces: j.inside.interfaces.map(interfacePart), route4: j.inside.defaultRoute4, route6: j.inside.defaultRoute6 };
  return { jid: j.jid, path: j.path, hostname: j.hostname, vnet: j.vnet, ip4: j.ip4, ip6: j.ip6, params: j.params, dying: j.dying, inside };
}

/** The host's parts, as probed. */
export function hostFingerprint(state: HostState): Fingerprint {
  const out: Fingerprint = {};
  for (const i of state.interfaces) out[`interface ${i.name}`] = shortHash(canonicalJson(interfacePart(i)));
  for (const j of state.jails) out[`jail ${j.name}`] = shortHash(canonicalJson(jailPart(j)));
  out.pf = shortHash(canonicalJson(state.pf));
  out.sysctl = shortHash(canonicalJson(state.sysctl));
  out['default route'] = shortHash(canonicalJson(state.defaultRoute ?? null));
  out.mounts = shortHash(canonicalJson(state.mounts ?? null));
  out['ZFS datasets'] = shortHash(canonicalJson(state.datasets ?? null));
  out.version = shortHash(state.version);
  return out;
}

/** The parts that differ, in words: "containers.db changed", "interface epair3a is new", "jail web_db is gone". */
export function fingerprintChanges(then: Fingerprint, now: Fingerprint): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(then)) {
    if (!Object.hasOwn(now, k)) out.push(`${k} is gone`);
    else if (now[k] !== v) out.push(`${k} changed`);
  }
  for (const k of Object.keys(now)) if (!Object.hasOwn(then, k)) out.push(`${k} is new`);
  return out.sort();
}
