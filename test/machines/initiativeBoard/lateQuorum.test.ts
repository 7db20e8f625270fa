/**
 * Late-quorum protection on the initiative board: its items close together when the meeting ends, so an
 * item whose quorum first comes within the policy's lateQuorumHours of that end moves the end of voting, for
 * the meeting's items, that many hours later, once a meeting; the moved item's decision and the minutes say so.
 * The first meeting (Q1) sits on 15 July 2026 from 10:00 to 13:00; a quorum is 7 of 12 with lived experience among them.
 */
import { describe, expect, it } from 'vitest';
import type { InitiativeEvent, InitiativeSnapshot } from '../../../machines/initiativeBoard/machine';
import { initiativeView } from '../../../machines/initiativeBoard/view';
import { defaultInitiativePolicy, initiativePolicySchema, policyChangesSchema } from '../../../machines/initiativeBoard/policy';
import type { InitiativeDecisionRecord, InitiativeMinutesRecord } from '../../../machines/initiativeBoard/records';
import { DAY, HOUR, Q1, at, ib, inMeeting, itemId, meetingEnds, meetingStarts, papersDeadline, proposals, send, sitting, step, votes, withItem } from '../../support/initiativeMachineFixtures';

const I1 = itemId(1);
const I2 = itemId(2);
const seven = ['i1', 'i2', 'i3', 'i5', 'i6', 'i7', 'i8'];
const MOVED = new Date(Date.parse(Q1.endsAt) + 24 * HOUR).toISOString();
const extendedClose = { type: 'meeting.extendedCloseDue', at: MOVED } as unknown as InitiativeEvent;

/** The records the close publishes, by kind. */
function publishedBy(s: InitiativeSnapshot, event: InitiativeEvent) {
  const [after, actions] = step(s, event);
  const inputs = actions.filter((a) => a.type === 'xstate.spawnChild' && (a.params as { src: string }).src === 'publishDecision').map((a) => (a.params as { input: unknown }).input);
  return {
    after,
    decisions: inputs.filter((r): r is InitiativeDecisionRecord => (r as { kind: string }).kind === 'initiativeDecision'),
    minutes: inputs.find((r): r is InitiativeMinutesRecord => (r as { kind: string }).kind === 'initiativeMinutes')!,
  };
}

describe('late quorum on the initiative board', () => {
  it('is off by default: items carry no rule and the meeting closes at its end', () => {
    expect(defaultInitiativePolicy.lateQuorumHours).toBe(0);
    const s = send(sitting(withItem()), ...votes(I1, seven));
    expect(s.context.agenda[0]).not.toHaveProperty('lateQuorum');
    expect(s.context).not.toHaveProperty('closeMoved');
    const { decisions } = publishedBy(s, meetingEnds);
    expect(decisions[0]).toMatchObject({ outcome: 'approved', decidedAt: Q1.endsAt });
    expect(decisions[0]).not.toHaveProperty('lateQuorum');
  });

  it('moves the end of voting when an item first reaches quorum within the hours of it, and the moved item and the minutes record it', () => {
    const s = sitting(withItem(proposals.strategy(), { lateQuorumHours: 24 }));
    const before = send(s, ...votes(I1, seven.slice(0, 6)));
    const [moved, actions] = step(before, ib.vote(seven[6]!, I1, 'approve', inMeeting()));
    expect(moved.context.closeMoved).toEqual({ itemId: I1, hours: 24, reachedAt: inMeeting(), extendedFrom: Q1.endsAt, closesAt: MOVED });
    // The meeting's end timer is cancelled and one set for the new end, 26 hours after the vote.
    expect(actions).toContainEqual(expect.objectContaining({ type: 'xstate.cancel', params: expect.objectContaining({ sendId: 'xstate.after.untilMeetingEnds.initiativeBoard.cycle.inSession' }) }));
    expect(actions).toContainEqual(expect.objectContaining({ type: 'xstate.raise', params: expect.objectContaining({ id: 'extendedClose', delay: 26 * HOUR }) }));
    expect(initiativeView(moved)).toMatchObject({ votingClosesAt: MOVED, closeMoved: { itemId: I1, extendedFrom: Q1.endsAt } });

    // A member who missed the meeting votes that evening: voting is still open.
    const evening = new Date(Date.parse(Q1.endsAt) + 6 * HOUR).toISOString();
    const late = send(moved, ib.vote('i9', I1, 'reject', evening));
    expect(late.context.agenda[0]!.votes.map((v) => v.by)).toContain('i9');
    const { decisions, minutes } = publishedBy(late, extendedClose);
    expect(decisions[0]).toMatchObject({ outcome: 'approved', decidedAt: MOVED, tally: { approve: 7, reject: 1, cast: 8 } });
    expect(decisions[0]!.lateQuorum).toEqual({ hours: 24, reachedAt: inMeeting(), extendedFrom: Q1.endsAt, closesAt: MOVED });
    expect(decisions[0]!.explanation).toMatch(/Voting was extended by 24 hours, from .* to .*: quorum was first reached at .*, within 24 hours of the close\.$/);
    expect(minutes.votingExtended).toEqual(moved.context.closeMoved);
  });

  it('does not move it when quorum came earlier in the quarter, however the votes change at the meeting', () => {
    const s = send(withItem(proposals.strategy(), { lateQuorumHours: 24 }), ...votes(I1, seven, 'approve', at(2 * DAY)));
    expect(s.context.agenda[0]!.lateQuorum).toEqual({ hours: 24, reachedAt: at(2 * DAY) });
    const changed = send(sitting(s), ib.change('i5', I1, 'reject'));
    expect(changed.context).not.toHaveProperty('closeMoved');
  });

  it('counts a quorum without a member with lived experience as no quorum, as the decision does', () => {
    const s = send(sitting(withItem(proposals.strategy(), { lateQuorumHours: 24 })), ...votes(I1, ['i1', 'i5', 'i6', 'i7', 'i8', 'i9', 'i10']));
    expect(s.context.agenda[0]!.lateQuorum).toEqual({ hours: 24 });
  });

  it('moves it once a meeting: a second item reaching quorum late only notes when', () => {
    const base = send(withItem(proposals.strategy(), { lateQuorumHours: 24 }), ib.propose('i6', proposals.funding()));
    const s = send(sitting(base), ...votes(I1, seven), ...votes(I2, seven, 'approve', new Date(Date.parse(Q1.endsAt) + HOUR).toISOString()));
    expect(s.context.closeMoved?.itemId).toBe(I1);
    expect(s.context.closeMoved?.closesAt).toBe(MOVED);
    expect(s.context.agenda[1]!.lateQuorum).toEqual({ hours: 24, reachedAt: new Date(Date.parse(Q1.endsAt) + HOUR).toISOString() });
  });

  it('moves it before the meeting sits too: the meeting then sets its end timer for the moved end', () => {
    // Quorum two days before the meeting ends, under a rule of three days.
    const s = send(withItem(proposals.strategy(), { lateQuorumHours: 72 }), papersDeadline, ...votes(I1, seven, 'approve', new Date(Date.parse(Q1.endsAt) - 2 * DAY).toISOString()));
    const movedTo = new Date(Date.parse(Q1.endsAt) + 72 * HOUR).toISOString();
    expect(s.context.closeMoved?.closesAt).toBe(movedTo);
    const [, actions] = step(s, meetingStarts);
    expect(actions).toContainEqual(expect.objectContaining({ type: 'xstate.raise', params: expect.objectContaining({ id: 'xstate.after.untilMeetingEnds.initiativeBoard.cycle.inSession', delay: Date.parse(movedTo) - Date.parse(Q1.startsAt) }) }));
  });

  it('starts afresh at the next meeting for an item carried to it, and the next quarter closes at its own end', () => {
    const base = send(withItem(proposals.strategy(), { lateQuorumHours: 24 }), ib.propose('i6', proposals.funding()));
    const s = send(sitting(base), ...votes(I1, seven));
    const { after } = publishedBy(s, extendedClose);
    const next = send(after, ...after.context.inFlight.map((id) => ({ type: `xstate.done.actor.${id}`, output: {} }) as unknown as InitiativeEvent));
    expect(next.context).not.toHaveProperty('closeMoved.itemId');
    expect(next.context.agenda.find((i) => i.itemId === I2)?.lateQuorum).toEqual({ hours: 24 });
  });

  it('is bounded in the policy, 0 by default, and changes by a governance decision', () => {
    const { lateQuorumHours: _h, ...without } = defaultInitiativePolicy;
    expect(initiativePolicySchema.parse(without)).not.toHaveProperty('lateQuorumHours');
    const refused = policyChangesSchema.safeParse({ lateQuorumHours: 337 });
    expect(refused.error?.issues.map((i) => i.message)).toContain('the hours a late quorum extends voting by (0 for never) is a whole number from 0 to 336');
    expect(policyChangesSchema.safeParse({ lateQuorumHours: 48 }).success).toBe(true);
  });
});
