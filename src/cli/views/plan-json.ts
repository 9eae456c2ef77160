// `klee plan --json` (a contract scripts rely on: fields may be added, never changed): {"project","host","changes","actions":[{"id","op","resource","name","reason","after","commands"}]}.
import { shownStdin, type Plan } from '../../planner/types.js';
import { countChanges } from './plan-summary.js';

/** The plan as the contract's JSON object. Extra fields: "facts", "mayFail" (indexes of best-effort commands), "stdin" (the pf rules, for the command that reads stdin), "destroysData" (what is lost for good, in words), "warnings", "orphans" (the project's containers and networks left as they are). */
export function planJson(p: Plan): unknown {
  return {
    project: p.project,
    host: p.host,
    changes: countChanges(p).total,
    actions: p.actions.map((a) => {
      const stdin = a.commands.map(shownStdin).find((x) => x !== undefined);
      return {
        id: a.id, op: a.op, resource: a.resource, name: a.name, reason: a.reason, after: a.after,
        commands: a.commands.map((c) => c.argv),
        ...(stdin !== undefined ? { stdin } : {}),
        ...(a.commands.some((c) => c.mayFail) ? { mayFail: a.commands.flatMap((c, i) => (c.mayFail ? [i] : [])) } : {}),
        facts: a.facts,
        ...(a.destroysData ? { destroysData: a.destroysData } : {}),
      };
    }),
    warnings: p.warnings,
    ...(p.orphans ? { orphans: p.orphans } : {}),
  };
}
