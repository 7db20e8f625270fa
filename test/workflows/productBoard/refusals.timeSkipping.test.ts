/**
 * What the product board's processes refuse, each with a sentence the sender
 * can act on, and each leaving every process as it was.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandRefused, InvalidCommand, NotFound } from '../../../client/errors';
import type { GovernanceClient } from '../../../client/governanceClient';
import { foundingBoard, fullSelfAssessment, pendingReview } from '../../support/productBoardRun';
import { governedTimeSkipping } from '../../support/temporal';

let env: TestWorkflowEnvironment;
let governance: GovernanceClient;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ env, governance, stop } = await governedTimeSkipping());
  await governance.openBoard({ by: 'sec', config: foundingBoard });
  await governance.registerProduct({ by: 'sec', product: { id: 'atlas', name: 'Atlas' } });
});

afterAll(() => stop?.());

/** Runs `act`, expects it to be refused with `error`, and checks `read` is unchanged by it. */
async function refusedWithoutChange<T>(read: () => Promise<T>, act: () => Promise<unknown>, error: RegExp | typeof InvalidCommand): Promise<void> {
  const before = await read();
  await expect(act()).rejects.toThrow(error);
  expect(await read()).toEqual(before);
}

describe('product board refusals', () => {
  const product = () => governance.product('atlas');
  const board = () => governance.boardStatus();

  it('refuses a request for an unknown product', async () => {
    await expect(governance.requestGate('nope', { by: 'sec', gate: 'prioritisation', selfAssessment: fullSelfAssessment })).rejects.toThrow(
      new NotFound('No product nope. Register it first with "govern product register".'),
    );
  });

  it('refuses secretariat commands from a board member', async () => {
    await refusedWithoutChange(board, () => governance.registerProduct({ by: 'm2', product: { id: 'rogue', name: 'Rogue' } }), /m2 may not register products: only the secretariat of board product-board \(sec\) may/);
    await refusedWithoutChange(board, () => governance.boardCommand('appointMember', { by: 'm2', member: { id: 'm9', name: 'Nine' } }), /m2 may not appoint members/);
    await refusedWithoutChange(product, () => governance.requestGate('atlas', { by: 'm2', gate: 'prioritisation', selfAssessment: fullSelfAssessment }), /m2 may not put an item on the agenda: only the secretariat/);
  });

  it('refuses a gate that skips the ones before it', async () => {
    await refusedWithoutChange(product, () => governance.requestGate('atlas', { by: 'sec', gate: 'live', selfAssessment: fullSelfAssessment }), /Product atlas is proposed and not yet prioritised; the board may now decide on prioritisation or retirement, not live/);
  });

  it('refuses a self-assessment that leaves out a principle in force', async () => {
    await refusedWithoutChange(
      product,
      () => governance.requestGate('atlas', { by: 'sec', gate: 'prioritisation', selfAssessment: fullSelfAssessment.slice(0, 1) }),
      /it leaves out: open-by-default \("Open by default"\)/,
    );
  });

  it('refuses a malformed request before it reaches the product', async () => {
    await refusedWithoutChange(product, () => governance.requestGate('atlas', { by: 'sec', gate: 'launch' as never, selfAssessment: fullSelfAssessment }), InvalidCommand);
  });

  describe('on a review', () => {
    let reviewId: string;
    const review = () => governance.status(reviewId);

    beforeAll(async () => {
      await governance.requestGate('atlas', { by: 'sec', gate: 'prioritisation', selfAssessment: fullSelfAssessment });
      reviewId = await pendingReview(governance, 'atlas');
      await governance.send(reviewId, 'castVote', { by: 'm1', choice: 'approve' });
      await governance.send(reviewId, 'declareInterest', { by: 'm2', interest: 'Works for the supplier' });
    });

    it('refuses a second request while one is before the board', async () => {
      await refusedWithoutChange(product, () => governance.requestGate('atlas', { by: 'sec', gate: 'prioritisation', selfAssessment: fullSelfAssessment }), /already has gr-atlas-prioritisation-1 \(prioritisation\) before the board/);
    });

    it('refuses a vote from a non-member', async () => {
      await refusedWithoutChange(review, () => governance.send(reviewId, 'castVote', { by: 'x9', choice: 'approve' }), /x9 is not a member of product-board, so cannot vote/);
    });

    it('refuses a vote from a recused member', async () => {
      await refusedWithoutChange(review, () => governance.send(reviewId, 'castVote', { by: 'm2', choice: 'reject' }), /declared an interest .* and is recused/);
    });

    it('refuses a second vote, pointing to --change, without saying what the first was', async () => {
      await refusedWithoutChange(review, () => governance.send(reviewId, 'castVote', { by: 'm1', choice: 'reject' }), /^You have already voted on gate review [^;]*; a second vote was not recorded\. To change your vote, add --change[^()]*\(the changeVote command\)\.$/);
    });

    it('refuses a vote after voting closed', async () => {
      await governance.send(reviewId, 'closeVoting', { by: 'sec' });
      await expect(governance.send(reviewId, 'castVote', { by: 'm3', choice: 'approve' })).rejects.toThrow(CommandRefused);
      await expect(governance.send(reviewId, 'castVote', { by: 'm3', choice: 'approve' })).rejects.toThrow(/closed/);
    });
  });
});
