/**
 * The one eligibility rule on a gate review (machines/kernel/eligibility.ts): the roster is the one the
 * review opened with, and a member the board removes while voting is open no longer votes, their vote
 * no longer counts, and they leave the quorum count; the record names them. Counts are checked against
 * a recount by hand, not the engine's own tally.
 */
import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { gateReviewMachine, type GateReviewEvent } from '../../../machines/gateReview/machine';
import { explainGateReviewRefusal, gateReviewView } from '../../../machines/gateReview/view';
import { boardProcessId } from '../../../machines/kernel/ids';
import { DAY, T0, at, events, parsedRequest, sevenMemberBoard } from '../../support/gateReviews';

const board = boardProcessId(sevenMemberBoard.boardId);
const removed = (memberId: string, time = at(2 * DAY), by = board): GateReviewEvent => ({ type: 'member.removed', by, memberId, at: time });

function review(...steps: GateReviewEvent[]) {
  const actor = createActor(gateReviewMachine, { input: { request: parsedRequest(), openedAt: T0 } }).start();
  for (const e of steps) actor.send(e);
  return actor;
}

describe('a member removed during a gate review', () => {
  it('is refused a vote, in words that say why, and nothing is recorded', () => {
    const actor = review(removed('m3'));
    const vote = { ...events.vote('m3', 'approve'), at: at(3 * DAY) } as GateReviewEvent;
    const refusal = explainGateReviewRefusal(actor.getSnapshot(), vote);
    expect(refusal).toBe(
      'Member 3 was removed from the board at 2026-06-03T09:00:00.000Z, while voting on gate review gr-test-1 was open: a member removed during a vote can no longer vote on it, and does not count toward its quorum. Nothing was recorded.',
    );
    actor.send(vote);
    expect(actor.getSnapshot().context.votes).toEqual([]);
  });

  it('may no longer change a vote, nor declare an interest', () => {
    const actor = review(events.vote('m3', 'approve'), removed('m3'));
    expect(explainGateReviewRefusal(actor.getSnapshot(), { ...events.change('m3', 'reject'), at: at(3 * DAY) } as GateReviewEvent)).toMatch(/^Member 3 was removed from the board/);
    expect(explainGateReviewRefusal(actor.getSnapshot(), { ...events.interest('m3'), at: at(3 * DAY) } as GateReviewEvent)).toMatch(/^Member 3 was removed from the board/);
  });

  it('no longer counts a vote cast before the removal, nor the member toward quorum', () => {
    // Four of seven voted: quorate. Then m4 leaves: by hand, 3 votes of 6 members, and more than half of 6 is 4.
    const actor = review(events.vote('m1', 'approve'), events.vote('m2', 'approve'), events.vote('m3', 'reject'), events.vote('m4', 'approve'), removed('m4'), events.close());
    const d = actor.getSnapshot().context.decision!;
    expect({ cast: d.tally.cast, eligible: d.tally.eligible, approve: d.tally.approve, reject: d.tally.reject }).toEqual({ cast: 3, eligible: 6, approve: 2, reject: 1 });
    expect(d.outcome).toBe('deferred');
    expect(d.deferredBecause).toBe('noQuorum');
    expect(d.votes.map((v) => v.by)).toEqual(['m1', 'm2', 'm3']);
  });

  it('takes members who had not voted out of the quorum count, so fewer votes make a quorum', () => {
    // Three votes: of 7 not enough (4 needed); m6 and m7 leave, and by hand 3 of 5 is more than half.
    const actor = review(events.vote('m1', 'approve'), events.vote('m2', 'approve'), events.vote('m3', 'reject'), removed('m6'), removed('m7'), events.close());
    const d = actor.getSnapshot().context.decision!;
    expect({ cast: d.tally.cast, eligible: d.tally.eligible }).toEqual({ cast: 3, eligible: 5 });
    expect(d.outcome).toBe('approved');
  });

  it('is named in the decision record, with when they left', () => {
    const actor = review(events.vote('m1', 'approve'), events.vote('m2', 'approve'), events.vote('m3', 'approve'), events.vote('m4', 'approve'), events.vote('m5', 'reject'), removed('m5'), events.close());
    const d = actor.getSnapshot().context.decision!;
    expect(d.removedDuringVote).toEqual([{ memberId: 'm5', at: at(2 * DAY) }]);
    expect(d.explanation).toContain('Removed from the board during the vote, so not counted and out of the quorum: Member 5 (2026-06-03T09:00:00.000Z).');
    expect(d.tally.reject).toBe(0);
  });

  it('leaves the view: neither yet to vote nor among those who voted, and named as removed', () => {
    const actor = review(events.vote('m5', 'reject'), removed('m5'), removed('m6'));
    const view = gateReviewView(actor.getSnapshot());
    expect(view.voted).toEqual([]);
    expect(view.yetToVote.map((m) => m.id)).toEqual(['m1', 'm2', 'm3', 'm4', 'm7']);
    expect(view.removedDuringVote?.map((r) => r.memberId)).toEqual(['m5', 'm6']);
  });

  it('records nothing of a review no one left', () => {
    const actor = review(events.vote('m1', 'approve'), events.vote('m2', 'approve'), events.vote('m3', 'approve'), events.vote('m4', 'approve'), events.close());
    const d = actor.getSnapshot().context.decision!;
    expect(d).not.toHaveProperty('removedDuringVote');
    expect(d.tally.eligible).toBe(7);
    expect(actor.getSnapshot().context).not.toHaveProperty('electorate');
  });

  it('is told only by the review’s own board, once, and only while votes are taken', () => {
    const open = review().getSnapshot();
    expect(explainGateReviewRefusal(open, removed('m3', at(DAY), 'sec'))).toMatch(/^Only the process of the board product-board tells gate review gr-test-1 that a member was removed; sec cannot\./);
    expect(explainGateReviewRefusal(open, removed('m3', at(DAY), boardProcessId('another-board')))).toMatch(/^Only the process of the board/);
    const once = review(removed('m3')).getSnapshot();
    expect(explainGateReviewRefusal(once, removed('m3', at(3 * DAY)))).toBe('m3 is not among the members who may vote on gate review gr-test-1 (the roster when it opened, less those removed since); nothing changed.');
    expect(explainGateReviewRefusal(open, removed('m9'))).toMatch(/^m9 is not among the members who may vote/);
    const closed = review(events.vote('m1', 'approve'), events.close()).getSnapshot();
    expect(explainGateReviewRefusal(closed, removed('m3', at(4 * DAY)))).toMatch(/^Voting on gate review gr-test-1 closed at 2026-06-04T09:00:00.000Z: a member removed from the board since does not change its count\./);
  });

  it('still counts while the decision waits for an assessment, when members may still vote', () => {
    const actor = review(
      { type: 'assessment.commissioned', by: 'm1', assessor: 'Open Data Institute', question: 'Is it fair?', dueAt: at(10 * DAY), at: T0 },
      events.vote('m1', 'approve'),
      events.vote('m2', 'approve'),
      events.vote('m3', 'approve'),
      events.vote('m4', 'reject'),
      events.close(),
    );
    expect(actor.getSnapshot().value).toBe('awaitingAssessment');
    actor.send(removed('m4', at(5 * DAY)));
    expect(explainGateReviewRefusal(actor.getSnapshot(), { ...events.vote('m4', 'approve'), at: at(6 * DAY) } as GateReviewEvent)).toMatch(/^Member 4 was removed/);
    actor.send({ type: 'assessment.reported', by: 'sec', report: 'https://example.org/a.pdf', at: at(8 * DAY) });
    const d = actor.getSnapshot().context.decision!;
    // By hand: m1–m3 of the six left; 3 of 6 is not more than half.
    expect({ cast: d.tally.cast, eligible: d.tally.eligible, outcome: d.outcome }).toEqual({ cast: 3, eligible: 6, outcome: 'deferred' });
    expect(d.removedDuringVote?.map((r) => r.memberId)).toEqual(['m4']);
  });
});
