// Epairs: one per vnet container and network, its a side a member of the network's bridge, its b side moved into the
// jail by the container's `jail -c`. Reused when it exists (a stopped container keeps its epairs), removed when
// nothing uses it.
import { epairLabel } from '../../host/labels.js';
import type { OwnedEpair } from '../../host/ownership.js';
import type { Allocation } from '../allocation.js';
import { mayRemove, type DesiredContainer, type DesiredNetwork, type Want } from '../desired.js';
import { epairId } from '../ids.js';
import { mapAt, pushTo } from '../maps.js';
import { epairKey, type Observed } from '../observed.js';
import { action } from '../action.js';
import { DOWN, NOT_IN_FILE, NOT_ON_HOST, reason, type Reason } from '../reason.js';
import type { Action, PlannedCommand } from '../types.js';

/** The epair actions of a plan, and what the containers, pf and the ordering rules need to know. */
export interface EpairPlan {
  actions: Action[];
  /** The unit of each vnet container's epair on each network (existing or new): container → network → unit. */
  units: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Per container and network, the action with the plain id `epair:<c>:<n>`: what the container waits for. */
  step: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** Creations and bridge repairs: each waits for its network. */
  placed: { id: string; network: string; op: 'create' | 'update' }[];
  /** Removals: each waits for the removal of the jail that may hold its b side. */
  removed: { id: string; epair: OwnedEpair }[];
  /** The a sides this plan destroys. */
  destroyed: ReadonlySet<string>;
  /** The a sides of each network's epairs, sorted (pf's icc rule lists them). */
  byNetwork: ReadonlyMap<string, string[]>;
}

/** Plan the epairs of the vnet containers (in file order: new units are the lowest free ones) and remove the rest but orphans'. */
export function planEpairs(want: Want, obs: Observed, desired: readonly DesiredContainer[], nets: ReadonlyMap<string, DesiredNetwork>, destroyedIfs: ReadonlySet<string>, alloc: Allocation): EpairPlan {
  const actions: Action[] = [], placed: EpairPlan['placed'] = [], removed: EpairPlan['removed'] = [];
  const units = new Map<string, Map<string, number>>(), step = new Map<string, Map<string, string>>(), byNetwork = new Map<string, string[]>();
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
      const unit = have ? have.unit : alloc.unit();
      mapAt(units, d.spec.name).set(a.network, unit);
      pushTo(byNetwork, a.network, `epair${unit}a`);
      const action = have ? joinBridge(d.spec.name, a.network, have, bridge, destroyedIfs) : createEpair(want.project, d.spec.name, a.network, unit, bridge.interface);
      if (!action) continue;
      add(d.spec.name, a.network, action);
      placed.push({ id: action.id, network: a.network, op: have ? 'update' : 'create' });
    }
  }
  for (const e of obs.own.epairs) {
    if (used.has(e.name)) continue;
    // An orphan's epair stays with its running jail (and on its bridge: pf's icc rule lists it).
    if (obs.jails.has(e.container) && !inFile.has(e.container) && !mayRemove(want, 'containers', e.container)) { pushTo(byNetwork, e.network, e.name); continue; }
    const id = taken(e.container, e.network) ? `${epairId(e.container, e.network)}:${e.name}` : epairId(e.container, e.network);
    add(e.container, e.network, removeEpair(id, e, removalReason(want, obs, inFile, e)));
    removed.push({ id, epair: e });
  }
  for (const list of byNetwork.values()) list.sort();
  return { actions, units, step, placed, removed, destroyed: new Set(removed.map((r) => r.epair.name)), byNetwork };
}

/** An existing epair that is not a member of its (kept) bridge: move it (deletem from a bridge the plan keeps, then addm). */
function joinBridge(container: string, network: string, have: OwnedEpair, bridge: DesiredNetwork, destroyedIfs: ReadonlySet<string>): Action | undefined {
  if (have.bridge === bridge.interface && bridge.status === 'keep') return undefined;
  const cmds: PlannedCommand[] = [];
  if (have.bridge && have.bridge !== bridge.interface && !destroyedIfs.has(have.bridge)) cmds.push({ argv: ['ifconfig', have.bridge, 'deletem', have.name] });
  cmds.push({ argv: ['ifconfig', bridge.interface, 'addm', have.name], undo: [['ifconfig', bridge.interface, 'deletem', have.name]] });
  return action({
    id: epairId(container, network), op: 'update', resource: 'epair', name: `${container}:${network}`, why: [reason('drifted', `not a member of ${bridge.interface}`)],
    commands: cmds, facts: { epair: have.name, bridge: bridge.interface },
  });
}

/** A new epair: created labelled and up (its b side is moved into the jail by `jail -c`), a side added to the bridge. */
function createEpair(project: string, container: string, network: string, unit: number, bridge: string): Action {
  const ea = `epair${unit}a`;
  return action({
    id: epairId(container, network), op: 'create', resource: 'epair', name: `${container}:${network}`, why: [NOT_ON_HOST],
    commands: [
      { argv: ['ifconfig', `epair${unit}`, 'create', 'description', epairLabel(project, container, network), 'up'], undo: [['ifconfig', ea, 'destroy']] },
      { argv: ['ifconfig', bridge, 'addm', ea], undo: [['ifconfig', bridge, 'deletem', ea]] },
    ],
    facts: { epair: ea, bridge },
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
