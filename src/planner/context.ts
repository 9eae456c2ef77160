// State shared by the planner's steps while one plan is computed.
import type { HostState, Interface } from '../host/types.js';
import type { Ownership } from '../host/ownership.js';
import { epairUnit } from '../host/ownership.js';
import { ActionList } from './action-list.js';

/** One planning run: inputs, the growing action list, problems and warnings, names taken. */
export interface PlanContext {
  project: string;
  state: HostState;
  own: Ownership;
  actions: ActionList;
  problems: string[];
  warnings: string[];
  /** Interface names on the host or claimed by the plan. */
  names: Set<string>;
  /** Epair units on the host (incl. inside our vnet jails) or claimed by the plan. */
  units: Set<number>;
  ifaceByName: Map<string, Interface>;
  /** Network delete actions (incl. replacement halves) → the interface they destroy; commands filled at the end. */
  destroys: Map<string, Interface>;
  /** Each jail root's mounts in unmount order (removal.ts jailMounts), computed at the first removal. */
  jailMounts?: Map<string, string[]>;
}

/** Start a planning run. */
export function newContext(project: string, state: HostState, own: Ownership): PlanContext {
  const names = new Set<string>();
  const units = new Set<number>();
  const note = (n: string) => {
    names.add(n);
    const u = epairUnit(n);
    if (u !== undefined) units.add(u);
  };
  for (const i of state.interfaces) note(i.name);
  for (const j of state.jails) for (const i of j.inside?.interfaces ?? []) note(i.name);
  return {
    project, state, own, actions: new ActionList(), problems: [], warnings: [...state.warnings.map((w) => `probe: ${w}`)],
    names, units, ifaceByName: new Map(state.interfaces.map((i) => [i.name, i])), destroys: new Map(),
  };
}

/** The lowest `<prefix>N` not taken; marks it taken. */
export function lowestFreeName(ctx: PlanContext, prefix: string): string {
  for (let n = 0; ; n++) {
    const name = `${prefix}${n}`;
    if (!ctx.names.has(name)) {
      ctx.names.add(name);
      return name;
    }
  }
}

// Per run: every unit below this one is taken.
const unitFloor = new WeakMap<PlanContext, number>();

/** The lowest epair unit free on the host and in the plan; marks it taken. */
export function lowestFreeUnit(ctx: PlanContext): number {
  // Units are only ever added during a run, so the search resumes where the last one stopped (not from 0 each time).
  for (let n = unitFloor.get(ctx) ?? 0; ; n++) {
    if (!ctx.units.has(n)) {
      unitFloor.set(ctx, n + 1);
      ctx.units.add(n);
      ctx.names.add(`epair${n}a`);
      ctx.names.add(`epair${n}b`);
      return n;
    }
  }
}
