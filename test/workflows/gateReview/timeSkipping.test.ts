/**
 * Gate reviews on the Java time-skipping test server: a week-long vote takes
 * seconds, and the deadline is a durable timer, not a test's sleep; and what each reader sees of the
 * count before it under the board's results visibility.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandRefused } from '../../../client/errors';
import { isDecision } from '../../../activities/decisionRegister';
import { readDecisions } from '../../../client/decisions';
import { defaultProductBoardPolicy } from '../../../machines/productBoard/policy';
import { Worker } from '@temporalio/worker';
import { governanceOn, skipTime, startTimeSkippingServer, testBoard, workflowBundle } from '../../support/temporal';

const DAY = 86_400_000;
const HOUR = DAY / 24;
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await startTimeSkippingServer();
});

afterAll(async () => {
  await env?.teardown();
});

describe('gate review on the time-skipping server', () => {
  it('defers a gate review whose deadline passes a week later without quorum', async () => {
    const { governance, startWorker, store } = await governanceOn(env);
    const worker = await startWorker();
    await worker.runUntil(async () => {
      const openedAt = await env.currentTimeMs();
      const { reviewId } = await governance.requestGateReview({
        productId: 'benefits-map',
        stage: 'discovery',
        gate: 'alpha',
        requestedBy: 'sec',
        votingClosesAt: new Date(openedAt + 7 * DAY),
      });
      await governance.send(reviewId, 'castVote', { by: 'm1', choice: 'approve' });
      await governance.send(reviewId, 'castVote', { by: 'm2', choice: 'approve' });
      await governance.send(reviewId, 'castVote', { by: 'm3', choice: 'reject', reason: 'No evidence of need yet' });

      const decision = await governance.decision(reviewId); // time skips to the deadline here

      expect(decision).toMatchObject({ outcome: 'deferred', deferredBecause: 'noQuorum', tally: { cast: 3, quorumNeeded: 4 } });
      expect(decision.closedAt).toBe(new Date(openedAt + 7 * DAY).toISOString());
      expect(await env.currentTimeMs()).toBeGreaterThanOrEqual(openedAt + 7 * DAY);
      const register = await readDecisions({ store });
      expect(register.filter(isDecision).map((d) => [d.decisionId, d.outcome])).toEqual([[reviewId, 'deferred']]);
    });
  });

  it('decides at the deadline with the votes cast, including a changed vote', async () => {
    const { governance, startWorker } = await governanceOn(env);
    const worker = await startWorker();
    await worker.runUntil(async () => {
      const { reviewId } = await governance.requestGateReview({ productId: 'rent-index', stage: 'proposed', gate: 'discovery', requestedBy: 'sec' });
      for (const by of ['m1', 'm2', 'm3']) await governance.send(reviewId, 'castVote', { by, choice: 'approve' });
      await governance.send(reviewId, 'castVote', { by: 'm4', choice: 'approve' });
      await governance.send(reviewId, 'changeVote', { by: 'm4', choice: 'reject', reason: 'Changed my mind after the papers' });

      const decision = await governance.decision(reviewId);

      expect(decision).toMatchObject({ outcome: 'approved', tally: { approve: 3, reject: 1, cast: 4 } });
      expect(decision.votes.find((v) => v.by === 'm4')).toMatchObject({ choice: 'reject', reason: 'Changed my mind after the papers' });
    });
  });

  it('refuses a vote that arrives after the deadline, saying voting closed', async () => {
    const { governance, startWorker } = await governanceOn(env);
    const worker = await startWorker();
    await worker.runUntil(async () => {
      const { reviewId } = await governance.requestGateReview({ productId: 'late-vote', stage: 'proposed', gate: 'discovery', requestedBy: 'sec' });
      await governance.decision(reviewId);
      const late = governance.send(reviewId, 'castVote', { by: 'm5', choice: 'approve' });
      await expect(late).rejects.toBeInstanceOf(CommandRefused);
      await expect(late).rejects.toThrow(/closed at .*nothing was recorded/);
    });
  });
});

/**
 * Results visibility on a real worker: under `hiddenUntilVoted` the status query (anyone's) holds no count before
 * the decision, the per-reader query shows it to a member who has voted and not to one who has not; time then
 * skips to the close and everyone sees the count the decision published. The oracle: the votes sent, counted by hand.
 */
describe('results visibility on the time-skipping server', () => {
  it('shows the count before close only to a member who has voted, and to everyone once decided', async () => {
    const { governance, startWorker } = await governanceOn(env, undefined, { ...testBoard, policy: { ...defaultProductBoardPolicy, resultsVisibility: 'hiddenUntilVoted' } });
    const worker = await startWorker();
    await worker.runUntil(async () => {
      const { reviewId } = await governance.requestGateReview({ productId: 'benefits-map', stage: 'discovery', gate: 'alpha', requestedBy: 'sec', votingClosesAt: new Date((await env.currentTimeMs()) + 7 * DAY) });
      await governance.send(reviewId, 'castVote', { by: 'm1', choice: 'approve' });
      await governance.send(reviewId, 'castVote', { by: 'm2', choice: 'reject', reason: 'Not yet' });
      await governance.send(reviewId, 'castVote', { by: 'm3', choice: 'approve' });

      const anyone = await governance.status(reviewId);
      expect(anyone.results).toEqual({ visibility: 'hiddenUntilVoted', said: 'The count is shown to each member once they have voted, and to everyone when voting closes.' });
      expect((await governance.status(reviewId, 'm5')).results.tally).toBeUndefined();
      const soFar = { approve: 2, approveWithConditions: 0, reject: 1, abstain: 0, cast: 3, eligible: 7, quorumNeeded: 4 };
      expect((await governance.status(reviewId, 'm2')).results.tally).toEqual(soFar);
      // The API's read by workflow id goes through the same per-reader query.
      expect(await governance.processStatus(reviewId, 'm1')).toMatchObject({ results: { tally: soFar } });
      expect(await governance.processStatus(reviewId)).not.toHaveProperty('results.tally');
      // A reader id of no person's shape reads as nobody in particular.
      expect((await governance.status(reviewId, 'not a person id')).results.tally).toBeUndefined();

      await governance.send(reviewId, 'castVote', { by: 'm5', choice: 'abstain' });
      expect((await governance.status(reviewId, 'm5')).results.tally).toEqual({ ...soFar, abstain: 1, cast: 4 });

      const decision = await governance.decision(reviewId); // time skips to the close
      const after = await governance.status(reviewId, 'm6');
      expect(after.results.tally).toEqual(decision.tally);
      expect(decision.tally).toEqual({ ...soFar, abstain: 1, cast: 4 });
    });
  });
});

/**
 * Late-quorum protection on real durable timers: a quorum first reached 12 hours before the close, under a
 * policy of 48 hours, moves the close 48 hours on; a vote after the old close is taken, the decision closes
 * at the new one and records the move, and the history (its cancelled timer included) replays.
 */
describe('late quorum on the time-skipping server', () => {
  it('extends the deadline by the policy\'s hours when quorum is first reached within them, and records it in the decision', async () => {
    const { governance, startWorker } = await governanceOn(env, undefined, { ...testBoard, policy: { ...defaultProductBoardPolicy, lateQuorumHours: 48 } });
    const worker = await startWorker();
    const { reviewId, closes, decision } = await worker.runUntil(async () => {
      const closes = (await env.currentTimeMs()) + 7 * DAY;
      const { reviewId } = await governance.requestGateReview({ productId: 'rent-index', stage: 'proposed', gate: 'discovery', requestedBy: 'sec', votingClosesAt: new Date(closes) });
      for (const by of ['m1', 'm2', 'm3']) await governance.send(reviewId, 'castVote', { by, choice: 'approve' });
      await skipTime(env, closes - 12 * HOUR - (await env.currentTimeMs()));
      const moved = await governance.send(reviewId, 'castVote', { by: 'm4', choice: 'reject' });
      expect(moved.votingClosesAt).toBe(new Date(closes + 48 * HOUR).toISOString());
      // A day after the close as requested, voting is still open: a member who was away votes.
      await skipTime(env, closes + DAY - (await env.currentTimeMs()));
      expect((await governance.status(reviewId)).state).toBe('awaitingVotes');
      await governance.send(reviewId, 'castVote', { by: 'm5', choice: 'reject' });
      return { reviewId, closes, decision: await governance.decision(reviewId) };
    });
    expect(decision).toMatchObject({ outcome: 'approved', tally: { approve: 3, reject: 2, cast: 5 }, closedAt: new Date(closes + 48 * HOUR).toISOString() });
    expect(decision.lateQuorum).toMatchObject({ hours: 48, extendedFrom: new Date(closes).toISOString(), closesAt: new Date(closes + 48 * HOUR).toISOString() });
    expect(Date.parse(decision.lateQuorum!.reachedAt)).toBeGreaterThanOrEqual(closes - 12 * HOUR);
    expect(decision.explanation).toMatch(/Voting was extended by 48 hours/);

    const history = await env.client.workflow.getHandle(reviewId).fetchHistory();
    expect(history.events?.filter((e) => e.timerCanceledEventAttributes).length).toBeGreaterThanOrEqual(1);
    await expect(Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, reviewId)).resolves.toBeUndefined();
  });
});
