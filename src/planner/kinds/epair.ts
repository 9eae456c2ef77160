// Epairs: one per vnet container and network, its a side a member of the network's bridge, its b side moved into the
// jail by the container's `jail -c`. Reused when it exists (a stopped container keeps its epairs), removed when
// nothing uses it.
import { epairGroup, epairLabel } from '../../host/labels.js';
import type { OwnedEpair } from '../../host/ownership.js';
import { mayRemove, type DesiredContainer, type DesiredNetwork, type Want } from '../desired.js';
import { epairId } from '../ids.js';
import { nameRef } from '../kernel-names.js';
import { mapAt } from '../maps.js';
import { epairKey, type Observed } from '../observed.js';
import { action } from '../action.js';
import { DOWN, NOT_IN_FILE, NOT_ON_HOST, reason, type Reason } from '../reason.js';
import type { Action, PlannedCommand } from '../types.js';

/** The epair actions of a plan, and what the containers, pf and the ordering rules need to know. */
export interface EpairPlan {
  actions: Action[];
  /**
   * Each vnet container's epair on each network, without its side letter: container → network → `epair3` for one that
   * exists, or a reference to the name the kernel will print for one this plan creates (kernel-names.ts).
   */
  stems: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** Per container and network, the action with the plain id `epair:<c>:<n>`: what the container waits for. */
  step: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** Creations and bridge repairs: each waits for its network. */
  placed: { id: string; network: string; op: 'create' | 'update' }[];
  /** Removals: each waits for the removal of the jail that may hold its b side. */
  removed: { id: string; epair: OwnedEpair }[];
  /** The a sides this plan destroys. */
  destroyed: ReadonlySet<string>;
}

/** The key of the name the kernel gives a container's new epair on a network (kernel-names.ts). */
export const epairNameKey = (container: string, network: string): string => `epair:${container}:${network}`;

/**
 * Plan the epairs of the vnet containers and remove the rest. A new epair's unit is the kernel's choice (`ifconfig epair
 * create` prints it): the host may hold units nobody can see (a renamed epair keeps its unit, sys/net/if_epair.c
 * epair_handle_unit → ifc_alloc_unit; one whose ends both live in jails is not listed at all).
 */
export function planEpairs(want: Want, obs: Observed, desired: readonly DesiredContainer[], nets: ReadonlyMap<string, DesiredNetwork>, destroyedIfs: ReadonlySet<string>): EpairPlan {
  const actions: Action[] = [], placed: EpairPlan['placed'] = [], removed: EpairPlan['removed'] = [];
  const stems = new Map<string, Map<string, string>>(), step = new Map<string, Map<string, string>>();
  const used = new Set<string>();
  const inFile = new Set(want.containers.map((c) => c.name));
  const taken = (c: string, n: string) => step.get(c)?.has(n) ?? false;
  const add = (c: string, n: string, a: Action) => {
    actions.push(a);
    if (!taken(c, n)) mapAt(step, c).set(n, a.id);
  };
  for (const d of desired) {
    if (d.spec.driver !== 'vnet') continue;
    for (const a of d.attachments) {
      const bridge = nets.get(a.network)!;
      const have = obs.epairs.get(epairKey(d.spec.name, a.network));
      if (have) used.add(have.name);
      mapAt(stems, d.spec.name).set(a.network, have ? `epair${have.unit}` : nameRef(epairNameKey(d.spec.name, a.network)));
      const group = epairGroup(want.project, a.network);
      const action = have ? repairEpair(d.spec.name, a.network, have, bridge, group, destroyedIfs) : createEpair(want.project, d.spec.name, a.network, group, bridge.interface);
      if (!action) continue;
      add(d.spec.name, a.network, action);
      placed.push({ id: action.id, network: a.network, op: have ? 'update' : 'create' });
    }
  }
  for (const e of obs.own.epairs) {
    if (used.has(e.name)) continue;
    // An orphan's epair stays with its running jail (and on its bridge: pf's icc rule names its group).
    if (obs.jails.has(e.container) && !inFile.has(e.container) && !mayRemove(want, 'containers', e.container)) continue;
    const id = taken(e.container, e.network) ? `${epairId(e.container, e.network)}:${e.name}` : epairId(e.container, e.network);
    add(e.container, e.network, removeEpair(id, e, removalReason(want, obs, inFile, e)));
    removed.push({ id, epair: e });
  }
  return { actions, stems, step, placed, removed, destroyed: new Set(removed.map((r) => r.epair.name)) };
}

/**
 * An existing epair that is not a member of its (kept) bridge, or not in its network's group: move it (deletem from a
 * bridge the plan keeps, then addm), put it in the group.
 */
function repairEpair(container: string, network: string, have: OwnedEpair, bridge: DesiredNetwork, group: string, destroyedIfs: ReadonlySet<string>): Action | undefined {
  const joins = !(have.bridge === bridge.interface && bridge.status === 'keep');
  const grouped = have.iface.groups.includes(group);
  if (!joins && grouped) return undefined;
  const cmds: PlannedCommand[] = [];
  const why: Reason[] = [];
  if (joins) {
    if (have.bridge && have.bridge !== bridge.interface && !destroyedIfs.has(have.bridge)) cmds.push({ argv: ['ifconfig', have.bridge, 'deletem', have.name], undo: [['ifconfig', have.bridge, 'addm', have.name]] });
    cmds.push({ argv: ['ifconfig', bridge.interface, 'addm', have.name], undo: [['ifconfig', bridge.interface, 'deletem', have.name]] });
    why.push(reason('drifted', `not a member of ${bridge.interface}`));
  }
  if (!grouped) {
    cmds.push({ argv: ['ifconfig', have.name, 'group', group], undo: [['ifconfig', have.name, '-group', group]] });
    why.push(reason('drifted', `not in group ${group}`));
  }
  return action({
    id: epairId(container, network), op: 'update', resource: 'epair', name: `${container}:${network}`, why,
    commands: cmds, facts: { epair: have.name, bridge: bridge.interface },
  });
}

/**
 * A new epair: created labelled, in its network's group and up, the kernel choosing its unit and printing the a side's
 * name (its b side is moved into the jail by `jail -c`); the a side added to the bridge.
 */
function createEpair(project: string, container: string, network: string, group: string, bridge: string): Action {
  const key = epairNameKey(container, network);
  const ea = `${nameRef(key)}a`;
  return action({
    id: epairId(container, network), op: 'create', resource: 'epair', name: `${container}:${network}`, why: [NOT_ON_HOST],
    commands: [
      { argv: ['ifconfig', 'epair', 'create', 'description', epairLabel(project, container, network), 'group', group, 'up'], prints: { key, suffix: 'a' }, undo: [['ifconfig', ea, 'destroy']] },
      { argv: ['ifconfig', bridge, 'addm', ea], undo: [['ifconfig', bridge, 'deletem', ea]] },
    ],
    facts: { epair: 'chosen-by-kernel', bridge },
  });
}

/** Why an unused epair goes: its container left the file (its jail is removed too), or it leaked. */
function removalReason(want: Want, obs: Observed, inFile: ReadonlySet<string>, e: OwnedEpair): Reason {
  if (want.down) return DOWN;
  const gone = obs.jails.has(e.container) && !inFile.has(e.container);
  return gone ? NOT_IN_FILE : reason('leaked', 'leaked epair');
}

function removeEpair(id: string, e: OwnedEpair, why: Reason): Action {
  return action({
    id, op: 'delete', resource: 'epair', name: `${e.container}:${e.network}`, why: [why],
    commands: [{ argv: ['ifconfig', e.name, 'destroy'] }], facts: { epair: e.name, ...(e.bridge ? { bridge: e.bridge } : {}) },
  });
}
