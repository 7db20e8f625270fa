/**
 * Real Temporal servers for workflow tests, started by the project's own
 * tools (`npm run setup`): the Java time-skipping test server for long
 * calendars, the `temporal` CLI dev server for durability and visibility.
 * The register is in this test file's PostgreSQL (./postgres.ts).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
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

/** How long a test waits for its worker to stop before taking the server away. */
const WORKER_STOP_MS = 30_000;

/** How long a skip may watch the clock move no faster than the wall before it takes the lock as leaked. */
const LEAKED_LOCK_AFTER_MS = 20_000;

/**
 * Moves the time-skipping server's clock on by `ms`, as `env.sleep` does, with one repair.
 *
 * The Java test server can half-apply a workflow task completion: the run is completed in memory and
 * its continuation started, but its history ends in WorkflowTaskStarted and the task's time lock is
 * never released, nor the task timed out (temporalio/sdk-java#3088 reports the same shape for a
 * refused CancelTimer). The worker then logs "Task not found when completing … workflow execution
 * already completed". From then on the clock only moves at wall speed, so a skip of months never ends.
 * We meet it at a harm watch's continue-as-new when the machine is busy; the real server has no such
 * lock. A skip that has watched the clock move no faster than the wall for 20 s releases that one lock.
 * No workflow task holds a lock that long (their timeout is 10 s), so a lock held by work still under
 * way is never taken.
 */
export async function skipTime(env: TestWorkflowEnvironment, ms: number): Promise<void> {
  let done = false;
  const sleeping = env.sleep(ms).finally(() => {
    done = true;
  });
  let since = { wall: Date.now(), clock: await env.currentTimeMs() };
  let released = false;
  while (!done) {
    await Promise.race([sleeping, new Promise((r) => setTimeout(r, 1_000))]);
    if (done) break;
    const now = { wall: Date.now(), clock: await env.currentTimeMs() };
    // The clock jumped (it skipped): the server is skipping, whatever it was doing before.
    if (now.clock - since.clock > now.wall - since.wall + 1_000) since = now;
    else if (!released && now.wall - since.wall >= LEAKED_LOCK_AFTER_MS) {
      released = true;
      console.warn(`The time-skipping server's clock moved at wall speed for ${LEAKED_LOCK_AFTER_MS / 1000} s of a skip: releasing the time lock it leaked (see skipTime).`);
      await env.connection.testService?.unlockTimeSkipping({});
    }
  }
  await sleeping;
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
  /*
   * The activities ask and tell the boards through a connection of their own: one stuck on a run the
   * test server half-applied (see skipTime) then fails once the server is gone, rather than being
   * retried on a channel the teardown has closed under it, which throws outside any test.
   */
  const activityConnection = Connection.lazy({ address: env.address });
  const activityClient = new Client({ connection: activityConnection, namespace });
  const startWorker = async (options: { maxCachedWorkflows?: number } = {}) =>
    createGovernanceWorker({ connection: env.nativeConnection, namespace, store: register, evidenceDir, client: activityClient, workflowBundle: await workflowBundle(), ...options });
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
    // A worker finishes its tasks in hand before it stops; one the test server has half-applied (see
    // skipTime) is never answered, so after WORKER_STOP_MS the server is taken away, which ends it.
    const stopped = await Promise.race([running.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), WORKER_STOP_MS))]);
    if (!stopped) {
      running.catch(() => undefined);
      console.warn(`The worker had not stopped ${WORKER_STOP_MS / 1000} s after shutdown; the time-skipping server is torn down under it.`);
    }
    await env.teardown();
  };
  return { env, ...setup, stop };
}
