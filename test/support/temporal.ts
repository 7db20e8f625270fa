/**
 * Real Temporal servers for workflow tests, started by the project's own
 * tools (`npm run setup`): the Java time-skipping test server for long
 * calendars, the `temporal` CLI dev server for durability and visibility.
 * The register is in this test file's PostgreSQL (./postgres.ts).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { tools } from '../../client/settings';
import { GovernanceClient } from '../../client/governanceClient';
import { governanceSearchAttributes } from '../../workflows/searchAttributes';
import { ensureSearchAttributes } from '../../worker/searchAttributes';
import { createGovernanceWorker, workflowsPath } from '../../worker/worker';
import type { BoardConfig } from '../../client/boardConfig';
import { defaultProductBoardPolicy } from '../../machines/productBoard/policy';
import { sevenMemberBoard } from './gateReviews';
import { freshStore, type TestStore } from './postgres';
import { recordingLogger } from './sdkWarnings';

// The SDK's own logs would drown the test report; warnings still show. Core's logs are forwarded to
// the same logger, which keeps them: a payload over Temporal's warning size fails the test (sdkWarnings.ts).
Runtime.install({
  logger: recordingLogger(new DefaultLogger('WARN')),
  telemetryOptions: { logging: { filter: { core: 'WARN', other: 'ERROR' }, forward: {} } },
});

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
/** Bundled once per test file: webpack takes seconds, a worker start takes milliseconds with it. */
export const workflowBundle = () => (bundle ??= bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('WARN') }));

/**
 * The SDK gives the Java test server a fixed 5 s to open its port; a JVM starting on two busy cores can
 * miss that without anything being wrong. The start is tried again (a fresh port each time) for that
 * failure only; any other failure, and a third miss, fail the test file.
 */
export async function startTimeSkippingServer(): Promise<TestWorkflowEnvironment> {
  for (let attempt = 1; ; attempt++) {
    try {
      const env = await TestWorkflowEnvironment.createTimeSkipping({
        server: { executable: { type: 'existing-path', path: tools().testServerLauncher } },
      });
      await ensureSearchAttributes(env.connection, env.namespace ?? 'default');
      return env;
    } catch (err) {
      if (attempt >= 3 || !/did not start within/.test(String((err as Error)?.message))) throw err;
    }
  }
}

export async function startDevServer(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: tools().temporalCli },
      searchAttributes: governanceSearchAttributes,
      ip: '127.0.0.1',
    },
  });
}

export const testBoard: BoardConfig = { roster: sevenMemberBoard, policy: defaultProductBoardPolicy, principles: { guiding: [], board: [] } };

/** A fresh temporary folder (evidence, a board file). */
export const freshDir = () => mkdtempSync(join(tmpdir(), 'governance-'));

/** A worker on `env` with a register of its own (a fresh database), and a client that reads the same. */
export async function governanceOn(env: TestWorkflowEnvironment, store?: TestStore, board: BoardConfig = testBoard) {
  const namespace = env.namespace ?? 'default';
  const register = store ?? (await freshStore());
  const evidenceDir = freshDir();
  const startWorker = async (options: { maxCachedWorkflows?: number } = {}) =>
    createGovernanceWorker({ connection: env.nativeConnection, namespace, store: register, evidenceDir, client: env.client, workflowBundle: await workflowBundle(), ...options });
  // The time-skipping server's clock runs ahead of ours once it has skipped: ask it for the time.
  const governance = new GovernanceClient({ client: env.client, board, store: register, now: async () => new Date(await env.currentTimeMs()) });
  return { governance, startWorker, store: register, evidenceDir };
}

/**
 * A time-skipping server with the governance worker running on it, for a test file's `beforeAll`;
 * `stop` shuts the worker down and the server with it.
 */
export async function governedTimeSkipping(board?: BoardConfig) {
  const env = await startTimeSkippingServer();
  const setup = await governanceOn(env, undefined, board);
  const worker = await setup.startWorker();
  const running = worker.run();
  const stop = async () => {
    worker.shutdown();
    await running;
    await env.teardown();
  };
  return { env, ...setup, stop };
}
