/**
 * Builds the governance worker: every workflow in workflows/, every activity
 * bound to this deployment's data (the register and notices in PostgreSQL, the
 * evidence folder), on the one task queue.
 */
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import { TASK_QUEUE } from '../workflows/taskQueue';
import { workflowBundleFromEnv, workflowInterceptorModules, workflowsPath } from './bundle';

export { workflowsPath };

export interface GovernanceWorkerOptions extends ActivityDeps {
  readonly connection: NativeConnection;
  readonly namespace: string;
  readonly taskQueue?: string;
  /** A prebuilt bundle (tests build one and reuse it); else the file GOVERN_WORKFLOW_BUNDLE names; else workflows are bundled at start. */
  readonly workflowBundle?: WorkerOptions['workflowBundle'];
  readonly identity?: string;
  /**
   * How many workflows the worker keeps in memory. Each of ours costs about 2 MiB of worker memory
   * (bench/results/temporal-vs-bare.md), so the SDK's default, sized from the heap, can exceed the
   * machine with thousands of open processes; an evicted workflow is replayed when it next has work.
   */
  readonly maxCachedWorkflows?: number;
}

/**
 * The cache size when none is given: GOVERN_MAX_CACHED_WORKFLOWS, else 500 (about 1 GiB).
 *
 * @throws Error when the variable is set to anything but a positive whole number, rather than
 * starting the worker with a cache the operator did not ask for.
 */
export function defaultMaxCachedWorkflows(): number {
  const raw = process.env.GOVERN_MAX_CACHED_WORKFLOWS?.trim();
  if (!raw) return 500;
  if (!/^[1-9]\d*$/.test(raw)) throw new Error(`GOVERN_MAX_CACHED_WORKFLOWS is "${raw}": set it to a positive whole number of workflows (e.g. 500), or unset it for 500.`);
  return Number(raw);
}

export function createGovernanceWorker(options: GovernanceWorkerOptions): Promise<Worker> {
  const workflowBundle = options.workflowBundle ?? workflowBundleFromEnv();
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue ?? TASK_QUEUE,
    ...(workflowBundle ? { workflowBundle } : { workflowsPath, interceptors: { workflowModules: workflowInterceptorModules } }),
    activities: createActivities({
      store: options.store,
      evidenceDir: options.evidenceDir,
      trust: options.trust,
      ...(options.client ? { client: options.client } : {}),
    }),
    ...(options.identity ? { identity: options.identity } : {}),
    maxCachedWorkflows: options.maxCachedWorkflows ?? defaultMaxCachedWorkflows(),
    maxConcurrentWorkflowTaskExecutions: workflowTasksAtOnce,
  });
}

/**
 * How many workflow tasks a worker holds at once. A task the worker has taken counts against its 10 s
 * timeout while it waits for the one JavaScript thread; one left in the server's queue does not. The
 * SDK's default (40) let a worker restarted beside 200 open reviews take more first tasks (each a
 * replay) than two busy cores finish in 10 s: one task timed out twice, Temporal waited 50 s before the
 * next attempt, and an Update waited on it all that time (test/faults/gateReviewStorm.test.ts: with 40 it
 * passed at noon on 2026-12-03 and then failed 4 runs of 4 that afternoon; with 8 it passed twice, once
 * in the whole suite). Fewer at once costs little when tasks take milliseconds.
 */
const workflowTasksAtOnce = 8;
