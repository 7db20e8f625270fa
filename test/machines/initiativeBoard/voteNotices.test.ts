/**
 * The initiative board's vote notices, read from the actions the pure machine asks the host to carry out:
 * a confirmation to each voter alone, and the closing-soon reminder to the members yet to vote on each item
 * of the quarter's agenda, `votingReminderHours` before the meeting ends (when voting on it closes). A run
 * opened without `notices` (every run recorded before the patch) asks for none of them.
 */
import { describe, expect, it } from 'vitest';
import { quarterTurned, type InitiativeEvent, type InitiativeSnapshot } from '../../../machines/initiativeBoard/machine';
import { initiativePolicySchema } from '../../../machines/initiativeBoard/policy';
import { initiativeView } from '../../../machines/initiativeBoard/view';
import type { Notification } from '../../../machines/kernel/effects';
import { fraction } from '../../../machines/kernel/fraction';
import { engine, spawns, timers } from '../../support/boardFixtures';
import {
  DAY, HOUR, Q1, Q2, T0, at, closed, done, ib, inMeeting, itemId, members, openInitiative, openInitiativeWithActions, proposals, send, settle,
  sitting, step, votes,
} from '../../support/initiativeMachineFixtures';

const I1 = itemId(1);
const I2 = itemId(2);
const REMINDER = 'votingReminder';
const on = { notices: true } as const;
type Actions = readonly { readonly type: string; readonly params?: unknown }[];

/** The reminder's timer fires, stamped by the host with when it fired. */
const reminderDue = (firedAt: string) => engine<InitiativeEvent>('voting.reminderDue', { at: firedAt });
const dueBefore = (hours: number, q = Q1) => new Date(Date.parse(q.endsAt) - hours * HOUR).toISOString();

/** The notifications among the actions, as the host would hand them to the `notify` activity. */
const noticesIn = (actions: Actions): Notification[] => spawns(actions).filter((a) => a.src === 'notify').map((a) => a.input as Notification);
const reminderTimers = (actions: Actions) => timers(actions).filter((t) => t.id === REMINDER);

/** Sends each event as the host does, collecting every notice asked for on the way. */
function run(snapshot: InitiativeSnapshot, ...list: InitiativeEvent[]): { snapshot: InitiativeSnapshot; notices: Notification[]; actions: Actions } {
  const notices: Notification[] = [];
  const all: Actions[number][] = [];
  let s = snapshot;
  for (const event of list) {
    const [next, actions] = step(s, event);
    notices.push(...noticesIn(actions));
    all.push(...actions);
    s = next;
  }
  return { snapshot: s, notices, actions: all };
}

/** The board with notices, two items proposed on the first day (I1 and I2). */
const withTwoItems = (policy = {}) => send(openInitiative(policy, on), ib.propose('i5', proposals.strategy()), ib.propose('i6', proposals.funding()));

describe('the reminder to members who have not voted', () => {
  it('is set as the board opens for the policy default, 24 hours before the quarter’s meeting ends', () => {
    const [, actions] = openInitiativeWithActions({}, on);
    expect(reminderTimers(actions).map((t) => t.delay)).toEqual([Date.parse(Q1.endsAt) - 24 * HOUR - Date.parse(T0)]);
  });

  it('is set as many hours before the end as the board’s policy says', () => {
    const [, actions] = openInitiativeWithActions({ votingReminderHours: 3 }, on);
    expect(reminderTimers(actions).map((t) => t.delay)).toEqual([Date.parse(Q1.endsAt) - 3 * HOUR - Date.parse(T0)]);
  });

  it('goes, for each item, only to the members who have neither voted on it nor declared an interest in it', () => {
    const s = send(withTwoItems(), ib.vote('i1', I1, 'approve', at(2 * DAY)), ib.vote('i2', I1, 'reject', at(2 * DAY)), ib.interest('i12', I1), ib.vote('i3', I2, 'abstain', at(2 * DAY)));
    const { notices } = run(s, reminderDue(dueBefore(24)));
    expect(notices.map((n) => [n.notificationId, n.to])).toEqual([
      [`voting-reminder-${Q1.meetingId}-${I1}`, members.filter((m) => !['i1', 'i2', 'i12'].includes(m))],
      [`voting-reminder-${Q1.meetingId}-${I2}`, members.filter((m) => m !== 'i3')],
    ]);
    const [first] = notices;
    expect(first).toMatchObject({ dates: { closes: Q1.endsAt }, link: `/initiative/items/${I1}`, boardId: 'iiigb' });
    expect(first!.subject).toBe('Voting closes soon: you have not voted on the item "Decide strategy"');
    expect(first!.body).toContain('{closes}');
    expect(first!.body).toContain(`To vote: govern initiative vote ${I1} --as YOUR_ID --choice CHOICE`);
    // Who voted, and how, is nobody's business before the meeting ends.
    for (const n of notices) expect(`${n.subject}\n${n.body}`).not.toMatch(/\bi(1|2|3|12)\b|Initiative member|voted (approve|reject|abstain)|recorded/);
  });

  it('is not sent for an item every member who may vote has voted on, and not at all when that is every item', () => {
    const everyone = members.filter((m) => m !== 'i12');
    const s = send(withTwoItems(), ...votes(I1, everyone, 'approve', at(2 * DAY)), ib.interest('i12', I1), ib.vote('i4', I2, 'approve', at(2 * DAY)));
    expect(run(s, reminderDue(dueBefore(24))).notices.map((n) => n.notificationId)).toEqual([`voting-reminder-${Q1.meetingId}-${I2}`]);
    const all = send(s, ...votes(I2, members.filter((m) => m !== 'i4'), 'approve', at(2 * DAY)));
    expect(run(all, reminderDue(dueBefore(24))).notices).toEqual([]);
  });

  it('is not sent for items waiting for the next quarter', () => {
    // Proposed after the papers went out, it joins the next quarter's agenda: voting on it has not opened.
    const s = send(sitting(send(openInitiative({}, on), ib.propose('i5', proposals.strategy()))), ib.propose('i6', proposals.funding(), inMeeting()));
    expect(s.context.later.map((i) => i.itemId)).toEqual([I2]);
    expect(run(s, reminderDue(dueBefore(2))).notices.map((n) => n.notificationId)).toEqual([`voting-reminder-${Q1.meetingId}-${I1}`]);
  });

  it('is sent once a meeting, and the run that continues the quarter as new sets no second one', () => {
    const first = run(withTwoItems(), reminderDue(dueBefore(24)));
    expect(first.notices).toHaveLength(2);
    expect(first.snapshot.context.inFlight).toEqual(first.notices.map((n) => n.notificationId));
    expect(run(first.snapshot, reminderDue(dueBefore(23))).notices).toEqual([]);
    const previous = settle(first.snapshot);
    const [resumed, actions] = openInitiativeWithActions({}, { ...on, resume: previous.context, openedAt: dueBefore(20) });
    expect(reminderTimers(actions)).toEqual([]);
    expect(noticesIn(actions)).toEqual([]);
    expect(resumed.context.votingReminderSentFor).toBe(Q1.meetingId);
  });

  it('is set again, for the time left, by a run that continues the quarter before it is due', () => {
    const [resumed, actions] = openInitiativeWithActions({}, { ...on, resume: withTwoItems().context, openedAt: at(30 * DAY) });
    expect(reminderTimers(actions).map((t) => t.delay)).toEqual([Date.parse(Q1.endsAt) - 24 * HOUR - Date.parse(at(30 * DAY))]);
    expect(run(resumed, reminderDue(dueBefore(24))).notices).toHaveLength(2);
  });

  it('is sent at once by a run that continues the quarter after it was due and before the meeting ends, when it had not gone', () => {
    const [resumed, actions] = openInitiativeWithActions({}, { ...on, resume: withTwoItems().context, openedAt: dueBefore(5) });
    expect(reminderTimers(actions)).toEqual([]);
    expect(noticesIn(actions).map((n) => n.notificationId)).toEqual([`voting-reminder-${Q1.meetingId}-${I1}`, `voting-reminder-${Q1.meetingId}-${I2}`]);
    expect(resumed.context.inFlight).toHaveLength(2);
  });

  it('is not sent when its timer fires only after the meeting has ended (an outage): voting has closed', () => {
    const late = run(withTwoItems(), reminderDue(new Date(Date.parse(Q1.endsAt) + HOUR).toISOString()));
    expect(late.notices).toEqual([]);
    // Nor later: its moment has been dealt with.
    expect(late.snapshot.context.votingReminderSentFor).toBe(Q1.meetingId);
    expect(run(withTwoItems(), reminderDue(new Date(Date.parse(Q1.endsAt) - HOUR).toISOString())).notices).toHaveLength(2);
  });

  it('is set for the next quarter once the meeting’s decisions are published, and a deferred item is reminded afresh there', () => {
    // One vote is no quorum: I1 is deferred to the second quarter, where its votes start again.
    const ended = closed(send(withTwoItems(), ib.vote('i2', I1, 'approve', at(2 * DAY))));
    const { snapshot, actions } = run(ended, ...ended.context.inFlight.map(done));
    expect(snapshot.context.quarter.meetingId).toBe(Q2.meetingId);
    expect(reminderTimers(actions).map((t) => t.delay)).toEqual([Date.parse(Q2.endsAt) - 24 * HOUR - Date.parse(Q1.endsAt)]);
    const second = run(snapshot, ib.vote('i3', I1, 'approve', at(100 * DAY)), reminderDue(dueBefore(24, Q2)));
    const reminder = second.notices.find((n) => n.notificationId === `voting-reminder-${Q2.meetingId}-${I1}`);
    expect(reminder?.to).toEqual(members.filter((m) => m !== 'i3'));
    expect(reminder?.dates).toEqual({ closes: Q2.endsAt });
  });

  it('follows a governance decision that changes votingReminderHours, from the next quarter', () => {
    const quorum = ['i1', 'i2', 'i3', 'i5', 'i6', 'i7', 'i8'];
    const s = send(openInitiative({}, on), ib.propose('sec', proposals.governance({ votingReminderHours: 48 })), ...votes(I1, quorum, 'approve', at(2 * DAY)));
    const ended = closed(s);
    const { snapshot, actions } = run(ended, ...ended.context.inFlight.map(done));
    expect(snapshot.context.policy.votingReminderHours).toBe(48);
    expect(reminderTimers(actions).map((t) => t.delay)).toEqual([Date.parse(Q2.endsAt) - 48 * HOUR - Date.parse(Q1.endsAt)]);
  });
});

describe('the confirmation of a vote', () => {
  it('tells the voter, and only the voter, what was recorded, each vote and change under an id of its own', () => {
    const { notices, snapshot } = run(
      withTwoItems(),
      ib.vote('i1', I1, 'approveWithConditions', at(2 * DAY), { conditions: ['Name a maintainer'], reason: 'Useful' }),
      ib.vote('i2', I1, 'reject', at(2 * DAY)),
      ib.change('i1', I1, 'abstain', at(3 * DAY)),
      ib.vote('i1', I2, 'approve', at(3 * DAY)),
    );
    expect(notices.map((n) => [n.notificationId, n.to])).toEqual([
      [`vote-recorded-${Q1.meetingId}-${I1}-i1-1`, ['i1']],
      [`vote-recorded-${Q1.meetingId}-${I1}-i2-2`, ['i2']],
      [`vote-recorded-${Q1.meetingId}-${I1}-i1-3`, ['i1']],
      [`vote-recorded-${Q1.meetingId}-${I2}-i1-1`, ['i1']],
    ]);
    expect(notices[0]!.subject).toBe('Your vote on the item "Decide strategy" was recorded');
    expect(notices[0]!.body).toContain('approve with conditions, on these conditions: "Name a maintainer"');
    expect(notices[0]!.body).toContain('"Useful"');
    expect(notices[0]!.body).toContain(`You can change it until voting closes {closes}: govern initiative vote ${I1} --as i1 --choice CHOICE --change`);
    expect(notices[1]!.body).toContain('recorded: reject');
    expect(notices[2]!.body).toContain('recorded: abstain');
    expect(notices[0]).toMatchObject({ dates: { closes: Q1.endsAt }, link: `/initiative/items/${I1}`, boardId: 'iiigb' });
    // The votes themselves are recorded as before.
    expect(snapshot.context.agenda[0]!.votes.map((v) => [v.by, v.choice])).toEqual([['i2', 'reject'], ['i1', 'abstain']]);
    // Under way until delivered: the board does not continue as new while they are.
    expect(snapshot.context.inFlight).toEqual(notices.map((n) => n.notificationId));
  });

  it('is not sent for a vote that was refused', () => {
    const { notices } = run(
      withTwoItems(),
      ib.vote('i5', I1, 'approve', at(2 * DAY)),
      ib.interest('i3', I1),
      ib.vote('i3', I1, 'approve', at(3 * DAY)),
      ib.vote('stranger', I1, 'approve', at(3 * DAY)),
      ib.change('i4', I1, 'reject', at(3 * DAY)),
      ib.vote('i5', I1, 'reject', at(3 * DAY)),
    );
    // Only the one vote taken is confirmed: a recused member's, a stranger's, a change with no vote and a second vote are not.
    expect(notices.map((n) => n.notificationId)).toEqual([`vote-recorded-${Q1.meetingId}-${I1}-i5-1`]);
  });

  it('is the only place a choice is told before the meeting ends: the view shows who voted, not how, nor how often', () => {
    const { snapshot, notices } = run(withTwoItems(), ib.vote('i1', I1, 'reject', at(2 * DAY)), ib.change('i1', I1, 'abstain', at(3 * DAY)));
    expect(notices.map((n) => [n.to, n.body.split('\n')[0]])).toEqual([
      [['i1'], 'Your vote was recorded: reject.'],
      [['i1'], 'Your vote was recorded: abstain.'],
    ]);
    expect(snapshot.context.agenda[0]!.votesRecorded).toBe(2);
    const shown = JSON.stringify(initiativeView(snapshot).agenda);
    expect(shown).toContain('"voted":["i1"]');
    expect(shown).not.toMatch(/reject|abstain|votesRecorded/);
  });

  it('holds back the next run until every confirmation is delivered', () => {
    const policy = { quorum: { share: fraction(0, 1), minLivedExperienceVoting: 0 } };
    const next = settle(closed(send(openInitiative(policy, on), ib.propose('i5', proposals.strategy()), ib.vote('i2', I1, 'approve', at(2 * DAY)))));
    const voted = send(next, ib.propose('i5', proposals.funding(), at(100 * DAY)), ib.vote('i2', I2, 'approve', at(100 * DAY)));
    expect(quarterTurned(voted)).toBe(false);
    expect(quarterTurned(settle(voted))).toBe(true);
  });

  it('numbers a deferred item’s votes afresh at its next meeting', () => {
    const ended = settle(closed(send(withTwoItems(), ib.vote('i2', I1, 'approve', at(2 * DAY)))));
    const { notices } = run(ended, ib.vote('i2', I1, 'approve', at(100 * DAY)));
    expect(notices.map((n) => n.notificationId)).toEqual([`vote-recorded-${Q2.meetingId}-${I1}-i2-1`]);
  });
});

describe('a run opened without the notices (every run recorded before the patch)', () => {
  it('sets no reminder and sends no notice about votes, through a whole quarter, where a run with them does', () => {
    const quarter = (notices: boolean) => {
      const [opened, actions] = openInitiativeWithActions({}, notices ? on : {});
      const s = send(opened, ib.propose('i5', proposals.strategy()));
      const voted = run(s, ib.vote('i1', I1, 'approve', at(2 * DAY)), ib.change('i1', I1, 'reject', at(3 * DAY)), reminderDue(dueBefore(24)));
      const ended = closed(voted.snapshot);
      const next = run(ended, ...ended.context.inFlight.map(done));
      const aboutVotes = [...noticesIn(actions), ...voted.notices, ...next.notices].filter((n) => /^(vote-recorded|voting-reminder)-/.test(n.notificationId));
      return { opened, voted, timers: [...reminderTimers(actions), ...reminderTimers(next.actions)], aboutVotes };
    };
    const without = quarter(false);
    expect(without.opened.context).not.toHaveProperty('notices');
    expect(without.timers).toEqual([]);
    expect(without.aboutVotes).toEqual([]);
    expect(without.voted.snapshot.context.agenda[0]).not.toHaveProperty('votesRecorded');
    const withThem = quarter(true);
    expect(withThem.timers).toHaveLength(2);
    expect(withThem.aboutVotes.map((n) => n.notificationId)).toEqual([
      `vote-recorded-${Q1.meetingId}-${I1}-i1-1`,
      `vote-recorded-${Q1.meetingId}-${I1}-i1-2`,
      `voting-reminder-${Q1.meetingId}-${I1}`,
    ]);
  });

  it('is off whatever the run before it had, and a run with the notices is on whatever the run before it had', () => {
    const withNotices = withTwoItems();
    expect(openInitiative({}, { resume: withNotices.context, openedAt: at(10 * DAY) }).context).not.toHaveProperty('notices');
    const without = send(openInitiative(), ib.propose('i5', proposals.strategy()));
    const [resumed, actions] = openInitiativeWithActions({}, { ...on, resume: without.context, openedAt: at(10 * DAY) });
    expect(resumed.context.notices).toBe(true);
    expect(reminderTimers(actions)).toHaveLength(1);
  });
});

describe('votingReminderHours in the initiative policy', () => {
  const { votingReminderHours: _lead, ...withoutLead } = initiativePolicySchema.parse(openInitiative().context.policy);

  it('may be left out, meaning 24 hours, and a policy without it parses to exactly what it did', () => {
    const parsed = initiativePolicySchema.parse(withoutLead);
    expect(parsed).not.toHaveProperty('votingReminderHours');
    const [, actions] = openInitiativeWithActions(withoutLead, on);
    expect(reminderTimers(actions).map((t) => t.delay)).toEqual([Date.parse(Q1.endsAt) - 24 * HOUR - Date.parse(T0)]);
  });

  it.each([0, 337, 2.5])('refuses %s hours, in words', (hours) => {
    const parsed = initiativePolicySchema.safeParse({ ...withoutLead, votingReminderHours: hours });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/the hours before voting closes that members who have not voted are reminded/);
  });
});
