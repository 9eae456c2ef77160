// The human view of a plan, like Terraform's: one line per change with symbol, resource, name, facts, reason.
import { shownStdin, type Plan, type PlannedCommand } from '../../planner/types.js';
import { nameVariables, shJoinWithNames } from './kernel-names.js';
import { SYMBOL, summaryLine, visibleActions } from './plan-summary.js';

/** Rendering options. */
export interface PlanViewOptions {
  commands: boolean;
  color: boolean;
}

const COLORS: Record<string, string> = { '+': '32', '~': '33', '-': '31', '-/+': '35' };

/** The plan as text (ends with a newline). */
export function renderPlan(p: Plan, o: PlanViewOptions): string {
  const rows = visibleActions(p);
  const vars = nameVariables(p);
  const out: string[] = [];
  if (rows.length > 0) {
    const wRes = Math.max(...rows.map((r) => r.action.resource.length));
    const wName = Math.max(...rows.map((r) => r.action.name.length));
    for (const { action, deleteHalf } of rows) {
      const sym = SYMBOL[action.op];
      const symText = o.color ? `\x1b[${COLORS[sym]}m${sym.padStart(3)}\x1b[0m` : sym.padStart(3);
      const facts = Object.entries(action.facts).map(([k, v]) => `${k}=${v}`).join(' ');
      out.push(`${symText} ${action.resource.padEnd(wRes)}  ${action.name.padEnd(wName)}  ${facts ? `${facts}  ` : ''}# ${action.reason}`.trimEnd());
      // What cannot be recovered is said in words, under the line (the confirmation question repeats it).
      for (const d of [deleteHalf?.destroysData, action.destroysData]) if (d) out.push(`      ! destroys ${d}`);
      if (o.commands) for (const c of [...(deleteHalf?.commands ?? []), ...action.commands]) out.push(...commandLines(c, vars));
    }
    out.push('');
  }
  out.push(summaryLine(p));
  return `${out.join('\n')}\n`;
}

/** One command as a shell line (with its stdin as a here-document), indented under its action; a name the kernel
 * chooses at run time is a shell variable, set by the command that prints it. */
export function commandLines(c: PlannedCommand, vars: ReadonlyMap<string, string>): string[] {
  // A best-effort command (a container's stop command) is marked: its failure is reported, not fatal.
  const note = c.mayFail ? '  # may fail' : c.prints ? `  # prints the name the kernel chose: $${vars.get(c.prints.key)} (without "${c.prints.suffix}")` : '';
  const line = `      $ ${shJoinWithNames(c.argv, vars)}${note}`;
  const stdin = shownStdin(c);
  if (stdin === undefined) return [line];
  const body = stdin.endsWith('\n') ? stdin.slice(0, -1) : stdin;
  return [`${line} <<'EOF'`, ...body.split('\n').map((l) => `      ${l}`), '      EOF'];
}
