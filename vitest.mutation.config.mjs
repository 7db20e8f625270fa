import { defineConfig } from 'vitest/config';

/*
 * The pure tests Stryker runs against each mutant of machines/ (stryker.config.mjs): the machine tests and
 * the property tests, none of which starts a server, bundles workflow code or needs the suite's global setup.
 */
export default defineConfig({
  test: {
    include: ['test/machines/**/*.test.ts', 'test/properties/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 120_000,
    reporters: ['default'],
  },
});
