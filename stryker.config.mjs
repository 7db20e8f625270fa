// Mutation testing of machines/ against the pure tests (vitest.mutation.config.mjs): `npm run mutation`, or one
// folder at a time with `npm run mutation -- --mutate 'machines/kernel/**/*.ts'`. Not part of `npm test` or CI:
// a full run takes hours on two cores (bench/results/mutation.md has the scores and times).
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.mjs', related: true },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  // Type-checks mutants in groups; a group with an error is split until the broken mutant is found.
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  mutate: ['machines/**/*.ts'],
  // Each mutant runs only the tests that reached its code.
  coverageAnalysis: 'perTest',
  /*
   * A mutant in code run once as a module loads (a machine's config object, a constant table) is reached by
   * every test: running the whole pure suite for each would take days here. They are left out of the score,
   * and counted as "ignored" in the report.
   */
  ignoreStatic: true,
  // The machine has two cores shared by several sessions.
  concurrency: 2,
  timeoutMS: 60_000,
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  tempDirName: '.stryker-tmp',
  // The database's data and the downloaded servers are no part of a pure test.
  ignorePatterns: ['/.data', '/.tools'],
  cleanTempDir: true,
};
