// What the host has, as the planner reads it: the probed state, what the project owns there, and the indexes every
// kind looks things up in, built once per run (a scan of every alias per container or network was quadratic).
import { cloneKind, ownership, type OwnedAlias, type OwnedEpair, type OwnedJail, type Ownership } from '../host/ownership.js';
import type { HostState, Interface } from '../host/types.js';
import { pushTo } from './maps.js';

/** One planning run's read-only view of the host. */
export interface Observed {
  project: string;
  state: HostState;
  own: Ownership;
  ifaceByName: ReadonlyMap<string, Interface>;
  /** The project's jails by container, dying ones left out (they are being removed by the kernel: planned as absent). */
  jails: ReadonlyMap<string, OwnedJail>;
  /** The first of the project's epairs (in `own.epairs` order) of each container and network, keyed by epairKey. */
  epairs: ReadonlyMap<string, OwnedEpair>;
  /** `own.aliases` of each container, in order. */
  aliasesByContainer: ReadonlyMap<string, readonly OwnedAlias[]>;
  /** `own.aliases` on each host interface, in order (an alias removed by hand is on none). */
  aliasesByInterface: ReadonlyMap<string, readonly OwnedAlias[]>;
  /**
   * Where an alias of one of our jails is klee's (jail(8) added it for `ip4.addr=<if>|<a>`): the project's own
   * network interfaces (by label), the file's custom networks' interfaces, and every interface klee never creates
   * (cloneKind: em0, lo0, a vlan), which only a custom network makes a home, in this file or an earlier one. On an
   * unlabelled clone of the kinds klee makes that the file does not name (a user's `userlo` or bridge, or a network's
   * interface whose label was lost: klee cannot tell them apart), the address is that interface's: never kept for
   * the container, never taken off (aliasAtHome).
   */
  aliasHomes: ReadonlySet<string>;
}

/** Key of one container's epair on one network. */
export const epairKey = (container: string, network: string) => `${container}\0${network}`;

/** The first of the project's epairs (in `own.epairs` order) of each container and network, keyed by epairKey. */
export function firstEpairs(own: Ownership): Map<string, OwnedEpair> {
  const out = new Map<string, OwnedEpair>();
  for (const e of own.epairs) {
    const k = epairKey(e.container, e.network);
    if (!out.has(k)) out.set(k, e);
  }
  return out;
}

/** Read the host for `project`; `customInterfaces`: the file's custom networks' interfaces (Want). */
export function observe(project: string, state: HostState, customInterfaces: readonly string[] = []): Observed {
  const own = ownership(state, project);
  const byContainer = new Map<string, OwnedAlias[]>();
  const byInterface = new Map<string, OwnedAlias[]>();
  for (const a of own.aliases) {
    pushTo(byContainer, a.container, a);
    if (a.interface !== undefined) pushTo(byInterface, a.interface, a);
  }
  return {
    project, state, own,
    ifaceByName: new Map(state.interfaces.map((i) => [i.name, i])),
    jails: new Map(own.jails.filter((j) => !j.jail.dying).map((j) => [j.container, j])),
    epairs: firstEpairs(own), aliasesByContainer: byContainer, aliasesByInterface: byInterface,
    aliasHomes: new Set([...own.networks.map((n) => n.interface), ...customInterfaces, ...state.interfaces.filter((i) => cloneKind(i) === undefined).map((i) => i.name)]),
  };
}

const NONE: readonly OwnedAlias[] = [];

/** Every address a jail holds: its ip4.addr/ip6.addr, and inside a vnet jail the addresses of its interfaces. */
export const jailAddresses = (j: OwnedJail): string[] => [
  ...j.jail.ip4, ...j.jail.ip6, ...(j.jail.inside?.interfaces ?? []).flatMap((i) => [...i.inet, ...i.inet6].map((a) => a.address)),
];

/** The project's aliases of a container (ip4.addr/ip6.addr of its jail). */
export const aliasesOf = (obs: Observed, container: string): readonly OwnedAlias[] => obs.aliasesByContainer.get(container) ?? NONE;

/** Whether one of our jails' aliases sits where klee puts it (an interface of aliasHomes); false when it is on none. */
export const aliasAtHome = (obs: Observed, a: OwnedAlias): boolean => a.interface !== undefined && obs.aliasHomes.has(a.interface);

/** The project's aliases on a host interface. */
export const aliasesOn = (obs: Observed, iface: string): readonly OwnedAlias[] => obs.aliasesByInterface.get(iface) ?? NONE;
