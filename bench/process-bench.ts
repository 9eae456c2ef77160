// Section 3: whole-process start-up: `klee validate` and `klee plan -H sim:` on a 50-container file against bare `node -e ""`,
// run as shipped (package.json "bin": the esbuild bundle) and, for comparison, validate from tsc's unbundled output.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectYaml } from './gen-project.js';
import { median, ms, ratio } from './stats.js';
import type { Row } from './report.js';

/** Median wall time of spawning each command line, interleaved round by round so drift hits all alike. */
export function spawnMedians(cmds: Record<string, string[]>, rounds: number, cwd: string): Record<string, number> {
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(cmds).map((k) => [k, []]));
  for (let r = -2; r < rounds; r++) {
    for (const [k, argv] of Object.entries(cmds)) {
      const t = performance.now();
      const p = spawnSync(process.execPath, argv, { cwd, encoding: 'utf8' });
      const dt = performance.now() - t;
      if (p.status !== 0 && !(k === 'plan' && p.status === 2)) throw new Error(`${k}: exit ${p.status}: ${p.stderr}`);
      if (r >= 0) times[k].push(dt); // two warm-up rounds (file cache) are not counted
    }
  }
  return Object.fromEntries(Object.entries(times).map(([k, xs]) => [k, median(xs)]));
}

/** Rows: validate and plan time of the shipped binary (main) and their ratio to bare node; validate of tsc's unbundled output too. */
export function processRows(main: string, unbundled: string, rounds = 21): Row[] {
  const dir = mkdtempSync(join(tmpdir(), 'klee-bench-proc-'));
  const file = join(dir, 'kleene.yaml');
  writeFileSync(file, projectYaml({ containers: 50, networks: 10 }));
  const sim = `sim:${join(dir, 'host.json')}`;
  const m = spawnMedians({
    node: ['-e', ''],
    validate: [main, 'validate', '-f', file],
    unbundled: [unbundled, 'validate', '-f', file],
    plan: [main, 'plan', '-f', file, '-H', sim],
  }, rounds, dir);
  return [
    { section: '3 process', measure: `bare \`node -e ""\` (median of ${rounds})`, value: ms(m.node), raw: { ms: m.node } },
    { section: '3 process', measure: '`klee validate`, 50 containers', value: `${ms(m.validate)} = ${ratio(m.validate / m.node)} node`, target: '≤ 2.5× node', met: m.validate / m.node <= 2.5, raw: { ms: m.validate, ratio: m.validate / m.node } },
    { section: '3 process', measure: '`klee validate` unbundled (tsc\'s dist/src, for comparison)', value: `${ms(m.unbundled)} = ${ratio(m.unbundled / m.node)} node`, raw: { ms: m.unbundled, ratio: m.unbundled / m.node } },
    { section: '3 process', measure: '`klee plan -H sim:`, 50 containers, fresh host', value: `${ms(m.plan)} = ${ratio(m.plan / m.node)} node`, raw: { ms: m.plan, ratio: m.plan / m.node } },
  ];
}
