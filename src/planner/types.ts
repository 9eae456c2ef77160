// The plan: a closed union of actions with op, reason, exact commands and dependencies.
import type { KernelName } from './kernel-names.js';

/** Terraform-style operation; rendered as + ~ - -/+. */
export type Op = 'create' | 'update' | 'replace' | 'delete';

/** What an action is about. */
export type ResourceKind = 'network' | 'gateway' | 'address' | 'epair' | 'container' | 'dataset' | 'pf' | 'sysctl' | 'service';

/** One host command of an action, with how to reverse it. */
export interface PlannedCommand {
  argv: string[];
  stdin?: string;
  /** Commands that reverse this one if it succeeded (used when a later command of the action fails, and by --atomic). Absent = cannot be undone. */
  undo?: string[][];
  /**
   * What every view shows instead of `stdin` (shownStdin): the environment file with its values redacted. Absent:
   * stdin is shown as it is (pf rules).
   */
  stdinShown?: string;
  /** Standard input of the undo commands (pf: the rules a load replaced, put back). */
  undoStdin?: string;
  /** Best effort: a non-zero exit is reported but does not fail the action (e.g. a container's stop command). */
  mayFail?: true;
  /** A check run until it succeeds (a healthcheck, a container coming up): the executor waits between attempts. */
  poll?: Poll;
  /**
   * The command prints a name the kernel chose (`ifconfig epair create` prints `epair3a`): later commands, and this
   * one's undo, refer to it with nameRef(key) (kernel-names.ts), filled in by the executor once it is known.
   */
  prints?: KernelName;
}

/** How the executor repeats a check (compose's healthcheck semantics): `sleep intervalS` on the host between attempts. */
export interface Poll {
  intervalS: number;
  /** Consecutive failed attempts, once startPeriodS has passed, that fail the command. */
  retries: number;
  startPeriodS: number;
  /** An exit status that means "not yet": the check is repeated without counting a failure. */
  pending?: number;
  /** Give up when waiting would exceed this many seconds. */
  timeoutS?: number;
}

/** One node of the plan's graph. */
export interface Action {
  /** Stable, unique, deterministic, e.g. "network:backend", "epair:db:backend", "container:db", "pf". */
  id: string;
  op: Op;
  resource: ResourceKind;
  /** The resource's name in the file (or on the host for orphans). */
  name: string;
  /** Why: "not on host", "not in file", "command changed", "leaked epair", ... */
  reason: string;
  /** Ids of actions that must succeed before this one starts. */
  after: string[];
  commands: PlannedCommand[];
  /** Key facts for the human view: interface, subnet, addresses, driver ... (never read by planning logic). */
  facts: Record<string, string>;
  /**
   * Set on the delete half of a replacement only (op 'replace', id `<id>:delete`): the id of the create half that
   * follows it. Terraform's DeleteThenCreate as two graph nodes; views fold the pair into one `-/+` line.
   */
  replacedBy?: string;
  /** Words for the progress view when the op's are not right (Stopping/Stopped): an action on a running program. */
  verb?: { doing: string; done: string };
  /** What the action destroys for good, in words (a ZFS clone and everything written in it): the plan and the question say it. */
  destroysData?: string;
}

/** The planner's result. Empty actions = nothing to do. */
export interface Plan {
  project: string;
  host: string;
  actions: Action[];
  /** Non-fatal notes (e.g. no `meta` jail parameter on this kernel). */
  warnings: string[];
  /** The project's containers and networks the file does not name, left as they are (absent when there are none). */
  orphans?: { containers: string[]; networks: string[] };
}

/** A command's standard input as plans, scripts and events show it: never an env value (PlannedCommand.stdinShown). */
export const shownStdin = (c: PlannedCommand): string | undefined => c.stdinShown ?? c.stdin;

/** Does the action take something away: a delete, or the delete half of a replacement? */
export function removes(a: Action): boolean {
  return a.op === 'delete' || a.replacedBy !== undefined;
}
