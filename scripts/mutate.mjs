// `npm run mutate [module...]`: StrykerJS over the modules where a silent bug costs most, one module at a time (the
// machine is shared: stryker.config.mjs runs 2 at once), each with its own incremental file so a re-run only tests
// mutants whose code or tests changed. Prints the score per module; docs/testing.md records them.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');

/** module -> the source files mutated, and the long sweeps that also run (vitest.mutate.config.ts). */
const MODULES = {
  ownership: { files: ['src/host/ownership.ts', 'src/host/labels.ts'] },
  addresses: { files: ['src/planner/kinds/address-choice.ts', 'src/planner/allocation.ts', 'src/planner/ip.ts', 'src/spec/addr.ts'] },
  pf: { files: ['src/planner/kinds/pf-rules.ts'] },
  'jail-argv': { files: ['src/planner/kinds/jail-argv.ts', 'src/planner/kinds/container-removal.ts', 'src/planner/kinds/mount.ts'] },
  executor: { files: ['src/executor/execute.ts', 'src/executor/undo.ts', 'src/executor/order.ts'], sweeps: ['faults'] },
  'loader-rules': { files: ['src/spec/rules/*.ts'] },
};

/** Stryker's mutation score of a JSON report: detected (killed, timeout) over valid mutants (those plus survived, no coverage). */
function score(report) {
  const c = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0 };
  for (const f of Object.values(report.files)) for (const m of f.mutants) if (m.status in c) c[m.status]++;
  const valid = c.Killed + c.Timeout + c.Survived + c.NoCoverage;
  return { ...c, valid, score: valid ? (100 * (c.Killed + c.Timeout)) / valid : 100 };
}

// Options for stryker itself (`--force`: test every mutant again, ignoring the incremental file) pass through.
const passed = process.argv.slice(2).filter((a) => a.startsWith('--'));
const asked = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const unknown = asked.filter((m) => !(m in MODULES));
if (unknown.length) {
  console.error(`npm run mutate: unknown module ${unknown.join(', ')}; modules: ${Object.keys(MODULES).join(', ')}`);
  process.exit(2);
}
const rows = [];
for (const name of asked.length ? asked : Object.keys(MODULES)) {
  const m = MODULES[name];
  const report = join('reports', 'mutation', `${name}.json`);
  const args = ['stryker', 'run', '--mutate', m.files.join(','), ...passed];
  console.log(`mutate: ${name}: ${m.files.join(' ')}${m.sweeps ? ` (with the ${m.sweeps.join(', ')} sweep)` : ''}`);
  const r = spawnSync('npx', args, { cwd: root, stdio: 'inherit', env: { ...process.env, KLEE_MUTATE_MODULE: name, KLEE_MUTATE_SWEEPS: (m.sweeps ?? []).join(',') } });
  if (r.status !== 0 || !existsSync(join(root, report))) {
    console.error(`mutate: ${name}: stryker exited ${r.status}`);
    process.exit(1);
  }
  rows.push([name, score(JSON.parse(readFileSync(join(root, report), 'utf8')))]);
}
console.log('\nmodule        score  killed timeout survived no-cov');
for (const [name, s] of rows) console.log(`${name.padEnd(13)} ${s.score.toFixed(1).padStart(5)}% ${String(s.Killed).padStart(6)} ${String(s.Timeout).padStart(7)} ${String(s.Survived).padStart(8)} ${String(s.NoCoverage).padStart(6)}`);
