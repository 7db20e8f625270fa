/**
 * Gate reviews on the real Temporal dev server: votes by Update and by
 * Signal, refusals with their reasons, search attributes, and a worker
 * stopped and restarted in the middle of the vote.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandRefused, InvalidCommand, NotFound } from '../../../client/errors';
import { readDecisions } from '../../../client/decisions';
import { gateReviewWorkflowType } from '../../../workflows/gateReview/messages';
import { governanceOn, startDevServer } from '../../support/temporal';

let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await startDevServer();
});

afterAll(async () => {
  await env?.teardown();
});

/** Waits for visibility (eventually consistent) to show what `check` expects. */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (check(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('gate review on the dev server', () => {
  it('takes votes by Update and by Signal and decides when the secretariat closes voting', async () => {
    const { governance, startWorker, store } = await governanceOn(env);
    const worker = await startWorker();
    await worker.runUntil(async () => {
      const { reviewId } = await governance.requestGateReview({ productId: 'benefits-map', stage: 'discovery', gate: 'alpha', requestedBy: 'sec' });

      const afterUpdate = await governance.send(reviewId, 'castVote', { by: 'm1', choice: 'approve', reason: 'Clear user need' });
      expect(afterUpdate.voted).toEqual(['m1']);
      await governance.send(reviewId, 'castVote', { by: 'm2', choice: 'approveWithConditions', conditions: ['Accessibility audit before beta'] }, 'signal');
      await governance.send(reviewId, 'castVote', { by: 'm3', choice: 'reject' }, 'signal');
      await governance.send(reviewId, 'castVote', { by: 'm4', choice: 'abstain' });
      await governance.send(reviewId, 'closeVoting', { by: 'sec' });

      const decision = await governance.decision(reviewId);
      expect(decision).toMatchObject({
        outcome: 'approvedWithConditions',
        tally: { approve: 1, approveWithConditions: 1, reject: 1, abstain: 1 },
        conditions: [{ text: 'Accessibility audit before beta', setBy: 'm2' }],
      });
      expect((await readDecisions({ store })).map((d) => d.decisionId)).toEqual([reviewId]);
      const audit = await governance.audit(reviewId);
      expect(audit.map((e) => [e.command, e.via, e.by, e.accepted])).toEqual([
        ['castVote', 'update', 'm1', true],
        ['castVote', 'signal', 'm2', true],
        ['castVote', 'signal', 'm3', true],
        ['castVote', 'update', 'm4', true],
        ['closeVoting', 'update', 'sec', true],
      ]);
    });
  });

  it("refuses a non-member's vote and a second vote with their reasons, recording neither", async () => {
    const { governance, startWorker } = await governanceOn(env);
    const worker = await startWorker();
    await worker.runUntil(async () => {
      const { reviewId } = await governance.requestGateReview({ productId: 'rent-index', stage: 'proposed', gate: 'discovery', requestedBy: 'sec' });
      await governance.send(reviewId, 'castVote', { by: 'm1', choice: 'approve' });

      await expect(governance.send(reviewId, 'castVote', { by: 'mallory', choice: 'approve' })).rejects.toThrow(
        new CommandRefused('mallory is not a member of product-board, so cannot vote on gate review ' + reviewId + '. Its members are: m1, m2, m3, m4, m5, m6, m7.'),
      );
      await expect(governance.send(reviewId, 'castVote', { by: 'm1', choice: 'reject' })).rejects.toThrow(
        /^You have already voted on gate review [^;]*; a second vote was not recorded\. To change your vote, add --change/,
      );
      await expect(governance.send(reviewId, 'castVote', { by: 'm2', choice: 'maybe' as never })).rejects.toBeInstanceOf(InvalidCommand);

      // A refused signal cannot answer its sender, so the refusal goes to the audit log.
      await governance.send(reviewId, 'castVote', { by: 'mallory', choice: 'reject' }, 'signal');
      const audit = await eventually(() => governance.audit(reviewId), (a) => a.length === 2);
      expect(audit[1]).toMatchObject({ via: 'signal', by: 'mallory', accepted: false, reason: expect.stringMatching(/not a member/) });

      const status = await governance.status(reviewId);
      expect(status.voted).toEqual(['m1']);
      const history = await env.client.workflow.getHandle(reviewId).fetchHistory();
      const updates = history.events!.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
      expect(updates).toHaveLength(1); // refused Updates never reach history
    });
  });

  it('loses no vote when the worker is stopped and restarted mid-vote', async () => {
    const { governance, startWorker } = await governanceOn(env);
    const first = await startWorker();
    const firstRun = first.run();
    const { reviewId } = await governance.requestGateReview({ productId: 'jobs-signal', stage: 'alpha', gate: 'beta', requestedBy: 'sec' });
    await governance.send(reviewId, 'castVote', { by: 'm1', choice: 'approve' });
    await governance.send(reviewId, 'castVote', { by: 'm2', choice: 'approve' });
    first.shutdown();
    await firstRun;

    // With no worker, a signal is still durably accepted by the server.
    await governance.send(reviewId, 'castVote', { by: 'm3', choice: 'reject' }, 'signal');

    const second = await startWorker();
    await second.runUntil(async () => {
      await governance.send(reviewId, 'castVote', { by: 'm4', choice: 'approve' });
      const status = await governance.status(reviewId);
      expect([...status.voted].sort()).toEqual(['m1', 'm2', 'm3', 'm4']);
      await governance.send(reviewId, 'closeVoting', { by: 'm1' });
      const decision = await governance.decision(reviewId);
      expect(decision).toMatchObject({ outcome: 'approved', tally: { approve: 3, reject: 1, cast: 4 } });
    });
  });

  it('shows product, gate, board and status as search attributes an operator can filter on', async () => {
    const { governance, startWorker } = await governanceOn(env);
    const worker = await startWorker();
    await worker.runUntil(async () => {
      const { reviewId } = await governance.requestGateReview({ productId: 'search-me', stage: 'beta', gate: 'live', requestedBy: 'sec' });
      const open = await eventually(() => governance.listReviews({ productId: 'search-me' }), (rows) => rows.length === 1);
      expect(open).toEqual([expect.objectContaining({ reviewId, productId: 'search-me', gate: 'live', boardId: 'product-board', status: 'awaitingVotes', running: true })]);

      await governance.send(reviewId, 'closeVoting', { by: 'sec' });
      await governance.decision(reviewId);
      const decided = await eventually(() => governance.listReviews({ productId: 'search-me', status: 'decided' }), (rows) => rows.length === 1);
      expect(decided).toEqual([expect.objectContaining({ reviewId, status: 'decided', running: false })]);
      const raw = await env.client.workflow.count(`WorkflowType = '${gateReviewWorkflowType}' AND GovProductId = 'search-me'`);
      expect(raw.count).toBe(1);
    });
  });

  it('says a review does not exist, and refuses a request that skips a gate before starting anything', async () => {
    const { governance } = await governanceOn(env);
    await expect(governance.status('gr-nope')).rejects.toThrow(new NotFound('No gate review gr-nope. List the reviews with "govern reviews", or see the product with "govern product status".'));
    await expect(governance.requestGateReview({ productId: 'skipper', stage: 'alpha', gate: 'live', requestedBy: 'sec', reviewId: 'gr-skip' })).rejects.toThrow(
      /Product skipper is at alpha; the board may now decide on beta, suspension or retirement, not live/,
    );
    await expect(env.client.workflow.getHandle('gr-skip').describe()).rejects.toThrow();
    await expect(governance.requestGateReview({ productId: 'p', stage: 'proposed', gate: 'discovery', requestedBy: 'm2' })).rejects.toThrow(
      /m2 does not hold the secretariat role/,
    );
  });
});
