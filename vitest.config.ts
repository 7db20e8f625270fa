import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Stops the PostgreSQL a test file started (test/support/postgres.ts); fails a test during which
    // Temporal warned of an oversized payload or a slow workflow task.
    setupFiles: ['test/support/setup.ts', 'test/support/failOnSdkWarnings.ts'],
    benchmark: { include: ['bench/**/*.bench.ts'] },
    // Workflow tests start real Temporal servers and bundle workflow code.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Each workflow test file runs its own server; two cores run two files at once.
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
  },
});
