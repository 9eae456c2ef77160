// The benchmark's results: rows for the table, the JSON file, and the README section.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';

/** One line of the table; `raw` keeps the numbers behind `value` for the JSON. */
export interface Row {
  section: string;
  measure: string;
  value: string;
  target?: string;
  /** true met, false not met, undefined no target. */
  met?: boolean;
  raw?: Record<string, number | string>;
}

/** Where and when the run happened. */
export interface Machine {
  date: string;
  nproc: number;
  cpu: string;
  node: string;
  /** 1-minute load average at the start (other processes compete for the CPUs). */
  load: number;
}

/** This machine: date, CPUs, CPU model (/proc/cpuinfo), node version. */
export function machine(): Machine {
  let cpu = cpus()[0]?.model ?? 'unknown';
  try {
    cpu = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpu;
  } catch { /* not Linux */ }
  return { date: new Date().toISOString().slice(0, 10), nproc: cpus().length, cpu, node: process.version, load: loadavg()[0] };
}

/** The rows as a Markdown table. */
export function markdownTable(rows: Row[]): string {
  const L = ['| section | measure | result | target | met |', '|---|---|---|---|---|'];
  for (const r of rows) L.push(`| ${r.section} | ${r.measure} | ${r.value} | ${r.target ?? ''} | ${r.met === undefined ? '' : r.met ? 'yes' : '**no**'} |`);
  return L.join('\n');
}

/** Write bench/results/<date>.json (relative to the repository root). */
export function writeJson(root: string, m: Machine, rows: Row[]): string {
  const dir = join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${m.date}.json`);
  writeFileSync(file, JSON.stringify({ machine: m, rows }, null, 2) + '\n');
  return file;
}

/** Replace the README's bench section (between the markers) with the table. */
export function updateReadme(root: string, m: Machine, rows: Row[]): void {
  const file = join(root, 'README.md');
  const text = readFileSync(file, 'utf8');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error('README.md has no bench:start/bench:end markers');
  const body = [
    `\`npm run bench\` on ${m.date}: ${m.nproc} × ${m.cpu}, Node ${m.node}, load average ${m.load.toFixed(1)} at the start. Method and discussion: docs/benchmarks.md.`,
    '',
    markdownTable(rows),
  ].join('\n');
  writeFileSync(file, text.slice(0, a + start.length) + '\n' + body + '\n' + text.slice(b));
}
