/** The technical assessment a gate review may commission: its timers, and how the decision waits for it. */
import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { gateReviewMachine, type GateReviewEvent } from '../../../machines/gateReview/machine';
import { explainGateReviewRefusal, type GateReviewSnapshot } from '../../../machines/gateReview/view';
import type { ProductBoardPolicy } from '../../../machines/productBoard/policy';
import { engine, run, spawns, timers } from '../../support/boardFixtures';
import { DAY, T0, at, events, members, parsedRequest } from '../../support/gateReviews';

const open = (policy: Partial<ProductBoardPolicy> = {}): GateReviewSnapshot =>
  initialTransition(gateReviewMachine, { request: parsedRequest({ policy }), openedAt: T0 })[0];
const send = (s: GateReviewSnapshot, ...list: GateReviewEvent[]) => run(gateReviewMachine, s, ...list);

const commission = (dueAt = at(10 * DAY), by = 'm2', time = at(DAY)): GateReviewEvent => ({
  type: 'assessment.commissioned', by, assessor: 'Alan Turing Institute', question: 'Is the model fair?', dueAt, at: time,
});
const report = (by = 'sec', time = at(8 * DAY)): GateReviewEvent => ({ type: 'assessment.reported', by, report: 'https://example.org/assessment', summary: 'Fair enough', at: time });

const reminderDue = engine<GateReviewEvent>('assessment.reminderDue');
const assessmentDue = engine<GateReviewEvent>('assessment.due');
const votingDeadline = engine<GateReviewEvent>('xstate.after.votingDeadline.gateReview.awaitingVotes');
const quorum = () => members.slice(0, 4).map((m) => events.vote(m, 'approve'));

/** Voting closed at its deadline (day 7) with the report (due day 10) still out. */
const waiting = () => send(open(), commission(), ...quorum(), votingDeadline);

function refusal(s: GateReviewSnapshot, event: GateReviewEvent): string | undefined {
  expect(s.can(event)).toBe(false);
  expect(send(s, event).context).toEqual(s.context);
  return explainGateReviewRefusal(s, event);
}

describe('commissioning a technical assessment', () => {
  it('records the commission and sets a reminder the policy’s days before it is due, and a timer for the deadline', () => {
    const [s, actions] = transition(gateReviewMachine, open(), commission());
    expect(s.context.assessment).toEqual({ commissionedBy: 'm2', commissionedAt: at(DAY), assessor: 'Alan Turing Institute', question: 'Is the model fair?', dueAt: at(10 * DAY) });
    expect(timers(actions)).toEqual([
      { id: 'assessmentReminder', delay: 6 * DAY, event: reminderDue },
      { id: 'assessmentDue', delay: 9 * DAY, event: assessmentDue },
    ]);
  });

  it('reads the reminder’s lead from the policy, and sets none when it would fall before the commission', () => {
    expect(timers(transition(gateReviewMachine, open({ assessmentReminderDays: 1 }), commission())[1]).map((t) => t.delay)).toEqual([8 * DAY, 9 * DAY]);
    expect(timers(transition(gateReviewMachine, open(), commission(at(3 * DAY)))[1]).map((t) => t.id)).toEqual(['assessmentDue']);
    expect(timers(transition(gateReviewMachine, open({ assessmentReminderDays: 0 }), commission())[1]).map((t) => t.id)).toEqual(['assessmentDue']);
  });

  it('reminds the secretariat and whoever commissioned it while the report is out', () => {
    const [, actions] = transition(gateReviewMachine, send(open(), commission()), reminderDue);
    expect(spawns(actions)).toEqual([
      expect.objectContaining({ id: 'assessmentReminder', input: expect.objectContaining({ notificationId: 'assessment-reminder-gr-test-1', to: ['sec', 'm2'] }) }),
    ]);
    expect(spawns(transition(gateReviewMachine, send(open(), commission(), report()), reminderDue)[1])).toEqual([]);
  });

  it('refuses a second commission', () => {
    expect(refusal(send(open(), commission()), commission(at(12 * DAY), 'm3'))).toBe(
      `An assessment by Alan Turing Institute was already commissioned for gate review gr-test-1 (due ${at(10 * DAY)}).`,
    );
  });

  it('refuses a commission from outside the board, or due in the past', () => {
    expect(refusal(open(), commission(at(10 * DAY), 'stranger'))).toMatch(/^stranger may not commission an assessment/);
    expect(refusal(open(), commission(at(DAY)))).toBe(`The assessment's due date ${at(DAY)} is not in the future.`);
  });

  it('lets only the secretariat record a report, and only for a commissioned assessment', () => {
    expect(refusal(send(open(), commission()), report('m2'))).toBe('m2 may not record an assessment report: the secretariat records reports as they arrive.');
    expect(refusal(open(), report())).toBe('No assessment was commissioned for gate review gr-test-1.');
  });
});

describe('a decision waiting for the assessment', () => {
  it('waits for the report when voting closes with it outstanding', () => {
    expect(waiting().value).toBe('awaitingAssessment');
    expect(waiting().context.decision).toBeUndefined();
  });

  it('still takes votes and changed votes while it waits', () => {
    const s = send(waiting(), events.vote('m5', 'reject', {}, at(8 * DAY)), events.change('m1', 'reject'));
    expect(s.value).toBe('awaitingAssessment');
    expect(s.context.votes.map((v) => `${v.by}:${v.choice}`).sort()).toEqual(['m1:reject', 'm2:approve', 'm3:approve', 'm4:approve', 'm5:reject']);
  });

  it('refuses to close voting again or commission another assessment while it waits', () => {
    expect(refusal(waiting(), events.close())).toMatch(/^Voting on gate review gr-test-1 closed at .*; your request was not recorded\. Voting closed; the decision waits for the assessment by Alan Turing Institute/);
    expect(refusal(waiting(), commission(at(12 * DAY)))).toMatch(/your request was not recorded/);
  });

  it('decides once the report is in, with the assessment in the decision', () => {
    const s = send(waiting(), report());
    expect(s.value).toBe('publishing');
    expect(s.context.decision).toMatchObject({
      outcome: 'approved',
      assessment: { assessor: 'Alan Turing Institute', report: { by: 'sec', report: 'https://example.org/assessment', summary: 'Fair enough', at: at(8 * DAY) } },
    });
    expect(s.context.decision?.assessment).not.toHaveProperty('overdue');
  });

  it('decides without the report when it falls due, and says so', () => {
    const s = send(waiting(), reminderDue, assessmentDue);
    expect(s.value).toBe('publishing');
    expect(s.context.decision).toMatchObject({ outcome: 'approved', assessment: { overdue: true } });
    expect(s.context.decision?.assessment).not.toHaveProperty('report');
    expect(refusal(s, report())).toMatch(/^Voting on gate review gr-test-1 closed/);
  });

  it('refuses a report after the deadline passed during voting, and does not wait for it', () => {
    const overdue = send(open(), commission(at(5 * DAY)), assessmentDue);
    expect(overdue.context.assessment?.overdue).toBe(true);
    expect(refusal(overdue, report())).toBe(`The assessment for gate review gr-test-1 was due at ${at(5 * DAY)} and is overdue: the board decides without it, and a late report is not recorded.`);
    expect(send(overdue, ...quorum(), votingDeadline).context.decision).toMatchObject({ outcome: 'approved', assessment: { overdue: true } });
  });

  it('does not wait when the report came in before voting closed', () => {
    const s = send(open(), commission(), report('sec', at(2 * DAY)), ...quorum(), events.close());
    expect(s.value).toBe('publishing');
    expect(s.context.decision?.assessment?.report?.at).toBe(at(2 * DAY));
  });

  it('ignores its own deadline timer once decided, explaining that the timer is the review’s own', () => {
    expect(refusal(send(waiting(), report()), assessmentDue)).toBe("assessment.due is the review's own event.");
  });
});
