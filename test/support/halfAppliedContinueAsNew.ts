/**
 * A fault of the Java time-skipping test server (1.38.0) that the workflow tests meet, and its repairs.
 *
 * When a workflow task that continues as new completes while a query waits for that task, the server
 * half-applies the completion. The waiting query was recorded as a buffered change with no events;
 * at completion the server sees a buffered change and schedules another workflow task, on the run it
 * has just closed (`completeWorkflowTask` in TestWorkflowMutableStateImpl counts a completed, failed or
 * cancelled run as finished, not one continued as new). Adding that task's event throws "workflow
 * execution already completed" after the new run has started but before the completion is saved. So:
 * - the old run's history ends in WorkflowTaskStarted, and the worker logs "Task not found when
 *   completing … workflow execution already completed";
 * - that task's time lock is never released: from then on the clock moves at wall speed, and a skip
 *   of months never ends (repaired by skipTime in ./temporal.ts, which releases one lock for each
 *   such warning);
 * - the query is never answered: it waited about 75 s here, until the server dropped the connection
 *   for its keepalive pings and the client asked again (repaired by `askingQueriesAgain`).
 * Busy cores make it likelier (a longer task, more time for a query to arrive), which is why it struck
 * in the full suite. A query to the real server, or one that arrives at another moment, is answered;
 * the real server has no time lock.
 */
import type { Connection, WorkflowClientInterceptor } from '@temporalio/client';
import { loggedLines, type LoggedLine } from './sdkWarnings';

/** The worker's warning for a completion the server half-applied, as core logs it. */
const isHalfAppliedCompletion = (line: LoggedLine): boolean =>
  line.message.startsWith('Task not found when completing') && String(line.meta?.['error'] ?? '').includes('workflow execution already completed');

/** How many completions the server has half-applied in this test file so far: each leaked one time lock. */
export const halfAppliedCompletions = (): number => loggedLines().filter(isHalfAppliedCompletion).length;

/**
 * How long a query may wait before it is asked again. A query waits for the workflow task under way,
 * which times out after 10 s; asking again loses nothing (the new query waits for the same task), and
 * the one the server will never answer is left behind.
 */
const QUERY_DEADLINE_MS = 5_000;
/** Past this many tries (four minutes) the query fails, with the last error, rather than waiting on. */
const QUERY_TRIES = 48;
/** gRPC's status codes for a call past its deadline, and for one the server cancelled. */
const DEADLINE_EXCEEDED = 4;
const CANCELLED = 1;

/**
 * Whether a query failed because its deadline passed. The server is sent the deadline too, and when the
 * client's event loop is busy (a worker shares it) the server's timer fires and resets the stream
 * (RST_STREAM CANCEL) before the client's own timer runs: the same expiry then arrives as CANCELLED
 * ("Call cancelled"), as it did once in CI. Counted as the deadline only when the deadline has in fact
 * passed (the server's can only end later than the client's), so a cancellation for any other reason
 * still fails the query.
 */
const pastDeadline = (err: unknown, deadline: number): boolean => {
  const code = (err as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  return code === DEADLINE_EXCEEDED || (code === CANCELLED && Date.now() >= deadline);
};

/**
 * A client interceptor that gives each query a deadline and asks it again when it passes: the
 * query the server buffered on a half-applied run is never answered, and asked again it reaches
 * the run that continued. Only queries: they change nothing, so asking twice is always safe.
 *
 * @example
 * const client = new Client({ connection, namespace, interceptors: { workflow: [askingQueriesAgain(connection)] } });
 */
export function askingQueriesAgain(connection: Pick<Connection, 'withDeadline'>): WorkflowClientInterceptor {
  return {
    async query(input, next) {
      for (let attempt = 1; ; attempt++) {
        const deadline = Date.now() + QUERY_DEADLINE_MS;
        try {
          return await connection.withDeadline(deadline, () => next(input));
        } catch (err) {
          if (!pastDeadline(err, deadline) || attempt >= QUERY_TRIES) throw err;
        }
      }
    },
  };
}
