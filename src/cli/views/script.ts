// `--dry-run`: the plan's exact commands as a POSIX shell script, in a valid execution order.
import type { Plan } from '../../planner/types.js';
import { topoOrder } from '../../executor/order.js';
import { shJoin } from '../../host/quote.js';

/** A heredoc terminator that does not occur as a line of the text. */
function marker(text: string): string {
  const lines = new Set(text.split('\n'));
  let m = 'KLEE_EOF';
  for (let i = 1; lines.has(m); i++) m = `KLEE_EOF_${i}`;
  return m;
}

/** The whole script: shebang, set -e, then per action a comment (op, resource, name, reason) and its commands. */
export function planScript(plan: Plan, command: 'up' | 'down'): string {
  const order = topoOrder(plan.actions);
  const count = order.reduce((n, a) => n + a.commands.length, 0);
  const out = [
    '#!/bin/sh',
    `# klee ${command} --dry-run: project ${plan.project} on ${plan.host}`,
    `# ${order.length} action(s), ${count} command(s), in an order that respects every dependency.`,
    '# Nothing has been changed. Run as root on the host to apply by hand.',
    'set -e',
  ];
  if (order.length === 0) out.push('', '# Nothing to do: the host already matches.');
  for (const a of order) {
    out.push('', `# ${a.op} ${a.resource} ${a.name} (${a.id}): ${a.reason}`);
    for (const c of a.commands) {
      if (c.stdin === undefined) {
        // best effort (PlannedCommand.mayFail): the script goes on, as the executor does
        out.push(c.mayFail ? `${shJoin(c.argv)} || true` : shJoin(c.argv));
        continue;
      }
      const body = c.stdin.endsWith('\n') ? c.stdin : `${c.stdin}\n`;
      const m = marker(body);
      out.push(`${shJoin(c.argv)} <<'${m}'`, ...body.slice(0, -1).split('\n'), m);
    }
  }
  return `${out.join('\n')}\n`;
}
