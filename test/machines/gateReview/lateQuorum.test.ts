/**
 * Late-quorum protection on a gate review (machines/kernel/lateQuorum.ts): off by default; with the policy's
 * lateQuorumHours at N, a quorum first reached within N hours of the close moves the close N hours later,
 * once, and the decision record says so. Times are the test's own: the review opens at T0 and closes 7 days on.
 */
import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { gateReviewMachine, type GateReviewEvent } from '../../../machines/gateReview/machine';
import { gateReviewView, type GateReviewSnapshot } from '../../../machines/gateReview/view';
import { afterCount } from '../../../machines/kernel/lateQuorum';
import { parsePayload } from '../../../machines/kernel/schema';
import { defaultProductBoardPolicy, lateQuorumHoursOf, productBoardPolicySchema } from '../../../machines/productBoard/policy';
import { boardPayloads } from '../../../machines/productBoard/schema';
import { boardMachine, type BoardEvent } from '../../../machines/productBoard/machine';
import { DAY, T0, at, events, parsedRequest } from '../../support/gateReviews';
import { openBoard, run } from '../../support/boardFixtures';
import { record } from '../pathInvariants';

const HOUR = DAY / 24;
const CLOSES = at(7 * DAY);
const deadline = { type: 'xstate.after.votingDeadline.gateReview.awaitingVotes' } as unknown as GateReviewEvent;
const extendedClose = { type: 'voting.extendedCloseDue' } as GateReviewEvent;
const input = (lateQuorumHours?: number) => ({ request: parsedRequest({ policy: lateQuorumHours === undefined ? {} : { lateQuorumHours } }), openedAt: T0 });
const open = (hours?: number): GateReviewSnapshot => initialTransition(gateReviewMachine, input(hours))[0];
const send = (s: GateReviewSnapshot, ...list: GateReviewEvent[]) => list.reduce((x, e) => transition(gateReviewMachine, x, e)[0], s);
/** A vote `hoursBeforeClose` hours before the 7-day close. */
const late = (by: string, hoursBeforeClose: number, choice: 'approve' | 'reject' = 'approve') => events.vote(by, choice, {}, at(7 * DAY - hoursBeforeClose * HOUR));
/** Three votes on day 1: one short of the quorum of 4 of 7. */
const early = [events.vote('m1', 'approve'), events.vote('m2', 'approve'), events.vote('m3', 'reject')];

describe('the late-quorum rule', () => {
  const rule = { hours: 48 };
  it('notes when quorum is first reached, and moves the close only when that is within the hours of it', () => {
    expect(afterCount(rule, false, at(6 * DAY), CLOSES)).toBe(rule);
    expect(afterCount(rule, true, at(DAY), CLOSES)).toEqual({ hours: 48, reachedAt: at(DAY) });
    expect(afterCount(rule, true, at(5 * DAY), CLOSES)).toEqual({ hours: 48, reachedAt: at(5 * DAY), extendedFrom: CLOSES, closesAt: at(9 * DAY) });
    expect(afterCount(rule, true, at(6 * DAY), CLOSES)).toEqual({ hours: 48, reachedAt: at(6 * DAY), extendedFrom: CLOSES, closesAt: at(9 * DAY) });
  });

  it('moves it once: a quorum already reached is not reached again', () => {
    const reached = afterCount(rule, true, at(DAY), CLOSES);
    expect(afterCount(reached, true, at(6 * DAY), CLOSES)).toBe(reached);
    const moved = afterCount(rule, true, at(6 * DAY), CLOSES);
    expect(afterCount(moved, true, at(8 * DAY), moved.closesAt!)).toBe(moved);
  });

  it('does nothing at or after the close', () => {
    expect(afterCount(rule, true, CLOSES, CLOSES)).toEqual({ hours: 48, reachedAt: CLOSES });
  });
});

describe('a gate review under late-quorum protection', () => {
  it('is off by default: a quorum in the last hour closes at the deadline as requested', () => {
    expect(lateQuorumHoursOf(defaultProductBoardPolicy)).toBe(0);
    const s = send(open(), ...early, late('m4', 1));
    expect(s.context).not.toHaveProperty('lateQuorum');
    const decided = send(s, deadline);
    expect(decided.context.decision).toMatchObject({ outcome: 'approved', closedAt: CLOSES });
    expect(decided.context.decision).not.toHaveProperty('lateQuorum');
  });

  it('moves the close N hours on when quorum is first reached within N hours of it, and records it in the decision', () => {
    const events4 = [...early, late('m4', 12)];
    const recorded = record(gateReviewMachine, input(48), events4);
    const s = recorded.final;
    expect(s.value).toBe('awaitingVotes');
    // The deadline's timer is gone; one is set for the new close, 48 hours after the old one.
    expect(recorded.pendingTimers.map((t) => t.id)).toEqual(['extendedClose']);
    const [, actions] = transition(gateReviewMachine, send(open(48), ...early), late('m4', 12));
    expect(actions).toContainEqual(expect.objectContaining({ type: 'xstate.raise', params: expect.objectContaining({ id: 'extendedClose', delay: 60 * HOUR }) }));
    expect(gateReviewView(s)).toMatchObject({ votingClosesAt: at(9 * DAY), lateQuorum: { hours: 48, reachedAt: at(7 * DAY - 12 * HOUR), extendedFrom: CLOSES, closesAt: at(9 * DAY) } });
    expect(gateReviewView(s).summary).toBe(`Voting open until ${at(9 * DAY)}. (Extended from ${CLOSES}: quorum was reached late.)`);

    // A member who was away votes after the old close and before the new one.
    const decided = send(s, events.vote('m5', 'reject', {}, at(8 * DAY)), extendedClose);
    const d = decided.context.decision!;
    expect(d).toMatchObject({ outcome: 'approved', closedAt: at(9 * DAY), tally: { approve: 3, reject: 2, cast: 5 } });
    expect(d.lateQuorum).toEqual({ hours: 48, reachedAt: at(7 * DAY - 12 * HOUR), extendedFrom: CLOSES, closesAt: at(9 * DAY) });
    expect(d.explanation).toMatch(new RegExp(`Voting was extended by 48 hours, from ${CLOSES} to ${at(9 * DAY)}: quorum was first reached at ${at(7 * DAY - 12 * HOUR)}, within 48 hours of the close\\.$`));
  });

  it('does not move the close when quorum was reached before the last N hours, however the votes change later', () => {
    const s = send(open(48), ...early, events.vote('m4', 'abstain', {}, at(2 * DAY)), { ...events.change('m4', 'approve'), at: at(7 * DAY - HOUR) } as GateReviewEvent);
    expect(s.context.lateQuorum).toEqual({ hours: 48, reachedAt: at(2 * DAY) });
    expect(send(s, deadline).context.decision).toMatchObject({ closedAt: CLOSES });
  });

  it('moves it once only, and not when the first quorum comes after the old close', () => {
    const moved = send(open(24), ...early, late('m4', 2));
    expect(moved.context.lateQuorum?.closesAt).toBe(at(8 * DAY));
    // Still voting 23 hours into the extension: nothing moves again.
    const again = send(moved, events.vote('m5', 'approve', {}, at(8 * DAY - HOUR)));
    expect(again.context.lateQuorum).toBe(moved.context.lateQuorum);
  });

  it('counts a quorum reached by a late declaration of interest (fewer eligible) as reached late', () => {
    // Three votes of seven; m7 declares an interest: three of six is not more than half, m6 too: three of five is.
    const s = send(open(48), ...early, { ...events.interest('m7'), at: at(6 * DAY) } as GateReviewEvent, { ...events.interest('m6'), at: at(6 * DAY + HOUR) } as GateReviewEvent);
    expect(s.context.lateQuorum).toMatchObject({ reachedAt: at(6 * DAY + HOUR), closesAt: at(9 * DAY) });
  });

  it('leaves no timer behind when the secretariat closes voting early after the close moved', () => {
    const recorded = record(gateReviewMachine, input(48), [...early, late('m4', 12), events.close()]);
    expect(recorded.final.value).toBe('publishing');
    expect(recorded.pendingTimers).toEqual([]);
  });

  it('tells the voter whose vote moved the close the new close in their confirmation', () => {
    const withNotices = { ...input(48), notices: true };
    const s = initialTransition(gateReviewMachine, withNotices)[0];
    const [, actions] = transition(gateReviewMachine, send(s, ...early), late('m4', 12));
    const confirmation = actions.find((a) => a.type === 'xstate.spawnChild' && String((a.params as { id: string }).id).startsWith('notice.vote-recorded-'));
    expect((confirmation?.params as { input: { dates: { closes: string } } }).input.dates).toEqual({ closes: at(9 * DAY) });
  });
});

describe('late-quorum hours in the product board policy', () => {
  const change = (policy: object) => parsePayload(boardPayloads['policy.changed'], { by: 'sec', policy, reference: 'Decision 2026-09' }, { strict: true });
  const { lateQuorumHours: _h, ...without } = defaultProductBoardPolicy;

  it('parses a policy without it to one without it, read as 0 (never)', () => {
    const parsed = productBoardPolicySchema.parse(without);
    expect(parsed).not.toHaveProperty('lateQuorumHours');
    expect(lateQuorumHoursOf(parsed)).toBe(0);
  });

  it.each([-1, 1.5, 337])('refuses %s hours, saying what to send', (hours) => {
    const parsed = change({ ...defaultProductBoardPolicy, lateQuorumHours: hours });
    expect(parsed.error?.issues.map((i) => i.message)).toContain('the hours a late quorum extends voting by (0 for never) is a whole number from 0 to 336');
  });

  it('stays as the board set it when a later whole-policy change does not mention it', () => {
    const first = change({ ...defaultProductBoardPolicy, lateQuorumHours: 24 });
    const second = change({ ...without, votingPeriodDays: 10 });
    const s = run(boardMachine, openBoard()[0], { type: 'policy.changed', ...first.data!, at: at(HOUR) } as BoardEvent, { type: 'policy.changed', ...second.data!, at: at(2 * HOUR) } as BoardEvent);
    expect(s.context.policy).toMatchObject({ lateQuorumHours: 24, votingPeriodDays: 10 });
  });
});
