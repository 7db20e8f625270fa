import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
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
    projects: [
      // The workflow code is bundled once for the suite, not once a file (test/support/bundleOnce.ts).
      { extends: true, test: { name: 'suite', include: ['test/**/*.test.ts'], exclude: ['test/faults/**'], globalSetup: ['test/support/bundleOnce.ts'], sequence: { groupOrder: 0 } } },
      /*
       * The fault storm runs two workers, a dev server and PostgreSQL flat out: beside it, a
       * time-skipping file's clock crawls (see skipTime in test/support/temporal.ts) and the storm's
       * own Updates wait on busy cores. It runs once the rest has finished, with the machine to itself.
       */
      { extends: true, test: { name: 'faults', include: ['test/faults/**/*.test.ts'], sequence: { groupOrder: 1 } } },
    ],
  },
});
