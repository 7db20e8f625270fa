/**
 * A week without a worker, in the middle of a live product's harm watch, on
 * the time-skipping server: a scheduled review falls due and harm reports
 * arrive while nothing runs; a new worker starts and the watch catches up,
 * losing nothing and doing nothing twice.
 *
 * How the server's clock is moved through the outage: the Java test server
 * holds its clock (lets it run only at wall speed) while any workflow task is
 * scheduled and not yet completed (`scheduleWorkflowTask` takes a time lock,
 * `completeWorkflowTask` releases it; SelfAdvancingTimerImpl counts them), so
 * with no worker the first timer that fires stops `env.sleep`. The test
 * releases exactly one lock per workflow holding one (found from the open
 * workflows' histories), lets the week pass, and takes the same number back
 * before the new worker starts: each completed task then releases its own, so
 * the count is back where the SDK left it. Releasing a guessed number, or
 * taking them back after the worker starts, leaves the clock running free.
 * The stopped worker keeps no workflow cache: the server never takes a task
 * back from a dead worker's sticky queue (no sticky schedule-to-start timeout
 * in the test server), whereas a real server hands it on after 5 seconds.
 */
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GovernanceClient } from '../../../client/governanceClient';
import { addDays, defaultHarmPolicy, reviewDate } from '../../../machines/harmWatch/policy';
import type { HarmWatchView } from '../../../machines/harmWatch/view';
import { harmWatchProcessId } from '../../../machines/kernel/ids';
import { eventually, foundingBoard, goLive, skipTo } from '../../support/productBoardRun';
import { governanceOn, startTimeSkippingServer } from '../../support/temporal';

const PRODUCT = 'repairs-finder';
const { EventType } = temporal.api.enums.v1;

let env: TestWorkflowEnvironment;
let governance: GovernanceClient;
let setup: Awaited<ReturnType<typeof governanceOn>>;
let stopWorker: () => Promise<void> = async () => {};
let liveSince: string;

beforeAll(async () => {
  env = await startTimeSkippingServer();
  setup = await governanceOn(env);
  governance = setup.governance;
  const first = await setup.startWorker({ maxCachedWorkflows: 0 });
  const running = first.run();
  stopWorker = async () => {
    first.shutdown();
    await running;
  };
  await governance.openBoard({ by: 'sec', config: foundingBoard });
  await governance.registerProduct({ by: 'sec', product: { id: PRODUCT, name: 'Repairs finder' } });
  await goLive(env, governance, PRODUCT);
  liveSince = (await watch((w) => w.state === 'watching')).liveSinceOrIterated;
});

afterAll(async () => {
  await stopWorker();
  await env?.teardown();
});

const watch = (done: (w: HarmWatchView) => boolean, what = 'the harm watch') => eventually(() => governance.harmWatch(PRODUCT), done, what, 400);
const at = (days: number) => addDays(liveSince, days);
const pause = (ms: number) => new Promise<false>((resolve) => setTimeout(() => resolve(false), ms));

const taskEvents = new Set([
  EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
  EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
  EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
  EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED,
  EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT,
]);

/** How many open workflows have a workflow task scheduled or started and not finished: each holds the clock once. */
async function workflowsHoldingTheClock(): Promise<string[]> {
  const { executions } = await env.connection.workflowService.listOpenWorkflowExecutions({ namespace: env.namespace ?? 'default', maximumPageSize: 1000 });
  const holding: string[] = [];
  for (const { execution } of executions ?? []) {
    const history = await env.client.workflow.getHandle(execution!.workflowId!, execution!.runId!).fetchHistory();
    const last = history.events?.filter((e) => taskEvents.has(e.eventType!)).at(-1)?.eventType;
    if (last === EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED || last === EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED) holding.push(execution!.workflowId!);
  }
  return holding;
}

/** Time locks released for workflow tasks no worker will take until the outage ends, and whose they were. */
let released = 0;
const heldBy = new Set<string>();

/** Moves the clock to `iso` with no worker running, releasing each workflow's hold on it once. */
async function skipWithoutWorker(iso: string): Promise<void> {
  const ms = Date.parse(iso) - (await env.currentTimeMs());
  const sleeping = env.sleep(ms).then(() => true);
  while (!(await Promise.race([sleeping, pause(200)]))) {
    const holding = await workflowsHoldingTheClock();
    holding.forEach((id) => heldBy.add(id));
    for (; released < holding.length; released++) await env.connection.testService!.unlockTimeSkipping({});
  }
}

/** Takes back the released locks; the tasks that held them release them again as the new worker completes them. */
async function endOutage(): Promise<void> {
  for (; released > 0; released--) await env.connection.testService!.lockTimeSkipping({});
}

describe('a week without a worker in the middle of a harm watch', () => {
  it('opens the review that fell due and takes the report sent during the outage, each once, when a new worker starts', async () => {
    await skipTo(env, addDays(at(30), 0.01));
    await watch((w) => w.state === 'awaitingReview', 'the first review');
    await governance.harmCommand(PRODUCT, 'recordReview', { by: 'm2', benefits: ['Tenants find repair services'], harms: [], worstHarm: 'none' });
    await watch((w) => w.state === 'watching' && w.reviews.length === 1, 'the first review to be published');
    await skipTo(env, at(87));
    const before = await governance.harmWatch(PRODUCT);
    expect(before).toMatchObject({ state: 'watching', nextReviewAt: at(90) });
    await stopWorker();
    const outageStarted = await env.currentTimeMs();

    await skipWithoutWorker(at(88));
    await governance.harmCommand(PRODUCT, 'reportHarm', { by: 'citizen-4', summary: 'The finder sends me to a closed office' }, 'signal');
    await skipWithoutWorker(at(94));
    const outage = (await env.currentTimeMs()) - outageStarted;
    console.log(`outage: ${(outage / 86_400_000).toFixed(2)} simulated days; ${released} time locks released and taken back, held by ${[...heldBy].join(', ')}`);
    expect(heldBy).toContain(harmWatchProcessId(PRODUCT));
    await endOutage();

    const second = await setup.startWorker();
    const running = second.run();
    stopWorker = async () => {
      second.shutdown();
      await running;
    };
    const caughtUp = await watch((w) => w.state === 'awaitingReview', 'the catch-up');
    // The review that fell due on day 90 is open, with its full fortnight from the catch-up.
    expect(caughtUp.current).toMatchObject({ reviewId: `review-${PRODUCT}-2`, scheduledFor: at(90) });
    expect(Date.parse(caughtUp.current!.dueAt)).toBeGreaterThanOrEqual(Date.parse(addDays(at(94), 14)));
    // The report is there once, dated when the engine took it up (a Signal carries no time the workflow sees).
    expect(caughtUp.reports).toHaveLength(1);
    const [report] = caughtUp.reports;
    // A Signal has no answer: the watch named the report, the first it numbered.
    expect(report).toMatchObject({ reportId: `harm-${PRODUCT}-R1`, reportedBy: 'citizen-4', status: 'awaitingTriage' });
    expect(Date.parse(report!.reportedAt)).toBeGreaterThanOrEqual(Date.parse(at(94)));

    await skipTo(env, addDays(report!.reportedAt, 2));
    await governance.harmCommand(PRODUCT, 'triageHarm', { by: 'sec', reportId: report!.reportId, severity: 'low', note: 'Office list out of date; take up at this review' });
    expect(await governance.harmReport(PRODUCT, report!.reportId)).toMatchObject({ status: 'carriedToReview', triage: { severity: 'low' } });
    expect(Date.parse((await governance.harmReport(PRODUCT, report!.reportId)).triage!.at)).toBeLessThan(Date.parse(report!.triageBy));

    // The review's reminder comes once, on its date; nothing is overdue.
    await skipTo(env, addDays(caughtUp.current!.dueAt, -3 + 0.01));
    const board = await eventually(() => governance.notifications('product-board'), (n) => n.some((m) => m.subject.startsWith('Reminder:')), 'the review reminder');
    await governance.harmCommand(PRODUCT, 'recordReview', { by: 'm2', benefits: ['Still used weekly'], harms: ['Closed offices listed'], worstHarm: 'low' });
    const after = await watch((w) => w.state === 'watching' && w.reviews.length === 2, 'the second review to be published');
    expect(after.nextReviewAt).toBe(reviewDate(liveSince, 2, defaultHarmPolicy));
    expect(await governance.harmReport(PRODUCT, report!.reportId)).toMatchObject({ status: 'closed', addressedIn: `review-${PRODUCT}-2` });

    // Nothing lost, nothing twice: two reviews in the register, each notice sent once.
    const reviews = (await governance.readRegister()).filter((e) => e.kind === 'harmReview').map((e) => e.decisionId);
    expect(reviews).toEqual([`review-${PRODUCT}-1`, `review-${PRODUCT}-2`]);
    const subjects = (await governance.notifications('product-board')).map((n) => n.subject);
    expect(subjects.filter((s) => s === `Harm reported on Repairs finder: ${report!.reportId}`)).toHaveLength(1);
    expect(subjects.filter((s) => s.startsWith('Reminder:'))).toEqual(board.filter((m) => m.subject.startsWith('Reminder:')).map((m) => m.subject));
    expect(subjects.filter((s) => s.startsWith('Reminder:'))).toEqual([`Reminder: review review-${PRODUCT}-2 of Repairs finder is due ${caughtUp.current!.dueAt}`]);
    expect(subjects.filter((s) => s.startsWith('Overdue:') || s.startsWith('Triage overdue:'))).toEqual([]);
    expect(new Set(subjects).size).toBe(subjects.length);
    expect((await governance.notifications('citizen-4')).map((n) => n.subject)).toEqual([`Your harm report ${report!.reportId} was triaged: low`]);
  });
});
