// Test helper: a plan's commands as a run ran them. Names the kernel chooses (src/planner/kernel-names.ts) are
// references in the plan and real names in the run's events; this reads each name off the first argument that holds
// it, and fills the plan in, so the sweeps compare planned and run commands as before.
import { hasNameRef, nameRef, showNameRefs, splitNameRefs } from '../../src/planner/kernel-names.js';
import type { Action } from '../../src/planner/types.js';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Learn the names `template` (a planned argument) stands for from `actual` (the argument as it ran). */
function learn(template: string, actual: string, names: Map<string, string>): void {
  if (!hasNameRef(template)) return;
  const parts = splitNameRefs(template);
  const keys = parts.filter((p) => p.key !== undefined && !names.has(p.key)).map((p) => p.key!);
  const re = new RegExp(`^${parts.map((p) => (p.key === undefined ? escape(p.literal!) : names.has(p.key) ? escape(names.get(p.key)!) : '([A-Za-z0-9._:]+?)')).join('')}$`);
  const m = re.exec(actual);
  if (!m) return;
  keys.forEach((k, i) => names.set(k, m[i + 1]));
}

/** The plan's actions with the names the run's commands (`{id, step, argv}` in run order) show filled in. */
export function planAsRun(actions: Action[], run: { id: string; step: number; argv: string[] }[]): Action[] {
  const byId = new Map(actions.map((a) => [a.id, a]));
  const names = new Map<string, string>();
  for (const c of run) {
    const planned = byId.get(c.id)?.commands[c.step];
    if (planned) planned.argv.forEach((t, i) => learn(t, c.argv[i] ?? '', names));
  }
  const fill = (s: string) => showNameRefs(s, (k) => names.get(k) ?? nameRef(k)); // a name the run never showed stays a reference
  return actions.map((a) => ({
    ...a,
    commands: a.commands.map((c) => ({ ...c, argv: c.argv.map(fill), ...(c.undo ? { undo: c.undo.map((u) => u.map(fill)) } : {}) })),
  }));
}
