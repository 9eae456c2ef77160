// `npm run bench`: every benchmark in one run, printed as a table and written to bench/results/<date>.json.
// Options: --only=1,2,... (sections), --readme (also replace the README's bench section), --no-10k (skip 10,000-container plans).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { probe } from '../src/host/probe.js';
import { SIZES } from './gen-project.js';
import { converged, project } from './project.js';
import { parseRows, probeCommandRows, type SizedHost } from './probe-bench.js';
import { planRows, type PlanCase } from './plan-bench.js';
import { processRows } from './process-bench.js';
import { applyRows } from './apply-bench.js';
import { commandRows } from './commands-bench.js';
import { memoryRows } from './memory-bench.js';
import { machine, markdownTable, updateReadme, writeJson, type Row } from './report.js';

const here = dirname(fileURLToPath(import.meta.url)); // dist/bench
const root = resolve(here, '..', '..');
const args = process.argv.slice(2);
const only = args.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const want = (s: string) => !only || only.includes(s);
const log = (s: string) => process.stderr.write(`bench: ${s}\n`);

const rows: Row[] = [];
const t0 = performance.now();
const m = machine();
log(`${m.date}, ${m.nproc} × ${m.cpu}, node ${m.node}, load ${m.load.toFixed(1)}`);

// Converged in-memory hosts of 10, 100, 1,000 containers (shared by sections 1 and 2).
const cases: PlanCase[] = [];
const hosts: SizedHost[] = [];
if (want('1') || want('2')) {
  for (const s of SIZES) {
    const { text, spec } = await project(s);
    const { host } = await converged(spec);
    const state = await probe(host, { project: spec.project });
    cases.push({ ...s, text, spec, convergedState: state });
    hosts.push({ ...s, vnet: spec.containers.filter((c) => c.driver === 'vnet').length, host });
  }
  if (!args.includes('--no-10k')) {
    const s = { containers: 10000, networks: 50 };
    cases.push({ ...s, ...(await project(s)) });
  }
  log(`projects ready (${Math.round(performance.now() - t0)} ms)`);
}
if (want('1')) { rows.push(...(await probeCommandRows(hosts)), ...parseRows()); log('1 probe done'); }
if (want('2')) { rows.push(...(await planRows(cases))); log('2 plan done'); }
if (want('3')) {
  const bin = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: { klee: string } }).bin.klee;
  rows.push(...processRows(join(root, bin), join(root, 'dist', 'src', 'cli', 'main.js')));
  log('3 process done');
}
if (want('4')) { rows.push(...(await applyRows())); log('4 apply done'); }
if (want('5')) { rows.push(...(await commandRows())); log('5 commands done'); }
if (want('6')) { rows.push(...memoryRows()); log('6 memory done'); }

process.stdout.write(`\nklee benchmarks, ${m.date}: ${m.nproc} × ${m.cpu}, node ${m.node}, load ${m.load.toFixed(1)} (${Math.round((performance.now() - t0) / 1000)} s)\n\n`);
process.stdout.write(markdownTable(rows) + '\n');
log(`wrote ${writeJson(root, m, rows)}`);
if (args.includes('--readme')) { updateReadme(root, m, rows); log('README.md bench section updated'); }
