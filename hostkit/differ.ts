// The differential mode's comparison: the commands klee ran on the host under test and on the simulator, paired by
// their normalised command line, and every line of input, output and exit status that differs.
import type { RecordedCommand } from '../src/host/recording.js';

/** A line only one side printed, in the order of a line diff. */
export interface DiffLine {
  side: 'host' | 'sim';
  line: string;
}

/** One difference between the two runs of a scenario. */
export type Difference =
  | { command: string; occurrence: number; kind: 'only-host' | 'only-sim' }
  | { command: string; occurrence: number; kind: 'output'; exit?: { host: number; sim: number }; stdin?: DiffLine[]; stdout?: DiffLine[]; stderr?: DiffLine[] };

/** The lines of a and b that the other lacks, in order (a longest-common-subsequence diff). */
export function lineDiff(a: string[], b: string[]): DiffLine[] {
  const n = a.length;
  const m = b.length;
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) { i++; j++; }
    else if (j >= m || (i < n && lcs[i + 1][j] >= lcs[i][j + 1])) out.push({ side: 'host', line: a[i++] });
    else out.push({ side: 'sim', line: b[j++] });
  }
  return out;
}

const lines = (s: string, norm: (l: string) => string) => (s === '' ? [] : s.replace(/\n$/, '').split('\n').map(norm));

/**
 * Every difference between the host's and the simulator's commands. Commands pair by their normalised argv and
 * occurrence (the n-th `ifconfig -a` with the n-th), so commands run in parallel may finish in either order; a
 * command one side ran more often than the other is listed as run only there. Listed in the host's order, then the
 * simulator's extra commands.
 */
export function differences(host: RecordedCommand[], sim: RecordedCommand[], norm: (l: string) => string): Difference[] {
  const key = (c: RecordedCommand) => c.argv.map(norm).join(' ');
  const bySim = new Map<string, RecordedCommand[]>();
  for (const c of sim) bySim.set(key(c), [...(bySim.get(key(c)) ?? []), c]);
  const seen = new Map<string, number>();
  const out: Difference[] = [];
  for (const h of host) {
    const command = key(h);
    const occurrence = (seen.get(command) ?? 0) + 1;
    seen.set(command, occurrence);
    const s = bySim.get(command)?.[occurrence - 1];
    if (!s) { out.push({ command, occurrence, kind: 'only-host' }); continue; }
    const stdin = lineDiff(lines(h.stdin ?? '', norm), lines(s.stdin ?? '', norm));
    const stdout = lineDiff(lines(h.stdout, norm), lines(s.stdout, norm));
    const stderr = lineDiff(lines(h.stderr, norm), lines(s.stderr, norm));
    if (h.exitCode === s.exitCode && stdin.length + stdout.length + stderr.length === 0) continue;
    out.push({
      command, occurrence, kind: 'output',
      ...(h.exitCode !== s.exitCode ? { exit: { host: h.exitCode, sim: s.exitCode } } : {}),
      ...(stdin.length ? { stdin } : {}), ...(stdout.length ? { stdout } : {}), ...(stderr.length ? { stderr } : {}),
    });
  }
  for (const [command, list] of bySim) {
    for (let k = (seen.get(command) ?? 0); k < list.length; k++) out.push({ command, occurrence: k + 1, kind: 'only-sim' });
  }
  return out;
}
