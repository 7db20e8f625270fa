/**
 * The one eligibility rule on real processes (the Java time-skipping server): the board removes a member
 * who has voted while a gate review on its item is open; the board's process tells the review (a command
 * signed in the board's name), the member's change of vote is refused in plain words, their vote no longer
 * counts, the quorum is of the six left, and the register's decision names them. The histories replay.
 */
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { boardProcessId } from '../../../machines/kernel/ids';
import { decisionsReach, eventually, foundingBoard, fullSelfAssessment, pendingReview, skipTo } from '../../support/productBoardRun';
import { governedTimeSkipping, workflowBundle } from '../../support/temporal';

describe('a member removed from the product board during a gate review, on the time-skipping server', () => {
  it('is refused, no longer counted, out of the quorum and named in the decision', async () => {
    const { env, governance, stop } = await governedTimeSkipping();
    try {
      await governance.openBoard({ by: 'sec', config: foundingBoard });
      await governance.registerProduct({ by: 'sec', product: { id: 'ledger', name: 'Ledger' } });
      await governance.requestGate('ledger', { by: 'sec', gate: 'prioritisation', selfAssessment: fullSelfAssessment });
      const reviewId = await pendingReview(governance, 'ledger');
      // Four of seven: a quorum, until m4 leaves.
      for (const by of ['m1', 'm2', 'm3', 'm4']) await governance.send(reviewId, 'castVote', { by, choice: 'approve' });
      await governance.boardCommand('removeMember', { by: 'sec', memberId: 'm4', reason: 'Resigned' });

      const told = await eventually(() => governance.status(reviewId), (v) => (v.removedDuringVote ?? []).length > 0, 'the review told of the removal');
      expect(told.removedDuringVote?.map((r) => r.memberId)).toEqual(['m4']);
      expect(told.voted).toEqual(['m1', 'm2', 'm3']);
      await expect(governance.send(reviewId, 'changeVote', { by: 'm4', choice: 'reject' })).rejects.toThrow(
        /was removed from the board at .*, while voting on gate review .* was open: a member removed during a vote can no longer vote on it, and does not count toward its quorum\. Nothing was recorded\./,
      );

      await skipTo(env, new Date(Date.parse(told.votingClosesAt) + 60_000).toISOString());
      await decisionsReach(governance, 'ledger', 1);
      const decision = await governance.decision(reviewId);
      // By hand: three votes of the six left; more than half of six is four.
      expect(decision).toMatchObject({ outcome: 'deferred', deferredBecause: 'noQuorum', tally: { cast: 3, eligible: 6, quorumNeeded: 4 }, removedDuringVote: [{ memberId: 'm4' }] });
      expect(decision.explanation).toMatch(/Removed from the board during the vote, so not counted and out of the quorum: Member 4 \(/);

      // Both processes' histories replay against the same code, each as the process it is.
      for (const workflowId of [reviewId, boardProcessId(foundingBoard.roster.boardId)]) {
        const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
        await expect(Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, workflowId)).resolves.toBeUndefined();
      }
    } finally {
      await stop();
    }
  }, 240_000);
});
