// The differential mode's report: JSON (to attach to an issue) and a readable text of the same content.
import type { Difference } from './differ.js';

/** One example's comparison. */
export interface ExampleDiff {
  example: string;
  /** Commands klee ran on each side. */
  commands: { host: number; sim: number };
  /** What failed on the simulator's run of the scenario (the host's failures are the kit's results). */
  simFailures: string[];
  differences: Difference[];
}

/** The whole report: which host, which simulated release, every difference. */
export interface DiffReport {
  klee_hostkit_diff: 1;
  host: string;
  /** The host's `uname -r`. */
  hostRelease: string;
  /** The simulator it was compared with (`sim:...?version=R`). */
  sim: string;
  examples: ExampleDiff[];
}

/** A line as the text shows it: quoted when whitespace at its end would otherwise be the invisible difference. */
const shown = (line: string) => (/\s$/.test(line) ? JSON.stringify(line) : line);

/** How many differences the report lists. */
export function differenceCount(r: DiffReport): number {
  return r.examples.reduce((n, e) => n + e.differences.length, 0);
}

/** The report as text: per example, each differing command with the lines only one side printed. */
export function renderReport(r: DiffReport): string {
  const out = [`host kit differences: ${r.host} (${r.hostRelease}) against ${r.sim}: ${differenceCount(r)}`];
  for (const e of r.examples) {
    out.push('', `== ${e.example}: ${e.differences.length} difference(s); commands: ${e.commands.host} on the host, ${e.commands.sim} on the simulator`);
    for (const f of e.simFailures) out.push(`   simulator scenario failed: ${f}`);
    for (const d of e.differences) {
      const nth = d.occurrence > 1 ? ` (run ${d.occurrence})` : '';
      if (d.kind !== 'output') { out.push(`-- ${d.command}${nth}: run only on the ${d.kind === 'only-host' ? 'host' : 'simulator'}`); continue; }
      out.push(`-- ${d.command}${nth}`);
      if (d.exit) out.push(`   exit status: host ${d.exit.host}, simulator ${d.exit.sim}`);
      for (const stream of ['stdin', 'stdout', 'stderr'] as const) {
        for (const l of d[stream] ?? []) out.push(`   ${stream} ${l.side === 'host' ? '- host' : '+ sim '} ${shown(l.line)}`);
      }
    }
  }
  return `${out.join('\n')}\n`;
}
