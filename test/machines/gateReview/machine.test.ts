import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { gateReviewMachine, type GateReviewEvent } from '../../../machines/gateReview/machine';
import { requestRefusal } from '../../../machines/gateReview/rules';
import { explainGateReviewRefusal, gateReviewView, type GateReviewSnapshot } from '../../../machines/gateReview/view';
import { gateReviewPayloads } from '../../../machines/gateReview/schema';
import { describeIssues } from '../../../machines/kernel/schema';
import { voteChoices } from '../../../machines/kernel/voting';
import { DAY, T0, at, events, members, parsedRequest } from '../../support/gateReviews';

const deadline = { type: 'xstate.after.votingDeadline.gateReview.awaitingVotes' } as unknown as GateReviewEvent;
const castingWindow = { type: 'xstate.after.castingVoteWindow.gateReview.awaitingCastingVote' } as unknown as GateReviewEvent;

function open(overrides: Parameters<typeof parsedRequest>[0] = {}): GateReviewSnapshot {
  return initialTransition(gateReviewMachine, { request: parsedRequest(overrides), openedAt: T0 })[0];
}

/** Sends each event the way the host does: refused events are explained and leave the snapshot as it was. */
function send(snapshot: GateReviewSnapshot, ...list: GateReviewEvent[]): GateReviewSnapshot {
  return list.reduce((s, event) => transition(gateReviewMachine, s, event)[0], snapshot);
}

const decisionOf = (s: GateReviewSnapshot) => s.context.decision!;

describe('gate review machine', () => {
  it('starts with voting open and a timer for the deadline', () => {
    const [snapshot, actions] = initialTransition(gateReviewMachine, { request: parsedRequest(), openedAt: T0 });
    expect(snapshot.value).toBe('awaitingVotes');
    expect(actions).toContainEqual(expect.objectContaining({ type: 'xstate.raise', params: expect.objectContaining({ delay: 7 * DAY }) }));
  });

  it('approves a gate when a quorum votes and approvals outnumber rejections', () => {
    const s = send(open(), events.vote('m1', 'approve'), events.vote('m2', 'approve'), events.vote('m3', 'reject'), events.vote('m4', 'abstain'), deadline);
    expect(s.value).toBe('publishing');
    expect(decisionOf(s)).toMatchObject({ outcome: 'approved', tally: { approve: 2, reject: 1, abstain: 1, cast: 4, eligible: 7 } });
    expect(decisionOf(s).closedAt).toBe(at(7 * DAY));
  });

  it('approves with conditions and carries every condition into the record', () => {
    const s = send(
      open(),
      events.vote('m1', 'approveWithConditions', { conditions: ['Publish a data protection impact assessment'] }),
      events.vote('m2', 'approve'),
      events.vote('m3', 'approveWithConditions', { conditions: ['Test with people who use benefits'] }),
      events.vote('m4', 'reject', { reason: 'Too early' }),
      events.close(),
    );
    expect(decisionOf(s).outcome).toBe('approvedWithConditions');
    expect(decisionOf(s).conditions).toEqual([
      { text: 'Publish a data protection impact assessment', setBy: 'm1' },
      { text: 'Test with people who use benefits', setBy: 'm3' },
    ]);
  });

  it('rejects a gate when rejections outnumber approvals, keeping the reasons', () => {
    const s = send(open(), events.vote('m1', 'reject', { reason: 'No user research' }), events.vote('m2', 'reject'), events.vote('m3', 'approve'), events.vote('m4', 'abstain'), events.close());
    expect(decisionOf(s)).toMatchObject({ outcome: 'rejected', conditions: [] });
    expect(decisionOf(s).votes.find((v) => v.by === 'm1')?.reason).toBe('No user research');
  });

  it('defers a gate review when quorum is not reached by the deadline', () => {
    const s = send(open(), events.vote('m1', 'approve'), events.vote('m2', 'approve'), events.vote('m3', 'approve'), deadline);
    expect(decisionOf(s)).toMatchObject({ outcome: 'deferred', deferredBecause: 'noQuorum' });
    expect(decisionOf(s).explanation).toContain('no quorum');
  });

  it('defers a tie when the policy gives the chair no casting vote', () => {
    const s = send(open(), events.vote('m1', 'approve'), events.vote('m2', 'reject'), events.vote('m3', 'abstain'), events.vote('m4', 'abstain'), events.close());
    expect(decisionOf(s)).toMatchObject({ outcome: 'deferred', deferredBecause: 'tie' });
  });

  it("lets the chair settle a tie with a casting vote where the policy allows it", () => {
    const tied = send(open({ policy: { chairHasCastingVote: true } }), events.vote('m1', 'approve'), events.vote('m2', 'reject'), events.vote('m3', 'approve'), events.vote('m4', 'reject'), events.close());
    expect(tied.value).toBe('awaitingCastingVote');
    const settled = send(tied, events.casting('reject'));
    expect(decisionOf(settled)).toMatchObject({ outcome: 'rejected', castingVote: { by: 'm1', choice: 'reject' } });
  });

  it('defers a tie when the chair lets the casting window pass', () => {
    const tied = send(open({ policy: { chairHasCastingVote: true } }), events.vote('m1', 'approve'), events.vote('m2', 'reject'), events.vote('m3', 'abstain'), events.vote('m4', 'abstain'), events.close());
    expect(decisionOf(send(tied, castingWindow))).toMatchObject({ outcome: 'deferred', deferredBecause: 'tie' });
  });

  it('needs two thirds for the live gate by default', () => {
    const s = send(
      open({ product: { id: 'benefits-map', stage: 'beta' }, gate: 'live' }),
      events.vote('m1', 'approve'), events.vote('m2', 'approve'), events.vote('m3', 'approve'), events.vote('m4', 'reject'), events.vote('m5', 'reject'),
      events.close(),
    );
    expect(decisionOf(s)).toMatchObject({ outcome: 'rejected', passingRule: expect.stringContaining('2/3') });
  });

  it('counts a changed vote once, as changed', () => {
    const s = send(open(), events.vote('m1', 'reject'), events.change('m1', 'approve', { reason: 'Concerns answered' }), events.vote('m2', 'approve'), events.vote('m3', 'abstain'), events.vote('m4', 'abstain'), events.close());
    expect(decisionOf(s).tally).toMatchObject({ approve: 2, reject: 0, cast: 4 });
  });

  it('recuses a member who declares an interest: an earlier vote is withdrawn and quorum shrinks', () => {
    const withRecusal = send(open(), events.vote('m7', 'reject'), events.interest('m7'), events.vote('m1', 'approve'), events.vote('m2', 'approve'), events.vote('m3', 'abstain'));
    expect(decisionOf(send(withRecusal, events.close()))).toMatchObject({ outcome: 'deferred', tally: { eligible: 6, reject: 0, quorumNeeded: 4, cast: 3 } });
    const s = send(withRecusal, events.vote('m4', 'abstain'), events.close());
    expect(decisionOf(s)).toMatchObject({ outcome: 'approved', tally: { eligible: 6, quorumNeeded: 4, cast: 4 } });
    expect(decisionOf(s).recusals).toEqual([expect.objectContaining({ by: 'm7' })]);
  });

  it('publishes the decision and ends with it as output', () => {
    const s = send(open(), ...members.slice(0, 4).map((m) => events.vote(m, 'approve')), events.close(), {
      type: 'xstate.done.actor.publishDecision',
      output: { decisionId: 'gr-test-1', publishedAt: at(3 * DAY), location: '/register/gr-test-1.json' },
    } as unknown as GateReviewEvent);
    expect(s.status).toBe('done');
    expect(s.output).toMatchObject({ decisionId: 'gr-test-1', outcome: 'approved' });
  });
});

describe('gate review refusals', () => {
  const refused = (s: GateReviewSnapshot, event: GateReviewEvent) => {
    const reason = explainGateReviewRefusal(s, event);
    expect(send(s, event).context).toEqual(s.context);
    return reason;
  };

  it('refuses a vote from a non-member, naming the members', () => {
    expect(refused(open(), events.vote('stranger', 'approve'))).toMatch(/stranger is not a member of product-board.*m1, m2/);
  });

  it('refuses a second vote and says how to change it, without saying what the first was', () => {
    const s = send(open(), events.vote('m2', 'approve'));
    expect(refused(s, events.vote('m2', 'reject'))).toBe(
      'You have already voted on gate review gr-test-1; a second vote was not recorded. To change your vote, add --change: govern vote gr-test-1 --as m2 --choice CHOICE --change (the changeVote command).',
    );
  });

  it('refuses a vote from a recused member', () => {
    const s = send(open(), events.interest('m3', 'Is paid by the vendor'));
    expect(refused(s, events.vote('m3', 'approve'))).toMatch(/declared an interest.*"Is paid by the vendor".*recused/);
  });

  it('refuses to change a vote that was never cast', () => {
    expect(refused(open(), events.change('m2', 'approve'))).toMatch(/has not voted.*cast a vote first/);
  });

  it('refuses a late vote, saying when voting closed', () => {
    const closed = send(open(), events.close());
    expect(refused(closed, events.vote('m2', 'approve'))).toBe(
      `Voting on gate review gr-test-1 closed at ${at(3 * DAY)}; your vote was not recorded. Decided (deferred); publishing to the decision register.`,
    );
  });

  it('lets only the secretariat or the chair close voting', () => {
    expect(refused(open(), events.close('m4'))).toMatch(/only the secretariat or the chair \(m1\)/);
    expect(send(open(), events.close('m1')).value).toBe('publishing');
  });

  it('takes a casting vote only from the chair and only on a tie', () => {
    const tied = send(open({ policy: { chairHasCastingVote: true } }), events.vote('m1', 'approve'), events.vote('m2', 'reject'), events.vote('m3', 'approve'), events.vote('m4', 'reject'), events.close());
    expect(refused(tied, events.casting('approve', 'm2'))).toMatch(/only the chair \(Member 1\)/);
    expect(refused(open(), events.casting('approve'))).toMatch(/is not waiting for a casting vote/);
  });

  it('answers an accepted command with no refusal', () => {
    expect(explainGateReviewRefusal(open(), events.vote('m1', 'approve'))).toBeUndefined();
  });

  it('refuses conditions that do not go with the choice in the same words whatever the choice, so a refused signal in the audit does not tell it', () => {
    const issues = (payload: object) => {
      const parsed = gateReviewPayloads['vote.cast'].safeParse({ by: 'm2', ...payload });
      return parsed.success ? 'accepted' : describeIssues(parsed.error);
    };
    const refusals = new Set([
      issues({ choice: 'approveWithConditions' }),
      issues({ choice: 'approveWithConditions', conditions: [] }),
      ...voteChoices.filter((c) => c !== 'approveWithConditions').map((choice) => issues({ choice, conditions: ['Publish the DPIA'] })),
    ]);
    expect([...refusals]).toEqual(['conditions: approveWithConditions needs at least one condition, and the other choices take none']);
  });
});

describe('opening a gate review', () => {
  const now = new Date(T0);

  it('accepts a request from the secretariat for the next gate', () => {
    expect(requestRefusal(parsedRequest(), now)).toBeUndefined();
  });

  it('refuses a skipped gate, naming the gate to request first', () => {
    expect(requestRefusal(parsedRequest({ product: { id: 'p', stage: 'alpha' }, gate: 'live' }), now)).toBe(
      'Product p is at alpha; the board may now decide on beta, suspension or retirement, not live. A product passes one gate at a time: request the beta gate first.',
    );
  });

  it('refuses a request from anyone outside the secretariat', () => {
    expect(requestRefusal(parsedRequest({ requestedBy: 'm2' }), now)).toMatch(/only the secretariat \(sec\) may request/);
  });

  it('refuses a voting deadline in the past', () => {
    expect(requestRefusal(parsedRequest({ votingClosesAt: at(-DAY) }), now)).toMatch(/not in the future/);
  });

  it('shows who has voted but not how until voting closes', () => {
    const view = gateReviewView(send(open(), events.vote('m2', 'reject')));
    expect(view.voted).toEqual(['m2']);
    expect(view.yetToVote.map((m) => m.id)).toEqual(['m1', 'm3', 'm4', 'm5', 'm6', 'm7']);
    expect(view).not.toHaveProperty('tally');
  });
});
