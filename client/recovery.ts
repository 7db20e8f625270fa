/**
 * The long-lived processes, the product board and the initiative board, are founded once from their
 * files and then live for ever, continuing as new. Everything they hold (products registered, the
 * change log, the calendar's timers, the agenda) is in their history, nowhere else. So:
 *
 * - founding never creates a run over a closed one (`foundOnce`): a board whose latest run was
 *   terminated, failed, timed out, was cancelled or completed is reported as stopped
 *   (`ProcessStopped`), with when and why and how to bring it back, and nothing is opened. Founding
 *   it again from the file would start an empty board under the same id: its products would be
 *   orphaned, its change log and calendar lost, and nobody told.
 * - recovery (`recoverProcess`) is Temporal's own reset, not a new founding: the server starts a new
 *   run with the dead run's history up to its last completed workflow task, so the workflow code
 *   replays to exactly the state it had (products, changes, pending timers and children, accepted
 *   Updates), and Signals sent after that point are applied again. Re-founding with a copy of the
 *   last state would need that state from somewhere (a query to a dead run replays it, but loses its
 *   pending timers and children, the very things XState's snapshot does not hold) and would break
 *   the chain of runs the Temporal UI shows; a reset keeps it, marked with who reset it and why.
 */
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
  type Client,
} from '@temporalio/client';
// A CommonJS package: Node's ESM loader sees only its default export.
import proto from '@temporalio/proto';
import { v4 as uuid } from 'uuid';
import { boardProcessId, initiativeProcessId } from '../machines/kernel/ids';
import { CommandRefused, GovernanceError, NotFound } from './errors';
import { dateInWords } from './dates';

const { EventType, HistoryEventFilterType } = proto.temporal.api.enums.v1;
type HistoryEvent = proto.temporal.api.history.v1.IHistoryEvent;
type Long = NonNullable<HistoryEvent['eventId']>;

/** A process `npm start` or `govern … open` founds, in the words an operator needs. */
export interface LongLivedProcess {
  /** How people name it: `Board "product-board"`. */
  readonly title: string;
  readonly workflowId: string;
  /** The command that brings it back, e.g. `npx govern board recover (signed in as s-jo)`. */
  readonly recoverCommand: string;
  /** The command that opens it, e.g. `npx govern board open (signed in as s-jo)`. */
  readonly openCommand: string;
}

/** Who runs it: the command goes through the engine's server, signed in (`govern login`) as the secretariat. */
const asWho = (secretariat?: string) => `(signed in as ${secretariat ?? 'its secretariat'})`;

/** The product board `boardId`; `secretariat` is named in the commands it suggests. */
export const productBoardProcess = (boardId: string, secretariat?: string): LongLivedProcess => ({
  title: `Board "${boardId}"`,
  workflowId: boardProcessId(boardId),
  recoverCommand: `npx govern board recover ${asWho(secretariat)}`,
  openCommand: `npx govern board open ${asWho(secretariat)}`,
});

/** The initiative board `boardId`; `secretariat` is named in the commands it suggests. */
export const initiativeBoardProcess = (boardId: string, secretariat?: string): LongLivedProcess => ({
  title: `Initiative board "${boardId}"`,
  workflowId: initiativeProcessId(boardId),
  recoverCommand: `npx govern initiative recover ${asWho(secretariat)}`,
  openCommand: `npx govern initiative open ${asWho(secretariat)}`,
});

/** How a run ended, in words: "terminated", "failed", "timed out", "cancelled", "completed". */
export type StopKind = 'terminated' | 'failed' | 'timed out' | 'cancelled' | 'completed' | 'closed';

/** The latest run of a process that is no longer running. */
export interface StoppedRun {
  readonly runId: string;
  readonly how: StopKind;
  /** When it closed (ISO 8601). */
  readonly at?: string;
  /** The reason the server or the operator gave, or the failure's message. */
  readonly reason?: string;
}

/**
 * The latest run of a long-lived process is closed: nothing was opened. The message says when and
 * how it stopped and how to bring it back with everything it held.
 */
export class ProcessStopped extends GovernanceError {
  override name = 'ProcessStopped';
  constructor(
    readonly process: LongLivedProcess,
    readonly stopped: StoppedRun,
  ) {
    super(stoppedMessage(process, stopped));
  }
}

/** `Board "product-board" stopped: its last run was terminated at Tuesday 1 December 2026, 19:42 UTC (reason: …). Nothing was opened. …` */
export function stoppedMessage(process: LongLivedProcess, stopped: StoppedRun): string {
  const when = stopped.at ? ` at ${dateInWords(stopped.at)}` : '';
  const why = stopped.reason ? ` (reason: ${stopped.reason})` : '';
  return (
    `${process.title} stopped: its last run ${stoppedVerb[stopped.how]}${when}${why}. Nothing was opened. ` +
    `To bring it back with everything it held, run: ${process.recoverCommand} ` +
    `(or, from the Temporal UI, reset ${process.workflowId} to its last good workflow task).`
  );
}

/** "its last run was terminated", "its last run failed"… */
export const stoppedVerb: Record<StopKind, string> = {
  terminated: 'was terminated',
  failed: 'failed',
  'timed out': 'timed out',
  cancelled: 'was cancelled',
  completed: 'completed',
  closed: 'closed',
};

/** The id policies a founding start is made with: never a new run beside a running one, nor over a closed one. */
export interface FoundingPolicies {
  readonly workflowIdReusePolicy: WorkflowIdReusePolicy;
  readonly workflowIdConflictPolicy: WorkflowIdConflictPolicy;
}

const founding: FoundingPolicies = {
  // The default (ALLOW_DUPLICATE) starts a fresh, empty run over a terminated one: issue 12.
  workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
  workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
};

/**
 * Founds the process with `start` (given the id policies to start with) unless it exists: answers
 * `founded` when this call started it, `running` when its latest run is running already.
 *
 * @throws ProcessStopped when its latest run is closed (terminated, failed, timed out, cancelled,
 * completed): nothing is started; recover it with `recoverProcess`. Other errors of `start` as they are.
 * @example
 * await foundOnce(client, productBoardProcess('product-board', 's-jo'), (policies) => client.workflow.start(productBoard, { ...policies, workflowId, taskQueue, args }));
 */
export async function foundOnce(client: Client, process: LongLivedProcess, start: (policies: FoundingPolicies) => Promise<unknown>): Promise<'founded' | 'running'> {
  try {
    await start(founding);
    return 'founded';
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  const latest = await latestRun(client, process.workflowId);
  if (latest === 'running') return 'running';
  if (!latest) throw new GovernanceError(`${process.title} could not be opened: the server refused a new run but has none; try again with "${process.openCommand}".`);
  throw new ProcessStopped(process, latest);
}

/** `running`, the stopped latest run, or undefined when the process never existed (or is past the namespace's retention). */
export async function latestRun(client: Client, workflowId: string): Promise<'running' | StoppedRun | undefined> {
  let description;
  try {
    description = await client.workflow.getHandle(workflowId).describe();
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
  if (description.status.name === 'RUNNING') return 'running';
  const runId = description.runId;
  const close = await closeEvent(client, workflowId, runId);
  return {
    runId,
    how: stopKinds[description.status.name] ?? 'closed',
    ...(description.closeTime ? { at: description.closeTime.toISOString() } : {}),
    ...reasonOf(close),
  };
}

const stopKinds: Partial<Record<string, StopKind>> = {
  TERMINATED: 'terminated',
  FAILED: 'failed',
  TIMED_OUT: 'timed out',
  CANCELLED: 'cancelled',
  COMPLETED: 'completed',
};

async function closeEvent(client: Client, workflowId: string, runId: string): Promise<HistoryEvent | undefined> {
  const { history } = await client.workflowService.getWorkflowExecutionHistory({
    namespace: client.options.namespace,
    execution: { workflowId, runId },
    historyEventFilterType: HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT,
  });
  return history?.events?.at(-1) ?? undefined;
}

function reasonOf(event: HistoryEvent | undefined): { reason?: string } {
  const failure = (f: proto.temporal.api.failure.v1.IFailure | null | undefined): string | undefined =>
    f?.message ? `${f.message}${f.cause?.message ? `: ${f.cause.message}` : ''}` : undefined;
  const reason =
    event?.workflowExecutionTerminatedEventAttributes?.reason ||
    failure(event?.workflowExecutionFailedEventAttributes?.failure) ||
    (event?.workflowExecutionTimedOutEventAttributes ? 'it ran past its workflow timeout' : undefined) ||
    (event?.workflowExecutionCanceledEventAttributes ? 'its cancellation was requested' : undefined) ||
    (event?.workflowExecutionCompletedEventAttributes ? 'its workflow code returned, which a board never does on its own' : undefined);
  return reason ? { reason } : {};
}

/** What a recovery did: which run it went back into, to which event, and the new run. */
export interface Recovery {
  readonly workflowId: string;
  /** The run that had stopped. */
  readonly stopped: StoppedRun;
  /** The run whose history the new run takes up: the stopped one, or an earlier one when it has no completed workflow task. */
  readonly fromRunId: string;
  /** The `WorkflowTaskCompleted` event it went back to. */
  readonly resetToEventId: number;
  /** When that workflow task completed (ISO 8601). */
  readonly resetToAt?: string;
  /** The new, running run. */
  readonly runId: string;
}

/**
 * Brings a stopped long-lived process back from its last good state: resets its latest run (or, when
 * that run never completed a workflow task, the run it continued from) to its last completed workflow
 * task. The new run replays the same history, so it holds everything the process held; Signals that
 * came after that task are applied again. Only a stopped process is recovered.
 *
 * @throws NotFound (it never existed), CommandRefused (it is running: nothing to recover),
 * GovernanceError (no run has a completed workflow task to go back to, or the reset did not leave it running).
 * Safe to retry: a second call finds it running and refuses.
 * @example
 * const recovery = await recoverProcess(client, productBoardProcess('product-board'), { by: 's-jo' });
 */
export async function recoverProcess(client: Client, process: LongLivedProcess, { by, reason }: { by: string; reason?: string }): Promise<Recovery> {
  const latest = await latestRun(client, process.workflowId);
  if (!latest) throw new NotFound(`${process.title} has no run to recover: it was never opened (or is past the server's retention). Open it with "${process.openCommand}".`);
  if (latest === 'running') throw new CommandRefused(`${process.title} is running; there is nothing to recover.`);

  const point = await lastGoodTask(client, process, latest.runId);
  const response: proto.temporal.api.workflowservice.v1.IResetWorkflowExecutionResponse = await client.workflowService.resetWorkflowExecution({
    namespace: client.options.namespace,
    workflowExecution: { workflowId: process.workflowId, runId: point.runId },
    reason: `Recovered by ${by}${reason ? ` (${reason})` : ''}: the last run ${stoppedVerb[latest.how]}${latest.at ? ` at ${latest.at}` : ''}${latest.reason ? ` (${latest.reason})` : ''}`,
    workflowTaskFinishEventId: point.event,
    // One id per recovery: the server takes a retried request once.
    requestId: uuid(),
  });
  const runId = response.runId;
  if (!runId) throw new GovernanceError(`${process.title}: the server answered the reset without a new run.`);
  const description = await client.workflow.getHandle(process.workflowId, runId).describe();
  if (description.status.name !== 'RUNNING')
    throw new GovernanceError(`${process.title} was reset into run ${runId}, but that run is ${description.status.name.toLowerCase()}; see it in the Temporal UI.`);
  return {
    workflowId: process.workflowId,
    stopped: latest,
    fromRunId: point.runId,
    resetToEventId: point.eventId,
    ...(point.at ? { resetToAt: point.at } : {}),
    runId,
  };
}

/** How many runs back a recovery looks for a completed workflow task (a run that failed in its first task has none). */
const RUNS_BACK = 5;

/**
 * The last `WorkflowTaskCompleted` event of the run `runId`, before its close; failing that, of the run
 * it continued from, and so on back.
 */
async function lastGoodTask(client: Client, process: LongLivedProcess, runId: string): Promise<{ runId: string; eventId: number; event: Long; at?: string }> {
  let current: string | undefined = runId;
  for (let back = 0; current && back < RUNS_BACK; back++) {
    const events: HistoryEvent[] = (await client.workflow.getHandle(process.workflowId, current).fetchHistory()).events ?? [];
    const closedAt = [...events].reverse().find((e) => isCloseEvent(e.eventType))?.eventId;
    const completed = [...events].reverse().find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
    const eventId = Number(completed?.eventId ?? 0);
    // The reset point must come before the run closed, or the new run would close the same way at once.
    if (completed?.eventId && eventId > 0 && (closedAt === undefined || closedAt === null || eventId < Number(closedAt)))
      return { runId: current, eventId, event: completed.eventId, ...(completed.eventTime ? { at: timestamp(completed.eventTime) } : {}) };
    current = events[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
  }
  throw new GovernanceError(`${process.title} has no completed workflow task to go back to in its last ${RUNS_BACK} runs; reset it from the Temporal UI to a point you choose.`);
}

const closeEvents = new Set<number>([
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
]);
const isCloseEvent = (type: proto.temporal.api.enums.v1.EventType | null | undefined) => type !== null && type !== undefined && closeEvents.has(type);

const timestamp = (t: proto.google.protobuf.ITimestamp): string => new Date(Number(t.seconds ?? 0) * 1000 + Math.floor((t.nanos ?? 0) / 1e6)).toISOString();

/**
 * The first answer of `read` within `withinMs`, or undefined: the new run answers a Query once a worker
 * has replayed its history, and a recovery made while no worker runs is still a recovery.
 */
export async function settled<T>(read: () => Promise<T>, withinMs = 15_000): Promise<T | undefined> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    const answer = await Promise.race([read().then((value) => ({ value }), () => undefined), pause(deadline - Date.now()).then(() => undefined)]);
    if (answer) return answer.value;
    await pause(200);
  }
  return undefined;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));
