/**
 * A gate review's vote notices on the Java time-skipping server: the reminder is a durable timer that
 * fires 24 hours (the policy default) before voting closes and goes only to members who have not voted,
 * and not at all once everyone has; each vote is confirmed to its voter; a written procedure is announced
 * to every member. The oracle is the review's own history on the server: when each `notify` activity was
 * scheduled, and with what input. The same history then replays against the workflow code.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Notification } from '../../../machines/kernel/effects';
import { gateReviewWorkflowType } from '../../../workflows/gateReview/messages';
import { TASK_QUEUE as taskQueue } from '../../../workflows/taskQueue';
import { gateReviewRequest } from '../../support/gateReviews';
import { governanceOn, startTimeSkippingServer, workflowBundle } from '../../support/temporal';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await startTimeSkippingServer();
});

afterAll(async () => {
  await env?.teardown();
});

interface Sent extends Notification {
  /** When the review scheduled the notice, by the server's clock. */
  readonly scheduledAt: number;
}

const millis = (t: { seconds?: unknown; nanos?: number | null } | null | undefined) => Number(t?.seconds ?? 0) * 1000 + Math.floor((t?.nanos ?? 0) / 1e6);

/** Every notice the review asked for, read from its history, and the history itself. */
async function noticesOf(workflowId: string) {
  const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
  const sent: Sent[] = (history.events ?? [])
    .filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'notify')
    .map((e) => {
      const payload = e.activityTaskScheduledEventAttributes!.input!.payloads![0]!;
      return { ...(JSON.parse(Buffer.from(payload.data!).toString('utf8')) as Notification), scheduledAt: millis(e.eventTime) };
    });
  return { sent, history };
}

describe('gate review vote notices on the time-skipping server', () => {
  it('reminds only the members who have not voted, 24 hours before voting closes, and confirms each vote to its voter', async () => {
    const { governance, startWorker } = await governanceOn(env);
    const worker = await startWorker();
    const openedAt = await env.currentTimeMs();
    const closesAt = openedAt + 7 * DAY;
    const reviewId = await worker.runUntil(async () => {
      const { reviewId } = await governance.requestGateReview({ productId: 'benefits-map', stage: 'discovery', gate: 'alpha', requestedBy: 'sec', votingClosesAt: new Date(closesAt) });
      await governance.send(reviewId, 'castVote', { by: 'm1', choice: 'approve' });
      await governance.send(reviewId, 'castVote', { by: 'm2', choice: 'reject', reason: 'Not yet' });
      await governance.send(reviewId, 'declareInterest', { by: 'm7', interest: 'Advises the supplier' });
      await governance.decision(reviewId); // time skips past the reminder to the close
      return reviewId;
    });

    const { sent, history } = await noticesOf(reviewId);
    const reminders = sent.filter((n) => n.notificationId === `voting-reminder-${reviewId}`);
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.to).toEqual(['m3', 'm4', 'm5', 'm6']);
    expect(reminders[0]!.dates).toEqual({ closes: new Date(closesAt).toISOString() });
    // Scheduled when its timer fired: 24 hours before the close (the server's clock, to the workflow task that ran it).
    expect(reminders[0]!.scheduledAt).toBeGreaterThanOrEqual(closesAt - 24 * HOUR);
    expect(reminders[0]!.scheduledAt).toBeLessThan(closesAt - 23 * HOUR);

    const confirmations = sent.filter((n) => n.notificationId.startsWith('vote-recorded-'));
    expect(confirmations.map((n) => [n.to, n.body.split('\n')[0]])).toEqual([
      [['m1'], 'Your vote was recorded: approve.'],
      [['m2'], 'Your vote was recorded: reject.'],
    ]);
    expect(confirmations.every((n) => n.scheduledAt < openedAt + HOUR)).toBe(true);

    // A review opened since the patch records it, and its history replays against the same code.
    expect(history.events?.some((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch')).toBe(true);
    await expect(Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, reviewId)).resolves.toBeUndefined();
  });

  it('sends no reminder when every member who may vote has voted', async () => {
    const { governance, startWorker } = await governanceOn(env);
    const worker = await startWorker();
    const reviewId = await worker.runUntil(async () => {
      const { reviewId } = await governance.requestGateReview({ productId: 'rent-index', stage: 'proposed', gate: 'discovery', requestedBy: 'sec' });
      for (const by of ['m1', 'm2', 'm3', 'm4', 'm5', 'm6']) await governance.send(reviewId, 'castVote', { by, choice: 'approve' });
      await governance.send(reviewId, 'declareInterest', { by: 'm7', interest: 'Works for the landlord' });
      await governance.decision(reviewId);
      return reviewId;
    });
    const { sent } = await noticesOf(reviewId);
    expect(sent.filter((n) => n.notificationId.startsWith('voting-reminder-'))).toEqual([]);
    expect(sent.filter((n) => n.notificationId.startsWith('vote-recorded-')).map((n) => n.to[0])).toEqual(['m1', 'm2', 'm3', 'm4', 'm5', 'm6']);
  });

  it('tells every member when a written procedure opens, with its deadline, and reminds them before it', async () => {
    const { startWorker } = await governanceOn(env);
    const worker = await startWorker();
    const openedAt = await env.currentTimeMs();
    const deadline = new Date(openedAt + 3 * DAY).toISOString();
    const reviewId = 'gr-urgent-suspension-1';
    await worker.runUntil(async () => {
      const request = gateReviewRequest({ reviewId, product: { id: 'urgent', name: 'Urgent product', stage: 'live' }, gate: 'suspension', procedure: 'written', requestedBy: 'm1', votingClosesAt: deadline });
      const handle = await env.client.workflow.start(gateReviewWorkflowType, { workflowId: reviewId, taskQueue, args: [request] });
      await handle.result();
    });
    const { sent } = await noticesOf(reviewId);
    const opened = sent.find((n) => n.notificationId === `written-procedure-${reviewId}`);
    expect(opened).toMatchObject({ to: ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7'], dates: { closes: deadline }, link: `/reviews/${reviewId}` });
    expect(opened!.scheduledAt).toBeLessThan(openedAt + HOUR);
    const reminder = sent.find((n) => n.notificationId === `voting-reminder-${reviewId}`);
    expect(reminder?.to).toEqual(['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7']);
  });
});
