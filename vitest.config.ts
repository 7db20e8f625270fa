import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Stops the PostgreSQL a test file started (test/support/postgres.ts); fails a test during which
    // Temporal warned of an oversized payload or a slow workflow task.
    setupFiles: ['test/support/setup.ts', 'test/support/failOnSdkWarnings.ts'],
    benchmark: { include: ['bench/**/*.bench.ts'] },
    // Workflow tests start real Temporal servers and bundle workflow code.
    // Hang guards, not speed targets: on 2 busy cores a file that starts servers can take minutes (benchmarks time things).
    testTimeout: 300_000,
    hookTimeout: 180_000,
    // Each workflow test file runs its own server; two cores run two files at once.
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
  },
});
