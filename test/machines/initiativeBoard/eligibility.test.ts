/**
 * The one eligibility rule on the initiative board (machines/kernel/eligibility.ts): an item's roster is frozen
 * as voting on it opens (as it joins the quarter's agenda); a member removed during the vote is refused, a vote
 * they cast no longer counts and they leave the quorum count; a member appointed after it opened waits for the
 * next item; the record names the removed. Twelve members, four with lived experience (i2, i3, i4, i11); the
 * counts are checked against a recount by hand (more than half of those who may vote, one with lived experience).
 */
import { initialTransition } from 'xstate';
import { describe, expect, it } from 'vitest';
import { initiativeBoardMachine, type InitiativeSnapshot } from '../../../machines/initiativeBoard/machine';
import { explainInitiativeRefusal, initiativeView } from '../../../machines/initiativeBoard/view';
import type { InitiativeDecisionRecord } from '../../../machines/initiativeBoard/records';
import { membersYetToVote } from '../../../machines/initiativeBoard/voteNotices';
import { DAY, HOUR, Q1, at, ib, inMeeting, initiativeInput, itemId, meetingEnds, members, nextQuarter, openInitiative, papersDeadline, proposals, send, sitting, step, votes } from '../../support/initiativeMachineFixtures';

const I1 = itemId(1);
const I2 = itemId(2);
const withRule = () => send(openInitiative({}, { oneEligibilityRule: true }), ib.propose('i5', proposals.strategy(), at(DAY)));
const six = ['i1', 'i2', 'i3', 'i5', 'i6', 'i7'];
const seven = [...six, 'i8'];

function decisionOf(s: InitiativeSnapshot, itemId = I1): InitiativeDecisionRecord {
  const [, actions] = step(s, meetingEnds);
  const records = actions.filter((a) => a.type === 'xstate.spawnChild' && (a.params as { src: string }).src === 'publishDecision').map((a) => (a.params as { input: InitiativeDecisionRecord }).input);
  return records.find((r) => r.kind === 'initiativeDecision' && r.itemId === itemId)!;
}
const vote = (by: string, time = inMeeting()) => ib.vote(by, I1, 'approve', time);

describe('the roster of an initiative item', () => {
  it('is frozen as voting on it opens: the twelve members then', () => {
    const item = withRule().context.agenda[0]!;
    expect(item.electorate).toEqual({ members, openedAt: at(DAY), removed: [] });
  });

  it('refuses a member removed during the vote, in words that say why', () => {
    const s = send(withRule(), ib.remove('i12', 'sec', at(2 * DAY)));
    const refusal = explainInitiativeRefusal(s, vote('i12'));
    expect(refusal).toBe(`i12 was removed from the board at ${at(2 * DAY)}, while voting on ${I1} was open: a member removed during a vote can no longer vote on it, and does not count toward its quorum. Nothing was recorded.`);
    expect(explainInitiativeRefusal(s, ib.interest('i12', I1, at(3 * DAY)))).toBe(refusal);
  });

  it('no longer counts a vote cast before the removal, and the quorum is of those left', () => {
    // Seven of twelve voted: quorate. i7 and i8 leave: by hand 5 of 10, and more than half of 10 is 6.
    const s = send(sitting(withRule()), ...seven.map((by) => vote(by)), ib.remove('i7', 'sec', inMeeting()), ib.remove('i8', 'sec', inMeeting()));
    expect(s.context.agenda[0]!.votes.map((v) => v.by)).toEqual(['i1', 'i2', 'i3', 'i5', 'i6']);
    const d = decisionOf(s);
    expect({ cast: d.tally.cast, eligible: d.tally.eligible, outcome: d.outcome, deferredBecause: d.deferredBecause }).toEqual({ cast: 5, eligible: 10, outcome: 'deferred', deferredBecause: 'noQuorum' });
  });

  it('takes removed members who had not voted out of the quorum count', () => {
    // Six of twelve is not more than half; i9 and i10 leave, and by hand 6 of 10 is.
    const s = send(sitting(withRule()), ...six.map((by) => vote(by)), ib.remove('i9', 'sec', inMeeting()), ib.remove('i10', 'sec', inMeeting()));
    const d = decisionOf(s);
    expect({ cast: d.tally.cast, eligible: d.tally.eligible, outcome: d.outcome }).toEqual({ cast: 6, eligible: 10, outcome: 'approved' });
  });

  it('keeps a member appointed after voting opened out of the vote and of the count', () => {
    const s = send(withRule(), ib.remove('i12', 'sec', at(2 * DAY)), ib.appoint('i13', {}, 'sec', at(3 * DAY)));
    expect(explainInitiativeRefusal(s, vote('i13'))).toBe(`New member i13 was not a member of the board when voting on ${I1} opened (${at(DAY)}): only the members sitting then vote on it. Nothing was recorded.`);
    const d = decisionOf(send(sitting(s), ...six.map((by) => vote(by))));
    // By hand: the twelve at opening, less i12: 11, of whom 6 voted (more than 5.5).
    expect({ cast: d.tally.cast, eligible: d.tally.eligible, outcome: d.outcome }).toEqual({ cast: 6, eligible: 11, outcome: 'approved' });
    // A stranger is still told they are not a member.
    expect(explainInitiativeRefusal(s, vote('stranger'))).toMatch(/^stranger is not a member of the initiative board/);
  });

  it('names the removed in the decision record and its explanation', () => {
    const s = send(sitting(withRule()), ...seven.map((by) => vote(by)), ib.remove('i12', 'sec', inMeeting()));
    const d = decisionOf(s);
    expect(d.removedDuringVote).toEqual([{ memberId: 'i12', at: inMeeting() }]);
    expect(d.explanation).toContain(`Removed from the board during the vote, so not counted and out of the quorum: i12 (${inMeeting()}).`);
    expect(s.context.changes.at(-1)?.change).toMatch(new RegExp(`Voting on ${I1} goes on without them\\.$`));
  });

  it('leaves the reminder and the view without the removed member', () => {
    const s = send(withRule(), vote('i12', at(2 * DAY)), ib.remove('i12', 'sec', at(3 * DAY)));
    expect(membersYetToVote(s.context, s.context.agenda[0]!)).not.toContain('i12');
    const item = initiativeView(s).agenda[0]!;
    expect(item.voted).toEqual([]);
    expect(item.electorate?.removed.map((r) => r.memberId)).toEqual(['i12']);
  });

  it('of an item for the next quarter is frozen when that quarter opens, with the members then', () => {
    const s = send(withRule(), papersDeadline, ib.propose('i5', proposals.funding(), at(40 * DAY)), ib.remove('i12', 'sec', at(41 * DAY)));
    expect(s.context.later[0]).not.toHaveProperty('electorate');
    const next = nextQuarter(s);
    const item = next.context.agenda.find((i) => i.itemId === I2)!;
    expect(item.electorate?.members).toEqual(members.filter((m) => m !== 'i12'));
    expect(item.electorate?.removed).toEqual([]);
  });

  it('of a deferred item is frozen afresh at the next quarter', () => {
    const s = send(sitting(withRule()), vote('i1'), ib.remove('i12', 'sec', inMeeting()));
    const next = nextQuarter(s);
    const carried = next.context.agenda.find((i) => i.itemId === I1)!;
    expect(carried.electorate?.removed).toEqual([]);
    expect(carried.electorate?.members).not.toContain('i12');
  });

  it('moves the close when a removal makes the quorum late, as a vote would', () => {
    const s = send(sitting(send(openInitiative({ lateQuorumHours: 24 }, { oneEligibilityRule: true }), ib.propose('i5', proposals.strategy(), at(DAY)))), ...six.map((by) => vote(by)));
    expect(s.context).not.toHaveProperty('closeMoved');
    const [after, actions] = step(s, ib.remove('i12', 'sec', inMeeting()));
    expect(after.context.closeMoved).toMatchObject({ itemId: I1, reachedAt: inMeeting(), extendedFrom: Q1.endsAt });
    expect(actions).toContainEqual(expect.objectContaining({ type: 'xstate.raise', params: expect.objectContaining({ id: 'extendedClose', delay: 26 * HOUR }) }));
  });
});

describe('a board run recorded before the rule', () => {
  const before = () => send(openInitiative(), ib.propose('i5', proposals.strategy(), at(DAY)));

  it('freezes nothing, counts the roster as it stands and names no one', () => {
    const s = send(before(), ib.remove('i12', 'sec', at(2 * DAY)), ib.appoint('i13', {}, 'sec', at(3 * DAY)));
    expect(s.context.agenda[0]).not.toHaveProperty('electorate');
    expect(explainInitiativeRefusal(s, vote('i13'))).toBeUndefined();
    const d = decisionOf(send(sitting(s), ...six.map((by) => vote(by)), vote('i13')));
    expect({ cast: d.tally.cast, eligible: d.tally.eligible }).toEqual({ cast: 7, eligible: 12 });
    expect(d).not.toHaveProperty('removedDuringVote');
  });

  it('has the rule from a continued run that has it, for items whose voting opens then', () => {
    const s = before();
    const resumed = initialTransition(initiativeBoardMachine, initiativeInput({}, { resume: s.context, oneEligibilityRule: true, openedAt: at(2 * DAY) }))[0];
    expect(resumed.context.oneEligibilityRule).toBe(true);
    expect(resumed.context.agenda[0]).not.toHaveProperty('electorate');
    const next = send(resumed, ib.propose('i6', proposals.funding(), at(3 * DAY)));
    expect(next.context.agenda[1]!.electorate?.openedAt).toBe(at(3 * DAY));
    const off = initialTransition(initiativeBoardMachine, initiativeInput({}, { resume: next.context, openedAt: at(4 * DAY) }))[0];
    expect(off.context).not.toHaveProperty('oneEligibilityRule');
  });
});

