// The executor's events: what views (human progress, NDJSON) subscribe to; the executor never prints.
import type { Op, ResourceKind } from '../planner/types.js';

/** How an action ended. `interrupted`: not started, or stopped between commands, because of Ctrl-C. */
export type ActionStatus = 'ok' | 'failed' | 'skipped' | 'interrupted';

/** The command that made an action fail: what FreeBSD said, for the one root-cause report. */
export interface CommandFailure {
  argv: string[];
  exitCode: number;
  stderr: string;
}

/** Counts of action outcomes in one run; undone: completed actions that --atomic reversed completely. */
export interface Counts {
  ok: number;
  failed: number;
  skipped: number;
  interrupted: number;
  undone: number;
}

/** The plan, as the run starts. */
export interface PlanEvent {
  event: 'plan';
  project: string;
  host: string;
  /** `replacedBy`: on a replacement's delete half, the id of its create half (the views fold the pair). */
  actions: { id: string; op: Op; resource: ResourceKind; name: string; reason: string; after: string[]; commands: number; verb?: { doing: string; done: string }; replacedBy?: string }[];
  /** The plan's warnings (orphans left, the project last applied from another file, ...), as the human view prints them first. */
  warnings: string[];
}

/** An action's first command is about to run. */
export interface ActionStartEvent {
  event: 'action-start';
  id: string;
}

/** One host command of an action ran (successfully or not). */
export interface CommandEvent {
  event: 'command';
  id: string;
  argv: string[];
  exitCode: number;
  durationMs: number;
  /** Only on failure: FreeBSD's message. */
  stderr?: string;
  /** A best-effort command (PlannedCommand.mayFail): its failure does not fail the action. */
  mayFail?: true;
}

/** An action ended. Failed: `error` is the root cause. Skipped: `cause` is the failed action it depended on. */
export interface ActionDoneEvent {
  event: 'action-done';
  id: string;
  status: ActionStatus;
  durationMs: number;
  cause?: string;
  error?: CommandFailure;
}

/** One reversal command (or the note that a command cannot be reversed). */
export interface UndoEvent {
  event: 'undo';
  id: string;
  /** half-made: the failed/interrupted action's own commands; atomic: a completed action of this run. */
  why: 'half-made' | 'atomic';
  /** The command being reversed. */
  of: string[];
  /** The reversal command run; absent when `possible` is false. */
  argv?: string[];
  possible: boolean;
  ok: boolean;
  exitCode?: number;
  stderr?: string;
}

/** The run is over. */
export interface DoneEvent {
  event: 'done';
  ok: boolean;
  interrupted: boolean;
  counts: Counts;
  durationMs: number;
  /** The failed actions (root causes only; skipped ones are not repeated). */
  failures: { id: string; error: CommandFailure }[];
  /** Commands that could not be undone (no undo known, or the undo itself failed). */
  leftovers: { id: string; argv: string[]; reason: string }[];
}

/** Everything the executor emits. */
export type ExecEvent = PlanEvent | ActionStartEvent | CommandEvent | ActionDoneEvent | UndoEvent | DoneEvent;

/** The result of execute(): the same facts as the done event. */
export type ExecResult = Omit<DoneEvent, 'event'>;
