// Collects the plan's actions while the planner walks the resources; edges to absent actions are dropped at the end.
import { deleteHalf } from './ids.js';
import type { Action, Op, PlannedCommand, ResourceKind } from './types.js';

/** What a planner step gives to add one action. */
export interface ActionInput {
  id: string;
  op: Op;
  resource: ResourceKind;
  name: string;
  reason: string;
  commands: PlannedCommand[];
  facts?: Record<string, string>;
  after?: string[];
  replacedBy?: string;
}

/** A mutable set of actions keyed by id. */
export class ActionList {
  private readonly byId = new Map<string, Action>();

  /** Add an action (ids are unique: adding one twice is a planner bug). */
  add(a: ActionInput): Action {
    if (this.byId.has(a.id)) throw new Error(`planner bug: duplicate action id ${a.id}`);
    const action: Action = { id: a.id, op: a.op, resource: a.resource, name: a.name, reason: a.reason, after: [...(a.after ?? [])], commands: a.commands, facts: a.facts ?? {}, ...(a.replacedBy ? { replacedBy: a.replacedBy } : {}) };
    this.byId.set(a.id, action);
    return action;
  }

  /** Add a replacement as two actions sharing op 'replace': `<id>:delete` then `<id>`. */
  replace(del: Omit<ActionInput, 'op'>, create: Omit<ActionInput, 'op'>): void {
    this.add({ ...del, op: 'replace', id: deleteHalf(create.id), replacedBy: create.id });
    this.add({ ...create, op: 'replace', after: [...(create.after ?? []), deleteHalf(create.id)] });
  }

  /** The action that removes resource `id` in this plan: its replacement's delete half, or its delete; undefined if none. */
  removal(id: string): string | undefined {
    if (this.byId.has(deleteHalf(id))) return deleteHalf(id);
    return this.byId.get(id)?.op === 'delete' ? id : undefined;
  }

  get(id: string): Action | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Let `id` run only after each of `before` (ignored later when absent). */
  order(id: string, ...before: string[]): void {
    const a = this.byId.get(id);
    if (a) a.after.push(...before);
  }

  all(): Action[] {
    return [...this.byId.values()];
  }
}
