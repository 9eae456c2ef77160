// `--dry-run`: the plan's exact commands as a POSIX shell script, in a valid execution order, each run as klee runs
// it: FreeBSD's tool by absolute path, in the fixed environment (src/host/tools.ts).
import { shownStdin, type Plan } from '../../planner/types.js';
import { topoOrder } from '../../executor/order.js';
import { shJoin } from '../../host/quote.js';
import { toolArgv, withToolEnv } from '../../host/tools.js';
import { hasNameRef } from '../../planner/kernel-names.js';
import { captureLines, nameVariables, shJoinWithNames } from './kernel-names.js';

/** The script's one helper: runs its arguments with exactly the tools' environment (what a root shell holds is not passed on). */
export const SCRIPT_RUNNER = `klee_run() { ${shJoin(withToolEnv([]))} "$@"; }`;

/** One planned argv as the script's line runs it (names the kernel chooses at run time as the variables that hold them). */
function scriptLine(argv: string[], vars: ReadonlyMap<string, string>): string {
  const tool = toolArgv(argv);
  if (!tool) throw new Error(`plan: ${JSON.stringify(argv[0])} is not one of the FreeBSD tools klee runs (src/host/tools.ts)`);
  return `klee_run ${shJoinWithNames(tool, vars)}`;
}

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
  const vars = nameVariables(plan);
  const count = order.reduce((n, a) => n + a.commands.length, 0);
  const out = [
    '#!/bin/sh',
    `# klee ${command} --dry-run: project ${plan.project} on ${plan.host}`,
    `# ${order.length} action(s), ${count} command(s), in an order that respects every dependency.`,
    '# Nothing has been changed. Run as root on the host to apply by hand.',
    'set -e',
    '# Each command as klee runs it: the tool by absolute path, in a fixed environment (docs/commands.md).',
    SCRIPT_RUNNER,
  ];
  if (order.length === 0) out.push('', '# Nothing to do: the host already matches.');
  for (const a of order) {
    out.push('', `# ${a.op} ${a.resource} ${a.name} (${a.id}): ${a.reason}`);
    for (const c of a.commands) {
      const stdin = shownStdin(c); // env values redacted: the script is for reading and review (docs/commands.md)
      if (c.prints) out.push(`# the kernel chooses the name; the command prints it: ${vars.get(c.prints.key)} holds it, without its "${c.prints.suffix}"`);
      if (stdin === undefined) {
        // best effort (PlannedCommand.mayFail): the script goes on, as the executor does
        out.push(...captureLines(c, c.mayFail ? `${scriptLine(c.argv, vars)} || true` : scriptLine(c.argv, vars), vars));
        continue;
      }
      if (hasNameRef(stdin)) throw new Error(`plan: the stdin of ${a.id} refers to a name the kernel chooses at run time`); // a quoted here-document cannot hold one
      // An empty stdin (a container without env) as it is: a here-document would give one empty line.
      if (stdin === '') { out.push(`${scriptLine(c.argv, vars)} < /dev/null`); continue; }
      const body = stdin.endsWith('\n') ? stdin : `${stdin}\n`;
      const m = marker(body);
      out.push(`${scriptLine(c.argv, vars)} <<'${m}'`, ...body.slice(0, -1).split('\n'), m);
    }
  }
  return `${out.join('\n')}\n`;
}
