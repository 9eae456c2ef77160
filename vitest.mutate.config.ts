// The vitest configuration StrykerJS runs (npm run mutate, scripts/mutate.mjs): the unit and in-process end-to-end
// suites, and the reliability sweeps a module names in KLEE_MUTATE_SWEEPS (the executor's: faults). Left out: tests
// that run the built dist/ (the mutant lives in src/, not in the build) and the other sweeps, which cost minutes per
// mutant on a shared 2-core machine (docs/testing.md says what the scores therefore measure).
import { defineConfig } from 'vitest/config';

const SUITES = ['planner', 'host', 'spec', 'executor', 'sim', 'cli', 'e2e'].map((d) => `test/${d}/**/*.test.ts`);
const DIST = ['test/e2e/bin.test.ts', 'test/e2e/bundle.test.ts', 'test/e2e/removal.test.ts', 'test/sim/cache.test.ts'];
const sweeps = (process.env.KLEE_MUTATE_SWEEPS ?? '').split(',').filter(Boolean).map((s) => `test/reliability/${s}.test.ts`);

export default defineConfig({
  test: {
    include: [...SUITES, ...sweeps],
    exclude: [...DIST, 'node_modules/**', '.stryker-tmp/**'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
