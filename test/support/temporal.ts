/**
 * Real Temporal servers for workflow tests, started by the project's own
 * tools (`npm run setup`): the Java time-skipping test server for long
 * calendars, the `temporal` CLI dev server for durability and visibility.
 * The register is in this test file's PostgreSQL (./postgres.ts).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { TestWorkflowEnvironment, TimeSkippingWorkflowClient } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { inject } from 'vitest';
import { tools } from '../../client/settings';
import { GovernanceClient } from '../../client/governanceClient';
import { governanceSearchAttributes } from '../../workflows/searchAttributes';
import { ensureSearchAttributes } from '../../worker/searchAttributes';
import { createGovernanceWorker } from '../../worker/worker';
import { bundleOptions } from '../../worker/bundle';
import { testTrust, type TestTrust } from './trust';
import type { BoardConfig } from '../../client/boardConfig';
import { defaultProductBoardPolicy } from '../../machines/productBoard/policy';
import { sevenMemberBoard } from './gateReviews';
import { askingQueriesAgain, halfAppliedCompletions } from './halfAppliedContinueAsNew';
import { freshStore, type TestStore } from './postgres';
import { recordingLogger } from './sdkWarnings';
import { bundleFiles } from './bundleOnce';
import type { temporal } from '@temporalio/proto';

// The SDK's own logs would drown the test report; warnings still show. Core's logs are forwarded to
// the same logger, which keeps them: a payload over Temporal's warning size fails the test (sdkWarnings.ts).
Runtime.install({
  logger: recordingLogger(new DefaultLogger('WARN')),
  telemetryOptions: { logging: { filter: { core: 'WARN', other: 'ERROR' }, forward: {} } },
});

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
/**
 * The workflow code, bundled once for the whole run (./bundleOnce.ts) or, when it was not (watch
 * mode), once per test file: webpack takes seconds, a worker start takes milliseconds with it.
 */
export const workflowBundle = () => (bundle ??= builtForThisRun() ?? bundleWorkflowCode(bundleOptions()));

function builtForThisRun(): Promise<WorkflowBundleWithSourceMap> | undefined {
  // Outside vitest (a benchmark reusing this harness) there is no run to have built it.
  let dir: string | undefined;
  try {
    dir = inject('workflowBundleDir');
  } catch {
    return undefined;
  }
  if (!dir) return undefined;
  const files = bundleFiles(dir);
  return Promise.resolve({ code: readFileSync(files.code, 'utf8'), sourceMap: readFileSync(files.sourceMap, 'utf8') });
}

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
      leaks.set(env, { reportedBefore: halfAppliedCompletions(), released: 0 });
      return env;
    } catch (err) {
      if (attempt >= 3 || !/did not start within/.test(String((err as Error)?.message))) throw err;
    }
  }
}

/** How long a test waits for its worker to stop before taking the server away. */
const WORKER_STOP_MS = 30_000;

/**
 * How long a skip may watch the clock move no faster than the wall, with no half-applied completion
 * reported, before it takes a lock as leaked all the same.
 */
const LEAKED_LOCK_AFTER_MS = 20_000;

/**
 * For each time-skipping server, the half-applied completions reported before it started (another
 * server's) and the locks released on it since: one for each reported on it, and any taken as leaked
 * without a report.
 */
const leaks = new WeakMap<TestWorkflowEnvironment, { reportedBefore: number; released: number }>();
const leaksOf = (env: TestWorkflowEnvironment) => {
  let counts = leaks.get(env);
  if (!counts) leaks.set(env, (counts = { reportedBefore: 0, released: 0 }));
  return counts;
};

/**
 * Moves the time-skipping server's clock on by `ms`, as `env.sleep` does, with one repair.
 *
 * The Java test server half-applies a workflow task that continues as new while a query waits for it
 * (./halfAppliedContinueAsNew.ts): the task's time lock is never released, and from then on the clock
 * moves only at wall speed, so a skip of months never ends. The worker reports each such completion
 * ("Task not found when completing … workflow execution already completed"). A skip whose clock stops
 * jumping releases one lock for each completion reported and not yet answered, at once: that lock is
 * certainly leaked, and locks are counted, so work under way that holds one of its own keeps the clock
 * at wall speed until it is done. Failing a report, a skip that has watched the clock move no faster
 * than the wall for 20 s releases one lock, once (no workflow task holds a lock that long: their
 * timeout is 10 s). The real server has no such lock.
 */
export async function skipTime(env: TestWorkflowEnvironment, ms: number): Promise<void> {
  let done = false;
  const sleeping = env.sleep(ms).finally(() => {
    done = true;
  });
  let since = { wall: Date.now(), clock: await env.currentTimeMs() };
  let releasedUnreported = false;
  const counts = leaksOf(env);
  const unanswered = () => halfAppliedCompletions() - counts.reportedBefore - counts.released;
  const release = async (why: string) => {
    counts.released++;
    console.warn(`The time-skipping server's clock moved at wall speed during a skip ${why}: releasing the time lock it leaked (see skipTime).`);
    await env.connection.testService?.unlockTimeSkipping({});
  };
  while (!done) {
    await Promise.race([sleeping, new Promise((r) => setTimeout(r, 1_000))]);
    if (done) break;
    const now = { wall: Date.now(), clock: await env.currentTimeMs() };
    // The clock jumped (it skipped): the server is skipping, whatever it was doing before.
    if (now.clock - since.clock > now.wall - since.wall + 1_000) since = now;
    else if (unanswered() > 0) await release('after a half-applied continue-as-new');
    else if (!releasedUnreported && now.wall - since.wall >= LEAKED_LOCK_AFTER_MS) {
      releasedUnreported = true;
      await release(`for ${LEAKED_LOCK_AFTER_MS / 1000} s`);
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

/** A client's options for `connection`: on the time-skipping server, queries are asked again past a deadline (see askingQueriesAgain). */
const queriesAskedAgain = (env: TestWorkflowEnvironment, connection: Connection) =>
  env.supportsTimeSkipping ? { interceptors: { workflow: [askingQueriesAgain(connection)] } } : {};

/**
 * A client of the time-skipping server like `env.client` (its wait for a workflow's result lets the
 * server skip time, as TimeSkippingClient, which the SDK does not export, does), whose queries are
 * asked again past a deadline.
 */
function timeSkippingClient(connection: Connection, namespace: string): Client {
  const client = new Client({ connection, namespace });
  const workflow = new TimeSkippingWorkflowClient({ connection, namespace, interceptors: [askingQueriesAgain(connection)] });
  return Object.assign(client, { workflow });
}

/** A worker on `env` with a register of its own (a fresh database), and a client that reads the same. */
export async function governanceOn(env: TestWorkflowEnvironment, store?: TestStore, board: BoardConfig = testBoard, keys?: TestTrust) {
  const namespace = env.namespace ?? 'default';
  const register = store ?? (await freshStore());
  const evidenceDir = freshDir();
  /*
   * The activities ask and tell the boards through a connection of their own: one stuck on a run the
   * test server half-applied (see skipTime) then fails once the server is gone, rather than being
   * retried on a channel the teardown has closed under it, which throws outside any test.
   */
  const activityConnection = Connection.lazy({ address: env.address });
  const activityClient = new Client({ connection: activityConnection, namespace, ...queriesAskedAgain(env, activityConnection) });
  // The time-skipping server's clock runs ahead of ours once it has skipped: ask it for the time (defaults, and the date of every proof).
  const now = async () => new Date(await env.currentTimeMs());
  const trust = keys ?? testTrust(now);
  const startWorker = async (options: { maxCachedWorkflows?: number } = {}) =>
    createGovernanceWorker({ connection: env.nativeConnection, namespace, store: register, evidenceDir, client: activityClient, workflowBundle: await workflowBundle(), trust: trust.worker, ...options });
  // As env.client, whose wait for a result lets the time-skipping server skip (governance.decision), with queries asked again.
  const client = env.supportsTimeSkipping ? timeSkippingClient(env.connection, namespace) : env.client;
  const governance = new GovernanceClient({ client, board, store: register, now, signer: trust.api });
  return { governance, startWorker, store: register, evidenceDir, trust };
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

/** Every run's history of the workflow `workflowId`, oldest first, read back from the current run through each run's predecessor. */
export async function historiesOf(env: TestWorkflowEnvironment, workflowId: string): Promise<{ readonly runId: string; readonly history: temporal.api.history.v1.IHistory }[]> {
  const runs: { runId: string; history: temporal.api.history.v1.IHistory }[] = [];
  let runId: string | undefined = (await env.client.workflow.getHandle(workflowId).describe()).runId;
  while (runId) {
    const history = await env.client.workflow.getHandle(workflowId, runId).fetchHistory();
    runs.unshift({ runId, history });
    // A run's first event is its start, which names the run it continues.
    runId = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
  }
  return runs;
}
