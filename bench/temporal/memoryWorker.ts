/**
 * A worker in a process of its own, so that its memory is its alone: run by
 * bench/temporal/run.ts (forked, with --expose-gc), once for the engine's
 * workflows and once for the bare one. It answers the parent's messages with
 * process.memoryUsage() and the worker's status.
 *
 * Both sides get the options worker/worker.ts createGovernanceWorker gives
 * Worker.create (bundle, activities, task queue) plus an explicit
 * maxCachedWorkflows, which createGovernanceWorker does not take: with the
 * SDK's default the cache would hold fewer than the open workflows.
 *
 *   argv: ours|bare <address> <namespace> <taskQueue> <bundle code path> <database URL> <register key file> <evidenceDir> <maxCachedWorkflows>
 */
import { v8 } from './v8';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { openDatabase, parseDatabaseUrl } from '../../store/database';
import { signerFromKeyFile } from '../../store/signing';
import { testTrust } from '../../test/support/trust';

export type ToWorker = { type: 'measure' } | { type: 'status' } | { type: 'stop' };
export type FromWorker =
  | { type: 'ready'; memory: NodeJS.MemoryUsage; maxCachedWorkflows: number; heapLimitMiB: number; defaultMaxCachedWorkflows: number }
  | { type: 'status'; numCachedWorkflows: number; inFlight: number }
  | { type: 'measure'; memory: NodeJS.MemoryUsage; numCachedWorkflows: number };

const [, address, namespace, taskQueue, codePath, databaseUrl, keyFile, evidenceDir, maxCached] = process.argv.slice(2) as [string, string, string, string, string, string, string, string, string];
Runtime.install({ logger: new DefaultLogger('WARN') });

const send = (message: FromWorker) => process.send!(message);
const settled = () => {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage();
};

const connection = await NativeConnection.connect({ address });
const store = { db: openDatabase(parseDatabaseUrl(databaseUrl)), signer: await signerFromKeyFile(keyFile) };
const workflowBundle = { codePath };
const worker = await Worker.create({
  connection,
  namespace,
  taskQueue,
  workflowBundle,
  activities: createActivities({ store, evidenceDir, trust: testTrust().worker }),
  maxCachedWorkflows: Number(maxCached),
});

process.on('message', (message: ToWorker) => {
  const status = worker.getStatus();
  if (message.type === 'status') send({ type: 'status', numCachedWorkflows: status.numCachedWorkflows, inFlight: status.numInFlightWorkflowActivations });
  if (message.type === 'measure') send({ type: 'measure', memory: settled(), numCachedWorkflows: status.numCachedWorkflows });
  if (message.type === 'stop') worker.shutdown();
});

const running = worker.run();
// The SDK keeps its first poll for itself; a moment later the worker is idle and measurable.
setTimeout(() => send({ type: 'ready', memory: settled(), maxCachedWorkflows: worker.options.maxCachedWorkflows, heapLimitMiB: v8.heapLimitMiB(), defaultMaxCachedWorkflows: v8.defaultMaxCachedWorkflows(v8.heapLimitMiB()) }), 500);
await running;
await connection.close();
await store.db.destroy();
process.exit(0);
