/**
 * The product board's half of the one eligibility rule (machines/kernel/eligibility.ts): a run with the rule
 * keeps the gate reviews it placed items for and, when it removes a member, tells each one still open; the
 * review (test/machines/gateReview/eligibility.test.ts) then refuses the member and counts without them.
 */
import { initialTransition, transition } from 'xstate';
import { describe, expect, it } from 'vitest';
import { boardMachine, type BoardEvent, type BoardSnapshot } from '../../../machines/productBoard/machine';
import { REVIEW_TOLD_AFTER_CLOSE_MS } from '../../../machines/productBoard/rules';
import { gateReviewMachine } from '../../../machines/gateReview/machine';
import { explainGateReviewRefusal } from '../../../machines/gateReview/view';
import { gateReviewPayloads } from '../../../machines/gateReview/schema';
import { productBoardProcess } from '../../../workflows/productBoard/workflow';
import { removeMember } from '../../../workflows/gateReview/messages';
import { DAY, T0, at, boardEvents as e, boardInput, run } from '../../support/boardFixtures';
import { parsedRequest, events as reviewEvents } from '../../support/gateReviews';

const withRule = () => initialTransition(boardMachine, { ...boardInput(), oneEligibilityRule: true })[0];
/** The events the board asks the host to send on (the host's `xstate.emit`). */
const emitted = (s: BoardSnapshot, event: BoardEvent) =>
  (transition(boardMachine, s, event)[1] as readonly { type: string; params?: unknown }[]).filter((a) => a.type === 'xstate.emit').map((a) => (a.params as { event: unknown }).event);

const placed = (s: BoardSnapshot) =>
  run(boardMachine, s, e.register('p1', 'sec', at(1000)), e.place('gr-p1-alpha-1', at(DAY)), e.place('gr-p1-beta-1', at(DAY + 1000), { gate: 'beta', procedure: 'written', deadline: at(40 * DAY), by: 'm1' }));

describe('a member removed from the product board during a vote', () => {
  it('is told to every gate review open on its items', () => {
    const s = placed(withRule());
    expect(s.context.openReviews?.map((r) => r.reviewId)).toEqual(['gr-p1-alpha-1', 'gr-p1-beta-1']);
    expect(emitted(s, e.remove('m3', 'sec', at(2 * DAY)))).toEqual([
      { type: 'review.memberRemoved', boardId: 'product-board', reviewId: 'gr-p1-alpha-1', memberId: 'm3' },
      { type: 'review.memberRemoved', boardId: 'product-board', reviewId: 'gr-p1-beta-1', memberId: 'm3' },
    ]);
    const after = run(boardMachine, s, e.remove('m3', 'sec', at(2 * DAY)));
    expect(after.context.changes.at(-1)?.change).toMatch(/The gate reviews open on it were told: gr-p1-alpha-1, gr-p1-beta-1\.$/);
  });

  it('is not told to a review long closed', () => {
    const s = placed(withRule());
    const closes = Date.parse(s.context.openReviews![1]!.votingClosesAt);
    const late = new Date(closes + REVIEW_TOLD_AFTER_CLOSE_MS + 1).toISOString();
    expect(emitted(s, e.remove('m3', 'sec', late))).toEqual([]);
  });

  it('changes nothing in a run recorded before the rule: no review is kept or told', () => {
    const s = placed(initialTransition(boardMachine, boardInput())[0]);
    expect(s.context).not.toHaveProperty('openReviews');
    expect(s.context).not.toHaveProperty('oneEligibilityRule');
    expect(emitted(s, e.remove('m3', 'sec', at(2 * DAY)))).toEqual([]);
  });

  it('is told by a continued run that has the rule, of the reviews the run before kept', () => {
    const before = placed(withRule());
    const resumed = initialTransition(boardMachine, { ...boardInput(), resume: before.context, oneEligibilityRule: true })[0];
    expect(emitted(resumed, e.remove('m3', 'sec', at(2 * DAY)))).toHaveLength(2);
    const without = initialTransition(boardMachine, { ...boardInput(), resume: before.context })[0];
    expect(emitted(without, e.remove('m3', 'sec', at(2 * DAY)))).toEqual([]);
  });

  it('reaches the review as a command it takes from the board, and no one else', () => {
    const s = placed(withRule());
    const [told] = emitted(s, e.remove('m3', 'sec', at(2 * DAY))) as Parameters<NonNullable<typeof productBoardProcess.emitted>>[0][];
    const signal = productBoardProcess.emitted!(told!)!;
    expect(signal).toMatchObject({ workflowId: 'gr-p1-alpha-1', signal: removeMember.name });
    const payload = gateReviewPayloads['member.removed'].parse(signal.payload);
    const review = initialTransition(gateReviewMachine, { request: parsedRequest({ reviewId: 'gr-p1-alpha-1' }), openedAt: T0 })[0];
    expect(explainGateReviewRefusal(review, { type: 'member.removed', ...payload, at: at(2 * DAY) })).toBeUndefined();
    const [after] = transition(gateReviewMachine, review, { type: 'member.removed', ...payload, at: at(2 * DAY) });
    expect(explainGateReviewRefusal(after, { ...reviewEvents.vote('m3', 'approve'), at: at(3 * DAY) } as never)).toMatch(/^Member 3 was removed from the board/);
  });
});
