// Pure text of the human progress view: one row per action, durations, colours, the final summary.
import type { Op } from '../../planner/types.js';
import type { ActionStatus, ExecResult } from '../../executor/events.js';
import { shJoin } from '../../host/quote.js';

/** ANSI colouring that does nothing when colour is off. */
export function painter(color: boolean) {
  const wrap = (code: string) => (s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  return { green: wrap('32'), red: wrap('31'), yellow: wrap('33'), dim: wrap('2'), bold: wrap('1') };
}
export type Paint = ReturnType<typeof painter>;

const VERBS: Record<Op, [string, string]> = {
  create: ['Creating', 'Created'],
  update: ['Updating', 'Updated'],
  replace: ['Replacing', 'Replaced'],
  delete: ['Removing', 'Removed'],
};

/** Braille spinner frames, as docker compose uses. */
export const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** "1.2s" (one decimal), like compose. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

/** The live state of one row. */
export interface Row {
  id: string;
  op: Op;
  label: string;
  state: 'waiting' | 'running' | ActionStatus;
  cause?: string;
  startedAt?: number;
  durationMs?: number;
  /** The action's own words (Stopping/Stopped) instead of its op's. */
  verb?: { doing: string; done: string };
}

/** One row's text: icon, label padded to width, state word, duration. */
export function rowText(row: Row, width: number, p: Paint, now: number, frame = 0): string {
  const [ing, ed] = row.verb ? [row.verb.doing, row.verb.done] : VERBS[row.op];
  const label = row.label.padEnd(width);
  switch (row.state) {
    case 'waiting':
      return ` ${p.dim('·')} ${label}  ${p.dim('Waiting')}`;
    case 'running':
      return ` ${SPINNER[frame % SPINNER.length]} ${label}  ${ing}  ${p.dim(seconds(now - (row.startedAt ?? now)))}`;
    case 'ok':
      return ` ${p.green('✔')} ${label}  ${p.green(ed)}  ${p.dim(seconds(row.durationMs ?? 0))}`;
    case 'failed':
      return ` ${p.red('✘')} ${label}  ${p.red('Error')}  ${p.dim(seconds(row.durationMs ?? 0))}`;
    case 'skipped':
      return ` ${p.yellow('-')} ${label}  ${p.yellow('Skipped')}${row.cause ? p.dim(` (${row.cause} failed)`) : ''}`;
    case 'interrupted':
      return ` ${p.yellow('!')} ${label}  ${p.yellow('Interrupted')}`;
  }
}

/** The lines after a run: each root cause once (command, exit code, FreeBSD's stderr), what is left, the counts. */
export function summaryLines(r: ExecResult, p: Paint, verb: string): string[] {
  const out: string[] = [];
  for (const f of r.failures) {
    out.push(`${p.red('error:')} ${f.id}: \`${shJoin(f.error.argv)}\` exited ${f.error.exitCode}`);
    for (const line of (f.error.stderr || '(no message)').split('\n')) out.push(`    ${line}`);
  }
  for (const l of r.leftovers) out.push(`${p.yellow('warning:')} ${l.id}: \`${shJoin(l.argv)}\` ${l.reason}; remove it by hand or with \`klee down\``);
  const c = r.counts;
  const parts = [`${c.ok} done`];
  if (c.failed) parts.push(`${c.failed} failed`);
  if (c.skipped) parts.push(`${c.skipped} skipped`);
  if (c.interrupted) parts.push(`${c.interrupted} interrupted`);
  if (c.undone) parts.push(`${c.undone} undone`);
  const head = r.ok ? p.green(`${verb} complete`) : r.interrupted ? p.yellow(`${verb} interrupted`) : p.red(`${verb} failed`);
  out.push(`${head}: ${parts.join(', ')} in ${seconds(r.durationMs)}.`);
  return out;
}
