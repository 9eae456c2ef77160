// StrykerJS (mutation testing): `npm run mutate [module...]` runs scripts/mutate.mjs, which passes each module's files
// as --mutate and its name as KLEE_MUTATE_MODULE (its own report and incremental file); docs/testing.md records the scores.
const module = process.env.KLEE_MUTATE_MODULE ?? 'all';

export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts' },
  coverageAnalysis: 'perTest',
  concurrency: 2,
  timeoutMS: 60_000,
  reporters: ['clear-text', 'json', 'progress'],
  jsonReporter: { fileName: `reports/mutation/${module}.json` },
  incremental: true,
  incrementalFile: `reports/mutation/${module}.incremental.json`,
  tempDirName: '.stryker-tmp',
  // another run's sandbox (npm run mutate -- --tempDirName=.stryker-tmp-b ...) is not part of the project
  ignorePatterns: ['/.stryker-tmp*', '/dist-build.lock'],
  cleanTempDir: 'always',
  thresholds: { high: 90, low: 75, break: null },
};
