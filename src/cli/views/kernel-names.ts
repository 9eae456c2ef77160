// How the views show names the kernel chooses at run time (src/planner/kernel-names.ts): as shell variables, set by
// the command that prints the name, so that the human plan and the --dry-run script read the same way.
import { shJoin, shQuote } from '../../host/quote.js';
import { refKeys, splitNameRefs } from '../../planner/kernel-names.js';
import type { Plan, PlannedCommand } from '../../planner/types.js';

/** Each kernel name of the plan → a shell variable (`epair:db:lan` → `epair_db_lan`, unique in the plan). */
export function nameVariables(plan: Plan): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  for (const a of plan.actions) {
    for (const c of a.commands) {
      const keys = c.prints ? [c.prints.key] : [];
      keys.push(...refKeys([...c.argv, ...(c.stdin !== undefined ? [c.stdin] : []), ...(c.undo ?? []).flat()]));
      for (const key of keys) {
        if (out.has(key)) continue;
        const base = key.replace(/[^A-Za-z0-9]+/g, '_');
        let v = base;
        for (let n = 2; used.has(v); n++) v = `${base}_${n}`;
        used.add(v);
        out.set(key, v);
      }
    }
  }
  return out;
}

/** One argument quoted for /bin/sh, its kernel names as `"$var"` (shQuote for the rest). */
export function shQuoteWithNames(arg: string, vars: ReadonlyMap<string, string>): string {
  const parts = splitNameRefs(arg);
  if (parts.length === 1 && parts[0].literal !== undefined) return shQuote(arg);
  return parts.map((p) => (p.key !== undefined ? `"$\{${vars.get(p.key) ?? 'unknown_name'}}"` : shQuote(p.literal!))).join('');
}

/** An argv as one /bin/sh line (shJoin) with its kernel names as variables. */
export function shJoinWithNames(argv: readonly string[], vars: ReadonlyMap<string, string>): string {
  return shJoin(argv, (w) => shQuoteWithNames(w, vars));
}

/** The line that keeps what a command printed, for a command that prints a kernel name: `var=$(LINE)`, then the suffix cut. */
export function captureLines(c: PlannedCommand, line: string, vars: ReadonlyMap<string, string>): string[] {
  if (!c.prints) return [line];
  const v = vars.get(c.prints.key)!;
  return [`${v}=$(${line})`, `${v}=\${${v}%${c.prints.suffix}}`];
}
