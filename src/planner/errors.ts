// The planner's one error: every collision and unmet prerequisite found before anything runs.
import { UserError } from '../errors.js';

/** Thrown by plan()/planDown() with every problem at once; the message lists them, each naming its fix. */
export class PlanError extends UserError {
  constructor(readonly problems: string[]) {
    super(`cannot plan: ${problems.length === 1 ? problems[0] : `${problems.length} problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`}`);
    this.name = 'PlanError';
  }
}
