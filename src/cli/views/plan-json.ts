// `klee plan --json` (a contract scripts rely on: fields may be added, never changed): {"project","host","changes","actions":[{"id","op","resource","name","reason","after","commands"}]}.
import { showNameRefs } from '../../planner/kernel-names.js';
import { shownStdin, type Plan } from '../../planner/types.js';
import { countChanges } from './plan-summary.js';

/** A name the kernel chooses at run time, as the JSON shows it inside an argument: `{epair:db:lan}`. */
const braced = (key: string): string => `{${key}}`;

/**
 * The plan as the contract's JSON object. Extra fields: "facts", "mayFail" (indexes of best-effort commands), "stdin"
 * (the pf rules, for the command that reads stdin), "names" (commands that print a name the kernel chooses, which later
 * arguments show as `{name}`: `{"command": 0, "name": "epair:db:lan", "suffix": "a"}` means command 0 prints
 * `<name>a`), "destroysData" (what is lost for good, in words), "warnings", "orphans" (the project's containers and
 * networks left as they are).
 */
export function planJson(p: Plan): unknown {
  return {
    project: p.project,
    host: p.host,
    changes: countChanges(p).total,
    actions: p.actions.map((a) => {
      const stdin = a.commands.map(shownStdin).find((x) => x !== undefined);
      return {
        id: a.id, op: a.op, resource: a.resource, name: a.name, reason: a.reason, after: a.after,
        commands: a.commands.map((c) => c.argv.map((arg) => showNameRefs(arg, braced))),
        ...(stdin !== undefined ? { stdin } : {}),
        ...(a.commands.some((c) => c.mayFail) ? { mayFail: a.commands.flatMap((c, i) => (c.mayFail ? [i] : [])) } : {}),
        ...(a.commands.some((c) => c.prints) ? { names: a.commands.flatMap((c, i) => (c.prints ? [{ command: i, name: c.prints.key, suffix: c.prints.suffix }] : [])) } : {}),
        facts: a.facts,
        ...(a.destroysData ? { destroysData: a.destroysData } : {}),
      };
    }),
    warnings: p.warnings,
    ...(p.orphans ? { orphans: p.orphans } : {}),
  };
}
