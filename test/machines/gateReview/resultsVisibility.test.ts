/**
 * A gate review's count under each results-visibility option of the product board's policy: what its view
 * says before the decision to nobody in particular (the status query), to a member who has voted and to one
 * who has not (the per-reader query), and after it. The oracle is the votes the test cast, counted by hand.
 */
import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { gateReviewMachine, type GateReviewEvent } from '../../../machines/gateReview/machine';
import { gateReviewView, type GateReviewSnapshot } from '../../../machines/gateReview/view';
import { resultsVisibilities, type ResultsVisibility } from '../../../machines/kernel/results';
import { parsePayload } from '../../../machines/kernel/schema';
import { defaultProductBoardPolicy, productBoardPolicySchema, votingPolicyFor } from '../../../machines/productBoard/policy';
import { boardPayloads } from '../../../machines/productBoard/schema';
import { boardMachine, type BoardEvent } from '../../../machines/productBoard/machine';
import { T0, events, gateReviewRequest, parsedRequest } from '../../support/gateReviews';
import { gateReviewRequestSchema } from '../../../machines/gateReview/schema';
import { HOUR, at, openBoard, run } from '../../support/boardFixtures';

const deadline = { type: 'xstate.after.votingDeadline.gateReview.awaitingVotes' } as unknown as GateReviewEvent;

/** A review under `resultsVisibility`; left out, under a policy recorded before the option existed. */
function open(resultsVisibility?: ResultsVisibility): GateReviewSnapshot {
  const { resultsVisibility: _default, ...before } = defaultProductBoardPolicy;
  const request = resultsVisibility ? parsedRequest({ policy: { resultsVisibility } }) : gateReviewRequestSchema.parse({ ...gateReviewRequest(), policy: before });
  return initialTransition(gateReviewMachine, { request, openedAt: T0 })[0];
}
const send = (s: GateReviewSnapshot, ...list: GateReviewEvent[]) => list.reduce((x, e) => transition(gateReviewMachine, x, e)[0], s);

/** m1 and m2 approve with reasons only they know, m3 rejects; m4 to m7 have not voted. */
const voting = (visibility?: ResultsVisibility) =>
  send(open(visibility), events.vote('m1', 'approve', { reason: 'secret-reason-m1' }), events.vote('m2', 'approve', { reason: 'secret-reason-m2' }), events.vote('m3', 'reject', { reason: 'secret-reason-m3' }));
const byHand = { approve: 2, approveWithConditions: 0, reject: 1, abstain: 0, cast: 3, eligible: 7, quorumNeeded: 4 };

/** Who sees the count while voting is open: [nobody in particular, m1 who voted, m5 who has not]. */
const expected: Record<ResultsVisibility, [boolean, boolean, boolean]> = {
  hiddenUntilClosed: [false, false, false],
  hiddenUntilVoted: [false, true, false],
  open: [true, true, true],
};

describe('the count of a gate review under the results-visibility policy', () => {
  it.each(resultsVisibilities)('under %s, shows the count before the decision only as the policy says', (visibility) => {
    const s = voting(visibility);
    const views = [gateReviewView(s), gateReviewView(s, 'm1'), gateReviewView(s, 'm5')];
    expect(views.map((v) => v.results.tally !== undefined)).toEqual(expected[visibility]);
    for (const v of views) {
      if (v.results.tally) expect(v.results.tally).toEqual(byHand);
      expect(v.tally).toBeUndefined();
      expect(v.decision).toBeUndefined();
      // A count, never a name beside a choice: no vote's reason or choice in anything the view says.
      expect(JSON.stringify(v)).not.toMatch(/secret-reason|"choice"/);
    }
  });

  it('reads the default, hidden until voting closes, from a policy recorded before the option existed', () => {
    const s = voting();
    expect(s.context.request.policy).not.toHaveProperty('resultsVisibility');
    expect([gateReviewView(s), gateReviewView(s, 'm1')].map((v) => v.results)).toEqual([
      { visibility: 'hiddenUntilClosed', said: 'The count is shown when voting closes.' },
      { visibility: 'hiddenUntilClosed', said: 'The count is shown when voting closes.' },
    ]);
  });

  it.each(resultsVisibilities)('under %s, shows everyone the decided count once voting has closed', (visibility) => {
    const s = send(voting(visibility), events.vote('m4', 'abstain'), deadline);
    for (const v of [gateReviewView(s), gateReviewView(s, 'm5')]) {
      expect(v.results.tally).toEqual({ ...byHand, abstain: 1, cast: 4 });
      expect(v.results.said).toBe('The count: 2 approvals, 1 rejection, 1 abstention; 4 of 7 eligible voted, quorum 4.');
    }
  });

  it('under hiddenUntilVoted, shows a member the count from the moment their vote is in, and a changed vote moves it', () => {
    const s = send(voting('hiddenUntilVoted'), events.vote('m5', 'reject'));
    expect(gateReviewView(s, 'm5').results.tally).toMatchObject({ reject: 2, cast: 4 });
    expect(gateReviewView(send(s, events.change('m5', 'approve')), 'm5').results.tally).toMatchObject({ approve: 3, reject: 1, cast: 4 });
    // A recused member has no vote to unlock it.
    expect(gateReviewView(send(s, events.interest('m6')), 'm6').results.tally).toBeUndefined();
  });
});

describe('results visibility in the product board policy', () => {
  const change = (policy: object, extra: object = {}) => parsePayload(boardPayloads['policy.changed'], { by: 'sec', policy, reference: 'Decision 2026-08', ...extra }, { strict: true });
  const { resultsVisibility: _v, ...without } = defaultProductBoardPolicy;

  it('is hidden until voting closes by default, and a policy without it parses without it', () => {
    expect(defaultProductBoardPolicy.resultsVisibility).toBe('hiddenUntilClosed');
    expect(productBoardPolicySchema.parse(without)).not.toHaveProperty('resultsVisibility');
  });

  it('refuses a value it does not know, in words that name the options', () => {
    const parsed = change({ ...defaultProductBoardPolicy, resultsVisibility: 'sometimes' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.message).join(' ')).toMatch(/who sees the count before voting closes is one of: hiddenUntilClosed, hiddenUntilVoted, open/);
  });

  it('is carried into the voting rules of each gate review opened under it, and not into those opened before', () => {
    expect(votingPolicyFor({ ...defaultProductBoardPolicy, resultsVisibility: 'open' }, 'alpha').resultsVisibility).toBe('open');
    expect(votingPolicyFor(productBoardPolicySchema.parse(without), 'alpha')).not.toHaveProperty('resultsVisibility');
  });

  it('stays as the board set it when a later whole-policy change does not mention it (a change written before it could not)', () => {
    const first = change({ ...defaultProductBoardPolicy, resultsVisibility: 'hiddenUntilVoted' });
    const second = change({ ...without, chairHasCastingVote: true });
    expect(second.success).toBe(true);
    const s = run(boardMachine, openBoard()[0], { type: 'policy.changed', ...first.data!, at: at(HOUR) } as BoardEvent, { type: 'policy.changed', ...second.data!, at: at(2 * HOUR) } as BoardEvent);
    expect(s.context.policy).toMatchObject({ resultsVisibility: 'hiddenUntilVoted', chairHasCastingVote: true });
  });
});
