// The planner's one error: every collision and unmet prerequisite found before anything runs.
import { UserError } from '../errors.js';

/** One planning problem (tfdiags' Description): the resource it is about (an action id or `host`) and the message naming its fix. */
export interface Problem {
  resource: string;
  message: string;
}

/** Thrown by plan()/planDown() with every problem at once; the message lists them, each naming its fix. */
export class PlanError extends UserError {
  /** The messages, sorted, each once. */
  readonly problems: string[];

  constructor(readonly details: Problem[]) {
    const problems = [...new Set(details.map((p) => p.message))].sort();
    super(`cannot plan: ${problems.length === 1 ? problems[0] : `${problems.length} problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`}`, undefined, 1, { problems });
    this.name = 'PlanError';
    this.problems = problems;
  }
}
