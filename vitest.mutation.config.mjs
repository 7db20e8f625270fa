import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/*
 * The pure tests Stryker runs against each mutant of machines/ (stryker.config.mjs): the machine tests and
 * the property tests, none of which starts a server, bundles workflow code or needs the suite's global setup.
 * Properties run fewer times here (test/support/fewerRunsForMutation.mjs says why).
 */
export default defineConfig({
  resolve: { alias: [{ find: /^fast-check$/, replacement: fileURLToPath(new URL('test/support/fewerRunsForMutation.mjs', import.meta.url)) }] },
  test: {
    include: ['test/machines/**/*.test.ts', 'test/properties/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 120_000,
    reporters: ['default'],
  },
});
