/**
 * The notices a gate review sends beyond its decision, read from the actions the pure machine asks the
 * host to carry out: who is told, what, and when. A review opened without `notices` (every review opened
 * before the patch) asks for none of them, so its history replays as it ran.
 */
import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { gateReviewMachine, type GateReviewEvent } from '../../../machines/gateReview/machine';
import type { GateReviewSnapshot } from '../../../machines/gateReview/view';
import type { Notification } from '../../../machines/kernel/effects';
import { DAY, T0, at, events, members, parsedRequest } from '../../support/gateReviews';

const HOUR = DAY / 24;
const reminderDue = { type: 'voting.reminderDue' } as GateReviewEvent;
const deadline = { type: 'xstate.after.votingDeadline.gateReview.awaitingVotes' } as unknown as GateReviewEvent;
type Actions = { readonly type: string; readonly params?: unknown }[];

/** The notifications among the actions, as the host would hand them to the `notify` activity. */
const noticesIn = (actions: Actions): Notification[] =>
  actions.filter((a) => a.type === 'xstate.spawnChild' && (a.params as { src?: unknown }).src === 'notify').map((a) => (a.params as { input: Notification }).input);
const reminderTimers = (actions: Actions) => actions.filter((a) => a.type === 'xstate.raise' && (a.params as { id?: string }).id === 'votingReminder');

function open(overrides: Parameters<typeof parsedRequest>[0] = {}, notices = true): { snapshot: GateReviewSnapshot; actions: Actions } {
  const [snapshot, actions] = initialTransition(gateReviewMachine, { request: parsedRequest(overrides), openedAt: T0, notices });
  return { snapshot, actions };
}

/** Sends each event as the host does, collecting every notice asked for on the way. */
function run(snapshot: GateReviewSnapshot, ...list: GateReviewEvent[]): { snapshot: GateReviewSnapshot; notices: Notification[]; actions: Actions } {
  const notices: Notification[] = [];
  const all: Actions = [];
  let s = snapshot;
  for (const event of list) {
    const [next, actions] = transition(gateReviewMachine, s, event);
    notices.push(...noticesIn(actions));
    all.push(...actions);
    s = next;
  }
  return { snapshot: s, notices, actions: all };
}

describe('the reminder to members who have not voted', () => {
  it('is set for the policy default, 24 hours before voting closes', () => {
    const { actions } = open();
    expect(reminderTimers(actions).map((a) => (a.params as { delay: number }).delay)).toEqual([7 * DAY - 24 * HOUR]);
  });

  it('is set as many hours before the close as the board policy says', () => {
    const { actions } = open({ policy: { votingReminderHours: 3 } });
    expect(reminderTimers(actions).map((a) => (a.params as { delay: number }).delay)).toEqual([7 * DAY - 3 * HOUR]);
  });

  it('is not set when voting closes sooner than the lead time', () => {
    const { actions } = open({ votingClosesAt: at(20 * HOUR) });
    expect(reminderTimers(actions)).toEqual([]);
  });

  it('goes only to members who have neither voted nor been recused, with the close as a date to write in words', () => {
    const { snapshot } = open();
    const { notices } = run(snapshot, events.vote('m1', 'approve'), events.vote('m2', 'reject'), events.interest('m7'), reminderDue);
    const reminders = notices.filter((n) => n.notificationId === 'voting-reminder-gr-test-1');
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.to).toEqual(['m3', 'm4', 'm5', 'm6']);
    expect(reminders[0]).toMatchObject({ dates: { closes: at(7 * DAY) }, link: '/reviews/gr-test-1', boardId: 'product-board' });
    expect(reminders[0]!.body).toContain('{closes}');
    expect(reminders[0]!.body).toContain('govern vote gr-test-1');
    // Who voted, and how, is nobody's business before the close.
    expect(`${reminders[0]!.subject}\n${reminders[0]!.body}`).not.toMatch(/\bm[12]\b|Member [12]|voted (approve|reject)/);
  });

  it('is not sent when every member who may vote has voted', () => {
    const { snapshot } = open();
    const votes = members.slice(0, 6).map((m) => events.vote(m, 'approve'));
    const { notices } = run(snapshot, ...votes, events.interest('m7'), reminderDue);
    expect(notices.filter((n) => n.notificationId.startsWith('voting-reminder-'))).toEqual([]);
  });

  it('is cancelled when voting closes early', () => {
    const { snapshot } = open();
    const { actions } = run(snapshot, events.close());
    expect(actions).toContainEqual(expect.objectContaining({ type: 'xstate.cancel', params: expect.objectContaining({ sendId: 'votingReminder' }) }));
  });
});

describe('the confirmation of a vote', () => {
  it('tells the voter, and only the voter, what was recorded, each vote and change under an id of its own', () => {
    const { snapshot } = open();
    const { notices } = run(
      snapshot,
      events.vote('m1', 'approveWithConditions', { conditions: ['Publish the impact assessment'], reason: 'Useful' }),
      events.vote('m2', 'reject'),
      events.change('m1', 'abstain'),
    );
    expect(notices.map((n) => [n.notificationId, n.to])).toEqual([
      ['vote-recorded-gr-test-1-m1-1', ['m1']],
      ['vote-recorded-gr-test-1-m2-2', ['m2']],
      ['vote-recorded-gr-test-1-m1-3', ['m1']],
    ]);
    expect(notices[0]!.body).toContain('approve with conditions, on these conditions: "Publish the impact assessment"');
    expect(notices[0]!.body).toContain('"Useful"');
    expect(notices[1]!.body).toContain('recorded: reject');
    expect(notices[2]!.body).toContain('recorded: abstain');
    expect(notices[0]).toMatchObject({ dates: { closes: at(7 * DAY) }, link: '/reviews/gr-test-1', boardId: 'product-board' });
  });

  it('is not sent for a vote that was refused', () => {
    const { snapshot } = open();
    const { notices } = run(snapshot, events.interest('m3'), events.vote('m3', 'approve'), events.vote('stranger', 'approve'));
    expect(notices).toEqual([]);
  });
});

describe('the opening of a written procedure', () => {
  it('tells every member, with the deadline', () => {
    const { actions } = open({ procedure: 'written', requestedBy: 'm1', votingClosesAt: at(3 * DAY) });
    const [opened] = noticesIn(actions);
    expect(opened).toMatchObject({ notificationId: 'written-procedure-gr-test-1', to: members, dates: { closes: at(3 * DAY) }, link: '/reviews/gr-test-1' });
    expect(opened!.subject).toContain('vote by {closes}');
    expect(opened!.body).toContain('Member 1, the chair');
  });

  it('is not sent for an item decided at a meeting', () => {
    expect(noticesIn(open().actions)).toEqual([]);
  });
});

describe('a review opened before the notices', () => {
  it('sets no reminder and sends nothing, whatever happens', () => {
    const opened = open({ procedure: 'written', requestedBy: 'm1' }, false);
    expect(noticesIn(opened.actions)).toEqual([]);
    expect(reminderTimers(opened.actions)).toEqual([]);
    const { notices, snapshot } = run(opened.snapshot, events.vote('m1', 'approve'), events.change('m1', 'reject'), reminderDue, deadline);
    expect(notices).toEqual([]);
    expect(snapshot.value).toBe('publishing');
  });
});
