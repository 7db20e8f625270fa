import { describe, expect, it } from 'vitest';
import { quarterTurned, type InitiativeEvent, type InitiativeSnapshot } from '../../../machines/initiativeBoard/machine';
import type { InitiativeDecisionRecord, InitiativeMinutesRecord, TriageRecord } from '../../../machines/initiativeBoard/records';
import { explainInitiativeRefusal, initiativeReceipt, initiativeView } from '../../../machines/initiativeBoard/view';
import { RESOLVED_KEPT } from '../../../machines/initiativeBoard/machine';
import { jsonBytes } from '../../../machines/kernel/size';
import { fraction } from '../../../machines/kernel/fraction';
import { spawns, timers } from '../../support/boardFixtures';
import { revisedGoodData } from '../../support/initiativeFixtures';
import {
  DAY, END_TIMER, HOUR, PAPERS_TIMER, Q1, Q2, Q3, START_TIMER, T0, actionId, at, closed, done, emitted, failed, ib, inMeeting, itemId, members, meetingEnds,
  meetingStarts, nextQuarter, openInitiative, openInitiativeWithActions, papersDeadline, parsedInitiativeConfig, proposals, send, settle, sitting, step, submissionId,
  refusal, taken, triageDue, votes, withItem,
} from '../../support/initiativeMachineFixtures';

const I1 = itemId(1);
const I2 = itemId(2);
const S1 = submissionId(1);
const withoutLived = ['i1', 'i5', 'i6', 'i7', 'i8', 'i9', 'i10'];
/** Seven voters, two of them with lived experience of poverty: a quorum. */
const quorum = ['i1', 'i2', 'i3', 'i5', 'i6', 'i7', 'i8'];

/** The records the meeting's end asks the register to publish, by kind. */
function published(s: InitiativeSnapshot) {
  const [after, actions] = step(s.matches({ cycle: 'inSession' }) ? s : send(s, ...(s.matches({ cycle: 'agendaOpen' }) ? [papersDeadline] : []), meetingStarts), meetingEnds);
  const inputs = spawns(actions).filter((c) => c.src === 'publishDecision').map((c) => c.input as InitiativeDecisionRecord | InitiativeMinutesRecord);
  return {
    after,
    actions,
    decisions: inputs.filter((r): r is InitiativeDecisionRecord => r.kind === 'initiativeDecision'),
    minutes: inputs.find((r): r is InitiativeMinutesRecord => r.kind === 'initiativeMinutes')!,
  };
}

type Actions = ReturnType<typeof step>[1];
/** The triage timers an action list sets. */
const triageTimers = (actions: Actions) => timers(actions).filter((t) => t.event.type === 'triage.due');

/** Fires the triage timers set, earliest first, and any they set in turn, until none is left. */
function fireTriageTimers(s: InitiativeSnapshot, actions: Actions): InitiativeSnapshot {
  const queue = triageTimers(actions);
  while (queue.length) {
    queue.sort((a, b) => (a.delay ?? 0) - (b.delay ?? 0));
    const [next, more] = step(s, queue.shift()!.event as InitiativeEvent);
    s = next;
    queue.push(...triageTimers(more));
  }
  return s;
}

/** The record of `item` at the end of this quarter's meeting, after `events`. */
const decision = (s: InitiativeSnapshot, item = I1) => published(s).decisions.find((d) => d.itemId === item)!;

describe('the quarter', () => {
  it('opens with the first quarter’s meeting on the 15th of July, its papers due 7 days before, and the papers timer set', () => {
    const [s, actions] = openInitiativeWithActions();
    expect(s.value).toEqual({ cycle: 'agendaOpen' });
    expect(s.context.quarter).toEqual(Q1);
    expect(timers(actions)).toEqual([{ event: { type: PAPERS_TIMER }, id: PAPERS_TIMER, delay: Date.parse(Q1.papersDeadline) - Date.parse(T0) }]);
    expect(s.context.composition).toMatchObject({ met: true, filledSeats: 12, seats: 12 });
    expect(s.context.changes).toEqual([{ at: T0, by: 'sec', change: 'Opened the board with 12 of 12 seats filled.' }]);
    expect(initiativeView(s)).toMatchObject({ stage: 'agendaOpen', quartersHeld: 0, agenda: [], nextAgenda: [] });
  });

  it('opens on the quarter after when the first papers deadline has passed', () => {
    const s = openInitiative({}, { openedAt: '2026-07-09T00:00:00.000Z' });
    expect(s.context.quarter).toEqual(Q2);
  });

  it('circulates the papers to every member and the secretariat at the papers deadline, with the agenda and the actions carried', () => {
    const s = send(withItem(proposals.funding()), ib.recordAction());
    const [papers, actions] = step(s, papersDeadline);
    expect(papers.value).toEqual({ cycle: 'papersCirculated' });
    expect(papers.context).toMatchObject({ papersCirculated: true, clock: Q1.papersDeadline, inFlight: [`papers-${Q1.meetingId}`] });
    const [notice] = spawns(actions);
    expect(notice).toMatchObject({ id: `papers-${Q1.meetingId}`, src: 'notify' });
    const input = notice!.input as { to: string[]; subject: string; body: string };
    expect(input.to).toEqual([...members, 'sec']);
    expect(input.subject).toBe(`Papers for the iiigb meeting on ${Q1.startsAt}`);
    expect(input.body).toContain(`- ${I1} (funding): Decide funding`);
    expect(input.body).toContain(`Actions carried: ${actionId(1)} Write to the food bank volunteers (sec)`);
    expect(input.body).toContain(`Vote on each item before the meeting ends at ${Q1.endsAt}.`);
    expect(timers(actions)).toEqual([{ event: { type: START_TIMER }, id: START_TIMER, delay: 7 * DAY }]);
  });

  it('sits at the meeting’s start, and sets the timer to its end three hours later', () => {
    const [s, actions] = step(send(openInitiative(), papersDeadline), meetingStarts);
    expect(s.value).toEqual({ cycle: 'inSession' });
    expect(s.context.clock).toBe(Q1.startsAt);
    expect(timers(actions)).toEqual([{ event: { type: END_TIMER }, id: END_TIMER, delay: 3 * HOUR }]);
    expect(initiativeView(s).stage).toBe('inSession');
  });

  it('publishes each item’s decision and the minutes when the meeting ends, and opens the next quarter once all is published', () => {
    const s = send(withItem(), ib.propose('i6', proposals.funding()), ...votes(I1, quorum));
    const { after, decisions, minutes } = published(sitting(s));
    expect(after.value).toBe('publishing');
    expect(initiativeView(after).stage).toBe('publishing');
    expect(decisions.map((d) => [d.decisionId, d.outcome])).toEqual([
      [`${Q1.meetingId}-${I1}`, 'approved'],
      [`${Q1.meetingId}-${I2}`, 'deferred'],
    ]);
    expect(minutes).toMatchObject({ decisionId: `minutes-${Q1.meetingId}`, meeting: Q1, items: [{ itemId: I1, outcome: 'approved' }, { itemId: I2, outcome: 'deferred', deferredBecause: 'noQuorum' }] });
    expect(after.context.inFlight).toEqual([`papers-${Q1.meetingId}`, `publish-${Q1.meetingId}-${I1}`, `publish-${Q1.meetingId}-${I2}`, `publish-minutes-${Q1.meetingId}`]);
    expect(after.context).toMatchObject({ quartersHeld: 1, agenda: [], clock: Q1.endsAt });

    const almost = send(after, ...after.context.inFlight.slice(0, -1).map(done));
    expect(almost.value).toBe('publishing');
    const [next, actions] = step(almost, done(`publish-minutes-${Q1.meetingId}`));
    expect(next.value).toEqual({ cycle: 'agendaOpen' });
    expect(next.context).toMatchObject({ quarter: Q2, papersCirculated: false, inFlight: [] });
    expect(next.context.agenda.map((i) => i.itemId)).toEqual([I2]);
    expect(timers(actions)).toEqual([{ event: { type: PAPERS_TIMER }, id: PAPERS_TIMER, delay: Date.parse(Q2.papersDeadline) - Date.parse(Q1.endsAt) }]);
  });

  it('moves on when a publication fails, and keeps the failure among the board’s changes', () => {
    const after = closed(openInitiative());
    const s = send(after, failed(`publish-minutes-${Q1.meetingId}`), done(`papers-${Q1.meetingId}`));
    expect(s.value).toEqual({ cycle: 'agendaOpen' });
    expect(s.context.changes.at(-1)).toEqual({ at: Q1.endsAt, by: 'engine', change: `publish-minutes-${Q1.meetingId} failed: register down. An operator can see it in the history.` });
  });

  it('holds quarter after quarter on the cadence: July, October, January', () => {
    const s = nextQuarter(nextQuarter(openInitiative()));
    expect(s.context.quarter).toEqual(Q3);
    expect(s.context.quartersHeld).toBe(2);
    expect(s.context.lastMeeting?.meetingId).toBe(Q2.meetingId);
  });
});

describe('public submissions', () => {
  it('takes a named submission from anyone, due for triage in 14 days, with a timer to its deadline', () => {
    const [s, actions] = taken(openInitiative(), ib.submit('citizen-1', at(DAY), { proposal: proposals.recognition() }));
    expect(s.context.submissions).toEqual([
      {
        submissionId: S1,
        title: 'Recognise the food bank dataset',
        text: 'Volunteers keep an open list of food banks.',
        proposal: proposals.recognition(),
        submittedBy: 'citizen-1',
        submittedAt: at(DAY),
        triageBy: at(15 * DAY),
        status: 'awaitingTriage',
      },
    ]);
    expect(triageTimers(actions)).toEqual([expect.objectContaining({ delay: 14 * DAY })]);
  });

  it('takes an anonymous submission, keeping no name', () => {
    const s = send(openInitiative(), ib.submit(undefined));
    expect(s.context.submissions[0]).not.toHaveProperty('submittedBy');
    expect(s.context.submissions[0]?.submissionId).toBe(S1);
  });

  it('takes a submission in any stage of the quarter, counting ids on', () => {
    const s = send(openInitiative(), ib.submit('a'), papersDeadline, ib.submit('b', at(40 * DAY)), meetingStarts, ib.submit('c', inMeeting()), meetingEnds, ib.submit('d', inMeeting()));
    expect(s.value).toBe('publishing');
    expect(s.context.submissions.map((x) => x.submissionId)).toEqual([1, 2, 3, 4].map(submissionId));
  });

  it('marks a submission overdue when its triage deadline passes, and tells the secretariat', () => {
    const [submitted, set] = step(openInitiative(), ib.submit('citizen-1'));
    const [s, actions] = step(submitted, triageTimers(set)[0]!.event as InitiativeEvent);
    expect(s.context.submissions[0]).toMatchObject({ status: 'awaitingTriage', overdue: true });
    expect(s.context.clock).toBe(at(15 * DAY));
    const [notice] = spawns(actions);
    expect(notice).toMatchObject({ src: 'notify', input: { to: ['sec'], subject: expect.stringMatching(new RegExp(`^Overdue: submission ${S1} was due for triage`)) } });
    expect(s.context.inFlight).toEqual([notice!.id]);
    // A late answer is still taken.
    expect(send(s, ib.triage(S1, 'declined', at(16 * DAY))).context.submissions[0]?.status).toBe('declined');
  });

  it('tells the secretariat of submissions falling overdue together in one notice', () => {
    const [first, set] = step(openInitiative(), ib.submit('a', at(DAY)));
    const both = send(first, ib.submit(undefined, at(DAY)));
    const [s, actions] = step(both, triageTimers(set)[0]!.event as InitiativeEvent);
    expect(s.context.submissions.map((x) => x.overdue)).toEqual([true, true]);
    expect(spawns(actions)).toEqual([expect.objectContaining({ src: 'notify', input: expect.objectContaining({ subject: `Overdue: 2 submissions were due for triage (${S1}, ${submissionId(2)})` }) })]);
  });

  it('ignores the triage timer of a submission already answered', () => {
    const [submitted, set] = step(openInitiative(), ib.submit('citizen-1'));
    const s = send(submitted, ib.triage(S1, 'declined'), done(`publish-triage-${S1}`));
    const [after, actions] = step(s, triageTimers(set)[0]!.event as InitiativeEvent);
    expect(after.context.submissions).toEqual(s.context.submissions);
    expect(after.context.inFlight).toEqual([]);
    expect(spawns(actions)).toEqual([]);
  });

  it('accepts a submission onto this quarter’s agenda, publishes the answer, and tells the named submitter', () => {
    const s = send(openInitiative(), ib.submit('citizen-1', at(DAY), { proposal: proposals.recognition() }));
    const [after, actions] = taken(s, ib.triage(S1, 'accepted'));
    const triage = { by: 'sec', at: at(2 * DAY), reason: 'The secretariat accepted it.', itemId: I1 };
    expect(after.context.submissions[0]).toMatchObject({ status: 'accepted', triage });
    expect(after.context.agenda).toEqual([
      expect.objectContaining({ itemId: I1, title: 'Recognise the food bank dataset', proposal: proposals.recognition(), source: { kind: 'public', submissionId: S1, by: 'citizen-1' }, openedAt: at(2 * DAY) }),
    ]);
    const record: TriageRecord = {
      decisionId: `triage-${S1}`,
      kind: 'submissionTriage',
      boardId: 'iiigb',
      submissionId: S1,
      title: 'Recognise the food bank dataset',
      outcome: 'accepted',
      reason: 'The secretariat accepted it.',
      itemId: I1,
      triagedBy: 'sec',
      triagedAt: at(2 * DAY),
      notify: ['citizen-1'],
    };
    expect(spawns(actions)).toEqual([expect.objectContaining({ id: `publish-triage-${S1}`, src: 'publishDecision', input: record })]);
    expect(after.context.inFlight).toEqual([`publish-triage-${S1}`]);
  });

  it('tells no one of the answer to an anonymous submission, but still publishes it', () => {
    const [, actions] = step(send(openInitiative(), ib.submit(undefined)), ib.triage(S1, 'declined'));
    const [publish] = spawns(actions);
    expect(publish?.input).toMatchObject({ outcome: 'declined', reason: 'The secretariat declined it.' });
    expect(publish?.input).not.toHaveProperty('notify');
  });

  it('accepts a submission with the proposal the secretariat gives it when the submitter gave none', () => {
    const s = send(openInitiative(), ib.submit('citizen-1'), ib.triage(S1, 'accepted', at(2 * DAY), { proposal: proposals.funding() }));
    expect(s.context.agenda[0]?.proposal).toEqual(proposals.funding());
  });

  it('merges a submission into an open item, which names it', () => {
    const s = send(withItem(), ib.submit('citizen-1'));
    const [after, actions] = taken(s, ib.triage(S1, 'merged', at(2 * DAY), { mergedInto: I1 }));
    expect(after.context.agenda[0]?.merged).toEqual([S1]);
    expect(after.context.submissions[0]).toMatchObject({ status: 'merged', triage: { itemId: I1 } });
    expect(after.context.counters.items).toBe(1);
    expect(spawns(actions)[0]?.input).toMatchObject({ outcome: 'merged', itemId: I1, notify: ['citizen-1'] });
  });

  it('declines a submission with its published reason and opens no item', () => {
    const [s] = taken(send(openInitiative(), ib.submit('citizen-1')), ib.triage(S1, 'declined'));
    expect(s.context.submissions[0]).toMatchObject({ status: 'declined', triage: { reason: 'The secretariat declined it.' } });
    expect(s.context.submissions[0]?.triage).not.toHaveProperty('itemId');
    expect(s.context.agenda).toEqual([]);
  });

  it('puts a submission accepted after the papers deadline on the next quarter’s agenda', () => {
    const s = send(openInitiative(), ib.submit('citizen-1', at(DAY), { proposal: proposals.funding() }), papersDeadline, ib.triage(S1, 'accepted', at(40 * DAY)));
    expect(s.context.agenda).toEqual([]);
    expect(s.context.later.map((i) => i.itemId)).toEqual([I1]);
  });

  it('refuses a triage from anyone but the secretariat', () => {
    const s = send(openInitiative(), ib.submit('citizen-1'));
    expect(refusal(s, ib.triage(S1, 'declined', at(2 * DAY), { by: 'i1' }))).toBe('i1 may not triage a submission: only the secretariat of the initiative board iiigb (sec) may.');
  });

  it('refuses to triage a submission it does not have, or one already answered', () => {
    const s = send(openInitiative(), ib.submit('citizen-1'));
    expect(refusal(s, ib.triage('nope', 'declined'))).toBe('There is no submission nope awaiting triage on the initiative board iiigb.');
    expect(refusal(send(s, ib.triage(S1, 'declined')), ib.triage(S1, 'declined', at(3 * DAY)))).toBe(`Submission ${S1} was already declined on ${at(2 * DAY)}.`);
  });

  it('refuses to accept a submission without a proposal, or with one the board cannot decide as things stand', () => {
    const s = send(openInitiative(), ib.submit('citizen-1'));
    expect(refusal(s, ib.triage(S1, 'accepted'))).toMatch(new RegExp(`^Say what the board will decide: submission ${S1} has no proposal`));
    expect(refusal(s, ib.triage(S1, 'accepted', at(2 * DAY), { proposal: proposals.withdrawal('unknown') }))).toBe(
      'unknown is not recognised as part of the infrastructure, so there is nothing to withdraw. Recognised: none.',
    );
  });

  it('refuses to merge a submission into an item that does not exist', () => {
    const s = send(openInitiative(), ib.submit('citizen-1'));
    expect(refusal(s, ib.triage(S1, 'merged', at(2 * DAY), { mergedInto: 'iiigb-I9' }))).toBe(`There is no open item iiigb-I9 to merge submission ${S1} into.`);
  });
});

describe('proposals', () => {
  it('puts a member’s proposal on this quarter’s agenda under the voting rules in force', () => {
    const [s] = taken(openInitiative(), ib.propose('i5', proposals.strategy()));
    expect(s.context.agenda).toMatchObject([
      {
        itemId: I1,
        title: 'Decide strategy',
        text: 'A strategy for the board.',
        proposal: proposals.strategy(),
        source: { kind: 'member', by: 'i5' },
        openedAt: at(DAY),
        voting: { quorum: { share: fraction(1, 2) }, minLivedExperienceVoting: 1, passing: { kind: 'majority' }, chairHasCastingVote: false },
        votes: [],
        recusals: [],
        merged: [],
        deferredFrom: [],
      },
    ]);
    expect(s.context.counters.items).toBe(1);
  });

  it('takes a proposal from the secretariat', () => {
    const [s] = taken(openInitiative(), ib.propose('sec', proposals.funding()));
    expect(s.context.agenda[0]?.source).toEqual({ kind: 'secretariat', by: 'sec' });
  });

  it('takes a product board referral from the secretariat', () => {
    const [s] = taken(openInitiative(), ib.propose('sec', proposals.adopt(), at(DAY), { referredBy: 'productBoard' }));
    expect(s.context.agenda[0]?.source).toEqual({ kind: 'productBoard', by: 'sec' });
  });

  it('refuses a product board referral from a member', () => {
    expect(refusal(openInitiative(), ib.propose('i5', proposals.adopt(), at(DAY), { referredBy: 'productBoard' }))).toBe(
      'i5 may not put a product board referral on the agenda: only the secretariat of the initiative board iiigb (sec) may.',
    );
  });

  it('refuses a proposal from anyone else, pointing to a public submission', () => {
    expect(refusal(openInitiative(), ib.propose('citizen-1', proposals.funding()))).toBe(
      'citizen-1 may not propose an item directly: members and the secretariat may. Anyone may send it as a public submission (govern initiative submit).',
    );
  });

  it('puts an item proposed after the papers deadline on the next quarter’s agenda', () => {
    const s = send(withItem(), papersDeadline, ib.propose('i6', proposals.funding(), at(40 * DAY)));
    expect(s.context.agenda.map((i) => i.itemId)).toEqual([I1]);
    expect(s.context.later.map((i) => i.itemId)).toEqual([I2]);
    expect(initiativeView(s).nextAgenda.map((i) => i.itemId)).toEqual([I2]);
    expect(nextQuarter(s).context.agenda.map((i) => i.itemId)).toContain(I2);
  });

  it('refuses a proposal the board cannot decide as things stand, saying why', () => {
    const s = openInitiative();
    expect(refusal(s, ib.propose('i5', proposals.adopt('good-data')))).toBe('A guiding principle with id good-data is already in force: propose to revise it instead.');
    expect(refusal(s, ib.propose('i5', { decision: 'principle', action: 'revise', principle: { id: 'missing', title: 'Missing' } }))).toBe(
      'There is no guiding principle missing to revise; the principles in force are: good-data, co-created.',
    );
    expect(refusal(s, ib.propose('i5', proposals.withdrawal('food-banks')))).toMatch(/^food-banks is not recognised as part of the infrastructure/);
    expect(refusal(s, ib.propose('i5', proposals.governance({ triageDays: 7 }, 11)))).toBe('11 seats is fewer than the 12 members sitting: remove members first.');
    const recognised = nextQuarter(send(withItem(proposals.recognition()), ...votes(I1, quorum)));
    expect(refusal(recognised, ib.propose('i5', proposals.recognition()))).toBe('food-banks is already recognised as part of the infrastructure.');
  });
});

describe('voting', () => {
  it('records a vote with its reason at any stage before the meeting ends', () => {
    const s = withItem();
    const [early] = taken(s, ib.vote('i2', I1, 'approve', at(2 * DAY), { reason: 'Needed' }));
    expect(early.context.agenda[0]?.votes).toEqual([{ by: 'i2', choice: 'approve', at: at(2 * DAY), reason: 'Needed' }]);
    taken(send(s, papersDeadline), ib.vote('i2', I1, 'reject', at(40 * DAY)));
    taken(sitting(s), ib.vote('i2', I1, 'abstain'));
  });

  it('lets a member change a vote, keeping only the latest', () => {
    const s = send(withItem(), ib.vote('i2', I1, 'approve', at(2 * DAY)));
    const [after] = taken(s, ib.change('i2', I1, 'approveWithConditions', at(3 * DAY)));
    expect(after.context.agenda[0]?.votes).toEqual([{ by: 'i2', choice: 'approveWithConditions', conditions: ['Condition from i2'], at: at(3 * DAY) }]);
  });

  it('refuses a second vote, pointing to changing it, without saying what the first was', () => {
    const s = send(withItem(), ib.vote('i2', I1, 'approve', at(2 * DAY)));
    expect(refusal(s, ib.vote('i2', I1, 'reject', at(3 * DAY)))).toBe(
      `You have already voted on ${I1}; a second vote was not recorded. To change your vote before the meeting ends, add --change: govern initiative vote ${I1} --as i2 --choice CHOICE --change (the changeVote command).`,
    );
  });

  it('refuses to change a vote not cast', () => {
    expect(refusal(withItem(), ib.change('i2', I1, 'reject'))).toBe(`Initiative member 2 has not voted on ${I1} yet: cast a vote first.`);
  });

  it('refuses a vote from a recused member, and drops the vote cast before the interest was declared', () => {
    const s = send(withItem(), ib.vote('i3', I1, 'approve', at(2 * DAY)));
    const [recused] = taken(s, ib.interest('i3', I1, at(3 * DAY)));
    expect(recused.context.agenda[0]?.votes).toEqual([]);
    expect(recused.context.agenda[0]?.recusals).toEqual([{ by: 'i3', interest: 'Works for the supplier', at: at(3 * DAY) }]);
    expect(refusal(recused, ib.vote('i3', I1, 'approve', at(4 * DAY)))).toBe(`Initiative member 3 declared an interest in ${I1} ("Works for the supplier") and is recused: the vote was not recorded.`);
    expect(refusal(recused, ib.interest('i3', I1, at(4 * DAY)))).toBe(`Initiative member 3 has already declared an interest in ${I1} and is recused.`);
  });

  it('refuses an interest declared by a non-member or in an item it does not have', () => {
    expect(refusal(withItem(), ib.interest('sec', I1))).toMatch(/^sec is not a member of the initiative board iiigb, so cannot declare an interest/);
    expect(refusal(withItem(), ib.interest('i3', 'iiigb-I7'))).toBe('There is no open item iiigb-I7.');
  });

  it('refuses a vote from anyone who is not a member, the secretariat included', () => {
    const sentence = refusal(withItem(), ib.vote('sec', I1));
    expect(sentence).toBe(`sec is not a member of the initiative board iiigb, so cannot vote on ${I1}. Its members are: ${members.join(', ')}.`);
    expect(refusal(withItem(), ib.vote('citizen-1', I1))).toMatch(/^citizen-1 is not a member/);
  });

  it('refuses a vote on an item on the next quarter’s agenda, and on one it does not have', () => {
    const s = send(openInitiative(), papersDeadline, ib.propose('i5', proposals.funding(), at(40 * DAY)));
    expect(refusal(s, ib.vote('i2', I1, 'approve', at(41 * DAY)))).toBe(`Item ${I1} is on the agenda of the quarter after ${Q1.meetingId}; voting on it opens when that quarter begins.`);
    expect(refusal(s, ib.vote('i2', 'iiigb-I9', 'approve', at(41 * DAY)))).toBe(`There is no item iiigb-I9 on the agenda of ${Q1.meetingId}. See the agenda with: govern initiative agenda.`);
  });

  it('explains a vote arriving after the meeting ended with the item’s outcome, while publishing and after', () => {
    const s = closed(send(withItem(), ...votes(I1, quorum)));
    expect(s.value).toBe('publishing');
    const sentence = `Voting on ${I1} closed when the meeting ${Q1.meetingId} ended; it was approved. The vote was not recorded.`;
    expect(refusal(s, ib.vote('i4', I1, 'reject', Q1.endsAt))).toBe(sentence);
    expect(refusal(settle(s), ib.vote('i4', I1, 'reject', at(50 * DAY)))).toBe(sentence);
    expect(refusal(settle(s), ib.change('i2', I1, 'reject', at(50 * DAY)))).toBe(sentence);
  });

  it('explains a late vote on a deferred item: it is carried, and voting opens when the next quarter begins', () => {
    const s = closed(send(withItem(), ib.vote('i2', I1)));
    expect(refusal(s, ib.vote('i4', I1, 'approve', Q1.endsAt))).toBe(
      `Voting on ${I1} closed when the meeting ${Q1.meetingId} ended; it was deferred and carried to the next quarter, where voting opens when that quarter begins. The vote was not recorded.`,
    );
    taken(settle(s), ib.vote('i4', I1, 'approve', at(50 * DAY)));
  });

  it('explains any other vote while the decisions are being published: voting is closed', () => {
    const s = closed(withItem());
    const late = send(s, ib.propose('i5', proposals.funding(), Q1.endsAt));
    expect(refusal(late, ib.vote('i4', I2, 'approve', Q1.endsAt))).toBe(`The meeting ${Q1.meetingId} has ended and its decisions are being published; voting is closed. Nothing was recorded.`);
  });
});

describe('deciding an item', () => {
  it('approves with more approvals than rejections, abstentions aside, when a quorum with lived experience voted', () => {
    const d = decision(sitting(send(withItem(), ...votes(I1, ['i1', 'i2']), ib.vote('i5', I1, 'reject'), ...votes(I1, ['i6', 'i7', 'i8', 'i9'], 'abstain'))));
    expect(d).toMatchObject({
      outcome: 'approved',
      tally: { approve: 2, approveWithConditions: 0, reject: 1, abstain: 4, eligible: 12, cast: 7, quorumNeeded: 7 },
      livedExperienceVoting: 1,
      passingRule: 'more approvals than rejections',
      explanation: 'Approved: more approvals than rejections (2 approvals, 1 rejection, 4 abstentions; 7 of 12 eligible voted (1 with lived experience of poverty), quorum 7).',
      decidedAt: Q1.endsAt,
      notify: members,
    });
  });

  it('rejects with as many or more rejections than approvals', () => {
    const d = decision(send(withItem(), ...votes(I1, ['i1', 'i2', 'i3']), ...votes(I1, ['i5', 'i6', 'i7', 'i8'], 'reject')));
    expect(d.outcome).toBe('rejected');
    expect(d.explanation).toMatch(/^Rejected: the rule needs more approvals than rejections/);
    expect(d.conditions).toEqual([]);
  });

  it('approves with conditions, keeping each member’s conditions', () => {
    const d = decision(send(withItem(), ib.vote('i2', I1, 'approveWithConditions'), ib.vote('i5', I1, 'approveWithConditions'), ...votes(I1, ['i1', 'i6', 'i7', 'i8', 'i9'])));
    expect(d.outcome).toBe('approvedWithConditions');
    expect(d.conditions).toEqual([
      { text: 'Condition from i2', setBy: 'i2' },
      { text: 'Condition from i5', setBy: 'i5' },
    ]);
  });

  it('defers an item without a quorum: a majority of the filled seats', () => {
    const d = decision(send(withItem(), ...votes(I1, ['i1', 'i2', 'i3', 'i5', 'i6', 'i7'])));
    expect(d).toMatchObject({ outcome: 'deferred', deferredBecause: 'noQuorum', tally: { cast: 6, quorumNeeded: 7 } });
    expect(d.explanation).toMatch(/^Deferred to the next quarter: no quorum/);
  });

  it('defers an item when no member with lived experience of poverty voted, even with a quorum', () => {
    const d = decision(send(withItem(), ...votes(I1, withoutLived)));
    expect(d).toMatchObject({ outcome: 'deferred', deferredBecause: 'noLivedExperience', livedExperienceVoting: 0, tally: { cast: 7 } });
    expect(d.explanation).toMatch(/^Deferred to the next quarter: the quorum needs at least 1 member with lived experience of poverty voting/);
  });

  it('counts the lived-experience minimum the policy sets', () => {
    const s = withItem(proposals.strategy(), { quorum: { share: fraction(1, 2), minLivedExperienceVoting: 2 } });
    expect(decision(send(s, ...votes(I1, ['i2', 'i1', 'i5', 'i6', 'i7', 'i8', 'i9']))).deferredBecause).toBe('noLivedExperience');
    expect(decision(send(s, ...votes(I1, quorum))).outcome).toBe('approved');
  });

  it('leaves recused members out of the quorum and the count', () => {
    const s = send(withItem(), ib.interest('i9', I1), ib.interest('i10', I1), ib.interest('i12', I1), ...votes(I1, ['i1', 'i2', 'i3', 'i5', 'i6']));
    const d = decision(s);
    expect(d).toMatchObject({ outcome: 'approved', tally: { eligible: 9, cast: 5, quorumNeeded: 5 } });
    expect(d.recusals.map((r) => r.by)).toEqual(['i9', 'i10', 'i12']);
  });

  for (const type of ['withdrawal', 'governance'] as const) {
    it(`needs two thirds of approvals and rejections to approve a ${type}`, () => {
      const base = type === 'withdrawal' ? nextQuarter(send(withItem(proposals.recognition()), ...votes(I1, quorum))) : openInitiative();
      const s = send(base, ib.propose('i5', type === 'withdrawal' ? proposals.withdrawal() : proposals.governance({ triageDays: 7 }), at(100 * DAY)));
      const item = s.context.agenda[0]!.itemId;
      const time = inMeeting(s.context.quarter);
      const lost = decision(send(s, ...votes(item, ['i1', 'i2', 'i3', 'i5', 'i6'], 'approve', time), ...votes(item, ['i7', 'i8', 'i9'], 'reject', time)), item);
      expect(lost).toMatchObject({ outcome: 'rejected', passingRule: 'at least 2/3 of approvals and rejections approving' });
      const carried = decision(send(s, ...votes(item, ['i1', 'i2', 'i3', 'i5', 'i6', 'i10'], 'approve', time), ...votes(item, ['i7', 'i8', 'i9'], 'reject', time)), item);
      expect(carried.outcome).toBe('approved');
    });
  }

  it('needs only a majority for the other decision types', () => {
    for (const proposal of [proposals.adopt(), proposals.strategy(), proposals.recognition(), proposals.funding()]) {
      const d = decision(send(withItem(proposal), ...votes(I1, ['i1', 'i2', 'i3', 'i5', 'i6']), ...votes(I1, ['i7', 'i8', 'i9', 'i10'], 'reject')));
      expect(d.outcome, proposal.decision).toBe('approved');
    }
  });

  it('defers a tie when the policy gives no casting vote, and refuses the chair’s casting vote', () => {
    const s = send(withItem(), ...votes(I1, ['i1', 'i2', 'i3', 'i5']), ...votes(I1, ['i6', 'i7', 'i8', 'i9'], 'reject'));
    const d = decision(s);
    expect(d).toMatchObject({ outcome: 'deferred', deferredBecause: 'tie' });
    expect(d.explanation).toMatch(/^Deferred to the next quarter: a tie, and the policy gives no casting vote/);
    expect(refusal(s, ib.casting(I1, 'approve'))).toBe(`The policy in force when ${I1} was opened gives the chair no casting vote; a tie is deferred to the next quarter.`);
  });

  it('settles a tie by the chair’s casting vote when the item’s policy allows it', () => {
    const s = send(withItem(proposals.strategy(), { chairHasCastingVote: true }), ...votes(I1, ['i1', 'i2', 'i3', 'i5']), ...votes(I1, ['i6', 'i7', 'i8', 'i9'], 'reject'));
    const deferred = decision(s);
    expect(deferred).toMatchObject({ outcome: 'deferred', deferredBecause: 'tie' });
    expect(deferred.explanation).toMatch(/the chair gave no casting vote/);
    const [approvedTie] = taken(s, ib.casting(I1, 'approve'));
    expect(approvedTie.context.agenda[0]?.castingVote).toEqual({ by: 'i1', choice: 'approve', at: inMeeting() });
    expect(decision(approvedTie)).toMatchObject({ outcome: 'approved', castingVote: { by: 'i1', choice: 'approve' } });
    expect(decision(approvedTie).explanation).toMatch(/The chair's casting vote settled a tie\.$/);
    expect(decision(send(s, ib.casting(I1, 'reject'))).outcome).toBe('rejected');
  });

  it('shows that the chair gave a casting vote, never which way, until the meeting ends', () => {
    const s = send(withItem(proposals.strategy(), { chairHasCastingVote: true }), ...votes(I1, ['i1', 'i2', 'i3', 'i5']), ...votes(I1, ['i6', 'i7', 'i8', 'i9'], 'reject'));
    expect(initiativeView(s).agenda[0]).toMatchObject({ castingVoteGiven: false });
    const [cast] = taken(s, { ...ib.casting(I1, 'reject'), reason: 'Too soon' } as InitiativeEvent);
    const view = initiativeView(cast);
    expect(view.agenda[0]).toMatchObject({ castingVoteGiven: true });
    expect(view.agenda[0]).not.toHaveProperty('castingVote');
    expect(JSON.stringify(view)).not.toMatch(/reject|Too soon/);
    // Once the meeting has ended, the record says which way.
    expect(decision(cast)).toMatchObject({ outcome: 'rejected', castingVote: { by: 'i1', choice: 'reject', reason: 'Too soon' } });
  });

  it('refuses a casting vote from anyone but the chair', () => {
    const s = withItem(proposals.strategy(), { chairHasCastingVote: true });
    expect(refusal(s, ib.casting(I1, 'approve', 'i2'))).toBe('i2 does not hold the casting vote: only the chair (Initiative member 1) does.');
  });

  it('ignores a casting vote when the votes were not tied', () => {
    const s = send(withItem(proposals.strategy(), { chairHasCastingVote: true }), ...votes(I1, quorum, 'reject'), ib.casting(I1, 'approve'));
    expect(decision(s).outcome).toBe('rejected');
  });

  it('waits for the research the board commissioned, then decides with its report', () => {
    const s = send(withItem(proposals.funding()), ib.commission(I1), ...votes(I1, quorum));
    expect(s.context.agenda[0]?.research).toEqual({ commissionedBy: 'i2', commissionedAt: at(2 * DAY), researcher: 'Poverty Research Unit', question: 'Where are the gaps?', dueAt: at(20 * DAY) });
    const waiting = decision(s);
    expect(waiting).toMatchObject({ outcome: 'deferred', deferredBecause: 'awaitingResearch' });
    expect(waiting.explanation).toBe(`Carried to the next quarter: it waits for the research by Poverty Research Unit (due ${at(20 * DAY)}).`);

    const [reported] = taken(s, ib.report(I1));
    expect(reported.context.agenda[0]?.research?.report).toEqual({ by: 'sec', report: 'https://example.org/report', summary: 'Rural areas lack data.', at: at(10 * DAY) });
    const next = nextQuarter(reported);
    expect(next.context.funding).toEqual([{ gap: 'No data on rural transport', priority: 'high', decisionId: `${Q1.meetingId}-${I1}`, at: Q1.endsAt, research: reported.context.agenda[0]!.research }]);
  });

  it('lets the secretariat commission research too, and refuses anyone else', () => {
    taken(withItem(), ib.commission(I1, 'sec'));
    expect(refusal(withItem(), ib.commission(I1, 'citizen-1'))).toBe("citizen-1 may not commission research: the board's members and its secretariat may.");
  });

  it('refuses research commissioned twice, due in the past, or for an item it does not have', () => {
    const s = send(withItem(), ib.commission(I1));
    expect(refusal(s, ib.commission(I1, 'i5', at(3 * DAY)))).toBe(`Research by Poverty Research Unit was already commissioned for ${I1} (due ${at(20 * DAY)}).`);
    expect(refusal(withItem(), ib.commission(I1, 'i2', at(5 * DAY), at(4 * DAY)))).toBe(`The research's due date ${at(4 * DAY)} is not in the future.`);
    expect(refusal(withItem(), ib.commission('iiigb-I5'))).toBe('There is no open item iiigb-I5.');
  });

  it('refuses a research report from anyone but the secretariat, without a commission, or twice', () => {
    const s = send(withItem(), ib.commission(I1));
    expect(refusal(s, ib.report(I1, 'i2'))).toBe('i2 may not record a research report: only the secretariat of the initiative board iiigb (sec) may.');
    expect(refusal(withItem(), ib.report(I1))).toBe(`No research was commissioned for ${I1}.`);
    expect(refusal(send(s, ib.report(I1)), ib.report(I1, 'sec', at(11 * DAY)))).toBe(`The research for ${I1} was already reported at ${at(10 * DAY)}.`);
  });

  it('does not count the vote of a member removed before the meeting ends', () => {
    const s = send(withItem(), ...votes(I1, ['i2', 'i5', 'i6', 'i7', 'i8', 'i9', 'i10']), ib.remove('i10', 'sec', at(3 * DAY)));
    expect(decision(s)).toMatchObject({ outcome: 'approved', tally: { eligible: 11, cast: 6, quorumNeeded: 6 } });
    expect(decision(s).votes.map((v) => v.by)).not.toContain('i10');
  });
});

describe('what an approved decision changes', () => {
  const approvedNow = (proposal = proposals.strategy(), policy = {}) => published(send(withItem(proposal, policy), ...votes(I1, quorum)));

  it('adopts a guiding principle and sends the principles in force to the product board', () => {
    const { after, actions, decisions } = approvedNow(proposals.adopt());
    expect(after.context.principles.map((p) => p.id)).toEqual(['good-data', 'co-created', 'privacy']);
    const effect = 'Adopted the guiding principle privacy ("Privacy first"); product gates requested from now on are assessed against it.';
    expect(decisions[0]?.effect).toBe(effect);
    expect(after.context.lastMeeting?.decisions[0]?.effect).toBe(effect);
    expect(emitted(actions)).toEqual([
      { type: 'principles.changed', initiativeBoardId: 'iiigb', productBoardId: 'product-board', principles: after.context.principles, decisionIds: [`${Q1.meetingId}-${I1}`] },
    ]);
  });

  it('revises a guiding principle in place', () => {
    const { after, actions } = approvedNow(proposals.revise());
    expect(after.context.principles).toEqual([revisedGoodData, { id: 'co-created', title: 'Co-created with communities' }]);
    expect(after.context.lastMeeting?.decisions[0]?.effect).toMatch(/^Revised the guiding principle good-data/);
    expect(emitted(actions)).toHaveLength(1);
  });

  it('sends no principles when no product board is set', () => {
    const s = openInitiative({}, { config: parsedInitiativeConfig({}, { productBoardId: undefined }) });
    expect(s.context.productBoardId).toBeUndefined();
    const { after, actions } = published(send(s, ib.propose('i5', proposals.adopt()), ...votes(I1, quorum)));
    expect(after.context.principles.map((p) => p.id)).toContain('privacy');
    expect(emitted(actions)).toEqual([]);
  });

  it('sends no principles when the principle was not approved', () => {
    const { after, actions } = published(send(withItem(proposals.adopt()), ...votes(I1, quorum, 'reject')));
    expect(after.context.principles.map((p) => p.id)).toEqual(['good-data', 'co-created']);
    expect(emitted(actions)).toEqual([]);
  });

  it('sets the strategy’s focus and KPIs', () => {
    const { after } = approvedNow(proposals.strategy());
    expect(after.context.strategy).toEqual({ focus: 'Campaigns on housing benefit take-up', kpis: [{ name: 'Claims started', target: '+20%' }], decisionId: `${Q1.meetingId}-${I1}`, at: Q1.endsAt });
  });

  it('recognises a resource, and later withdraws it', () => {
    const { after } = approvedNow(proposals.recognition());
    const resource = { id: 'food-banks', kind: 'dataset', name: 'Food banks', url: 'https://example.org/food-banks', decisionId: `${Q1.meetingId}-${I1}`, at: Q1.endsAt };
    expect(after.context.recognised).toEqual([resource]);
    const next = send(settle(after), ib.propose('i5', proposals.withdrawal(), at(50 * DAY)), ...votes(I2, ['i1', 'i2', 'i3', 'i5', 'i6', 'i7', 'i8'], 'approve', inMeeting(Q2)));
    const withdrawn = nextQuarter(next);
    expect(withdrawn.context.recognised).toEqual([]);
    expect(withdrawn.context.withdrawn).toEqual([{ ...resource, withdrawnBy: `${Q2.meetingId}-${I2}`, withdrawnAt: Q2.endsAt }]);
    expect(withdrawn.context.lastMeeting?.decisions[0]?.effect).toBe('Withdrew recognition of the dataset Food banks (food-banks).');
  });

  it('records a funding priority', () => {
    const { after } = approvedNow(proposals.funding('No data on rural transport', 'medium'));
    expect(after.context.funding).toEqual([{ gap: 'No data on rural transport', priority: 'medium', decisionId: `${Q1.meetingId}-${I1}`, at: Q1.endsAt }]);
  });

  it('changes its own governance only for items opened afterwards', () => {
    const change = proposals.governance({ quorum: { share: fraction(1, 2), minLivedExperienceVoting: 2 }, chairHasCastingVote: true, triageDays: 7 });
    // Item 1 changes the policy; item 2 was opened before the change, item 3 after it.
    const s = send(withItem(change), ib.propose('i6', proposals.funding()), ...votes(I1, ['i1', 'i2', 'i3', 'i5', 'i6', 'i7', 'i8']));
    const { after } = published(s);
    expect(after.context.policy).toMatchObject({ quorum: { minLivedExperienceVoting: 2 }, chairHasCastingVote: true, triageDays: 7 });
    expect(after.context.lastMeeting?.decisions[0]?.effect).toMatch(/the change applies to items opened from now on\.$/);
    const next = send(settle(after), ib.propose('i6', proposals.strategy(), at(50 * DAY)), ib.submit('citizen-1', at(50 * DAY)));
    const [before, opened] = next.context.agenda;
    expect(before).toMatchObject({ itemId: I2, voting: { minLivedExperienceVoting: 1, chairHasCastingVote: false } });
    expect(opened).toMatchObject({ itemId: itemId(3), voting: { minLivedExperienceVoting: 2, chairHasCastingVote: true } });
    expect(next.context.submissions[0]?.triageBy).toBe(at(57 * DAY));
    // One voter with lived experience is still enough for the item opened before the change.
    const time = inMeeting(Q2);
    const voted = send(next, ...votes(I2, ['i1', 'i2', 'i5', 'i6', 'i7', 'i8', 'i9'], 'approve', time), ...votes(itemId(3), ['i1', 'i2', 'i5', 'i6', 'i7', 'i8', 'i9'], 'approve', time));
    expect(decision(voted, I2).outcome).toBe('approved');
    expect(decision(voted, itemId(3)).deferredBecause).toBe('noLivedExperience');
    expect(refusal(voted, ib.casting(I2, 'approve', 'i1', time))).toMatch(/gives the chair no casting vote/);
    taken(voted, ib.casting(itemId(3), 'approve', 'i1', time));
  });

  it('sets the next quarter by a changed meeting cadence', () => {
    const { after } = approvedNow(proposals.governance({ meetings: { everyMonths: 3, dayOfMonth: 1, startHourUtc: 9, durationHours: 2, papersDeadlineDays: 14 } }));
    expect(settle(after).context.quarter).toEqual({
      meetingId: 'iiigb-2026-10-01',
      startsAt: '2026-10-01T09:00:00.000Z',
      endsAt: '2026-10-01T11:00:00.000Z',
      papersDeadline: '2026-09-17T09:00:00.000Z',
    });
  });

  it('adds seats by a governance decision, so that the secretariat may appoint to them', () => {
    const full = withItem(proposals.governance({ triageDays: 10 }, 13));
    expect(refusal(full, ib.appoint('i13'))).toBe('All 12 seats of the initiative board iiigb are filled: remove a member first, or change the seats by a governance decision.');
    const { after } = published(send(full, ...votes(I1, ['i1', 'i2', 'i3', 'i5', 'i6', 'i7', 'i8'])));
    expect(after.context.roster.seats).toBe(13);
    expect(after.context.composition).toMatchObject({ filledSeats: 12, seats: 13 });
    expect(after.context.lastMeeting?.decisions[0]?.effect).toMatch(/triageDays, seats/);
    const [appointed] = taken(settle(after), ib.appoint('i13', {}, 'sec', at(50 * DAY)));
    expect(appointed.context.roster.members).toHaveLength(13);
  });

  // Regression: the seats were checked only when proposed, so a member appointed meanwhile left 12 members on 11 seats.
  it('never leaves fewer seats than members: a member appointed after a cut in seats was proposed keeps the seat', () => {
    const s = send(openInitiative(), ib.remove('i12'), ib.propose('i5', proposals.governance({ triageDays: 7 }, 11), at(2 * DAY)), ib.appoint('i13', {}, 'sec', at(3 * DAY)));
    const { after } = published(send(s, ...votes(I1, ['i1', 'i2', 'i3', 'i5', 'i6', 'i7', 'i8', 'i9'])));
    expect(after.context.lastMeeting?.decisions[0]?.outcome).toBe('approved');
    expect(after.context.roster.members).toHaveLength(12);
    expect(after.context.roster.seats).toBe(12);
    expect(after.context.composition).toMatchObject({ filledSeats: 12, seats: 12 });
  });

  it('applies the approved decisions of a meeting in the order their items were opened', () => {
    const s = send(withItem(proposals.strategy('First focus')), ib.propose('i6', proposals.strategy('Second focus')), ...votes(I1, quorum), ...votes(I2, quorum));
    expect(published(s).after.context.strategy?.focus).toBe('Second focus');
  });

  it('changes nothing for a rejected or deferred item', () => {
    const s = send(withItem(proposals.recognition()), ...votes(I1, quorum, 'reject'));
    const { after } = published(s);
    expect(after.context.recognised).toEqual([]);
    expect(after.context.lastMeeting?.decisions).toEqual([{ decisionId: `${Q1.meetingId}-${I1}`, itemId: I1, title: 'Decide recognition', outcome: 'rejected' }]);
  });
});

describe('carrying items to the next quarter', () => {
  it('carries a deferred item with its votes and casting vote cleared, its recusals kept, and the meeting that deferred it', () => {
    const s = send(withItem(proposals.strategy(), { chairHasCastingVote: true }), ib.interest('i12', I1), ...votes(I1, ['i1', 'i2', 'i3', 'i5']), ...votes(I1, ['i6', 'i7', 'i8', 'i9'], 'reject'));
    const { after } = published(s);
    expect(after.context.later).toEqual([expect.objectContaining({ itemId: I1, votes: [], castingVote: undefined, deferredFrom: [Q1.meetingId], recusals: [expect.objectContaining({ by: 'i12' })] })]);
    const next = settle(after);
    expect(next.context.agenda.map((i) => i.itemId)).toEqual([I1]);
    expect(next.context.later).toEqual([]);
    // It is decided in the next quarter under the rules it was opened with.
    const d = decision(send(next, ...votes(I1, quorum, 'approve', inMeeting(Q2))));
    expect(d).toMatchObject({ outcome: 'approved', deferredFrom: [Q1.meetingId], meetingId: Q2.meetingId });
  });

  it('puts deferred items ahead of those proposed after the papers deadline', () => {
    const s = send(withItem(), papersDeadline, ib.propose('i6', proposals.funding(), at(40 * DAY)));
    expect(nextQuarter(s).context.agenda.map((i) => i.itemId)).toEqual([I1, I2]);
  });
});

describe('actions', () => {
  it('records an action, closes it with evidence, and carries only open ones to the minutes', () => {
    const [s] = taken(openInitiative(), ib.recordAction());
    expect(s.context.actions).toEqual([{ actionId: actionId(1), text: 'Write to the food bank volunteers', owner: 'sec', recordedAt: at(DAY), recordedBy: 'sec' }]);
    const two = send(s, ib.recordAction('Invite the housing charity', 'sec', at(2 * DAY)));
    const [completed] = taken(two, ib.completeAction(actionId(1)));
    expect(completed.context.actions[0]?.completed).toEqual({ by: 'sec', at: at(3 * DAY), evidence: 'Letter sent on 3 June' });
    const { minutes } = published(completed);
    expect(minutes.actionsCarried).toEqual([{ actionId: actionId(2), text: 'Invite the housing charity', owner: 'sec' }]);
    const next = settle(published(completed).after);
    expect(next.context.actions.filter((a) => !a.completed).map((a) => a.actionId)).toEqual([actionId(2)]);
  });

  it('refuses to record or close an action from anyone but the secretariat', () => {
    expect(refusal(openInitiative(), ib.recordAction('x', 'i1'))).toBe('i1 may not record an action: only the secretariat of the initiative board iiigb (sec) may.');
    const s = send(openInitiative(), ib.recordAction());
    expect(refusal(s, ib.completeAction(actionId(1), 'i1'))).toBe('i1 may not close an action: only the secretariat of the initiative board iiigb (sec) may.');
  });

  it('refuses to close an action it does not have, or twice', () => {
    const s = send(openInitiative(), ib.recordAction(), ib.completeAction(actionId(1)));
    expect(refusal(s, ib.completeAction('iiigb-A9'))).toBe('There is no action iiigb-A9.');
    expect(refusal(s, ib.completeAction(actionId(1), 'sec', at(4 * DAY)))).toBe(`Action ${actionId(1)} was already completed on ${at(3 * DAY)}.`);
  });
});

describe('attendance', () => {
  it('records attendance while the meeting sits, and the minutes list the apologies and lived experience present', () => {
    const [s] = taken(sitting(withItem()), ib.attendance(['i1', 'i2', 'i3', 'i5', 'i6', 'i7', 'i8']));
    expect(s.context.attendance).toEqual({ present: ['i1', 'i2', 'i3', 'i5', 'i6', 'i7', 'i8'], recordedBy: 'sec', at: inMeeting() });
    const { minutes, after } = published(s);
    expect(minutes).toMatchObject({ attendance: s.context.attendance, apologies: ['i4', 'i9', 'i10', 'i11', 'i12'], livedExperiencePresent: 2 });
    expect(settle(after).context.attendance).toBeUndefined();
  });

  it('refuses attendance before the meeting sits and after it ends, saying when it may be recorded', () => {
    const sentence = (stage: string) => `Attendance is recorded while the meeting sits (${Q1.startsAt} to ${Q1.endsAt}); the quarter is now ${stage}.`;
    expect(refusal(openInitiative(), ib.attendance(['i1']))).toBe(sentence('agendaOpen'));
    expect(refusal(send(openInitiative(), papersDeadline), ib.attendance(['i1']))).toBe(sentence('papersCirculated'));
    expect(refusal(closed(openInitiative()), ib.attendance(['i1']))).toBe(sentence('publishing'));
  });

  it('refuses attendance from anyone but the secretariat, or naming people who are not members', () => {
    const s = sitting(openInitiative());
    expect(refusal(s, ib.attendance(['i1'], 'i1'))).toBe('i1 may not record attendance: only the secretariat of the initiative board iiigb (sec) may.');
    expect(refusal(s, ib.attendance(['i1', 'x', 'y']))).toBe('x, y are not a member of the initiative board iiigb; attendance was not recorded.');
  });
});

describe('members', () => {
  it('removes a member and recomputes the composition, saying what is now unmet', () => {
    const [s] = taken(openInitiative(), ib.remove('i3'));
    expect(s.context.roster.members.map((m) => m.id)).not.toContain('i3');
    expect(s.context.composition).toEqual({ met: false, unmet: ["members' areas to cover mental health"], filledSeats: 11, seats: 12 });
    expect(s.context.changes.at(-1)).toEqual({
      at: at(DAY),
      by: 'sec',
      change: "Removed i3: Resigned. Below its composition policy (11 of 12 seats filled): needs members' areas to cover mental health.",
    });
  });

  it('appoints a member to a free seat and recomputes the composition', () => {
    const s = send(openInitiative(), ib.remove('i3'));
    const [after] = taken(s, ib.appoint('i13', { livedExperience: true, areas: ['mental health'] }, 'sec', at(2 * DAY)));
    expect(after.context.roster.members.at(-1)).toEqual({ id: 'i13', name: 'New member i13', livedExperience: true, areas: ['mental health'] });
    expect(after.context.composition).toEqual({ met: true, unmet: [], filledSeats: 12, seats: 12 });
    expect(after.context.changes.at(-1)?.change).toBe('Appointed New member i13 (i13). Composition policy met (12 of 12 seats filled).');
  });

  it('lets a member appointed during the quarter vote on its items', () => {
    const s = send(withItem(), ib.remove('i3'), ib.appoint('i13'));
    taken(s, ib.vote('i13', I1));
  });

  it('refuses appointments and removals from anyone but the secretariat', () => {
    expect(refusal(openInitiative(), ib.remove('i3', 'i1'))).toBe('i1 may not remove a member: only the secretariat of the initiative board iiigb (sec) may.');
    expect(refusal(send(openInitiative(), ib.remove('i3')), ib.appoint('i13', {}, 'i1'))).toBe('i1 may not appoint a member: only the secretariat of the initiative board iiigb (sec) may.');
  });

  it('refuses to appoint a sitting member or to a full board, and to remove a non-member or the chair', () => {
    const s = send(openInitiative(), ib.remove('i3'));
    expect(refusal(s, ib.appoint('i2'))).toBe('i2 is already a member of the initiative board iiigb.');
    expect(refusal(openInitiative(), ib.appoint('i13'))).toMatch(/^All 12 seats of the initiative board iiigb are filled/);
    expect(refusal(s, ib.remove('i3', 'sec', at(2 * DAY)))).toBe('i3 is not a member of the initiative board iiigb.');
    expect(refusal(s, ib.remove('i1', 'sec', at(2 * DAY)))).toBe('i1 chairs the initiative board iiigb: appoint another chair first (govern initiative chair MEMBER_ID).');
  });

  it('appoints another chair on the secretariat’s word, after which the former chair may be removed', () => {
    const s = send(openInitiative(), ib.appointChair('i2'));
    expect(s.context.roster.chair).toBe('i2');
    expect(s.context.changes.at(-1)).toMatchObject({ by: 'sec', change: 'Appointed i2 as chair.' });
    expect(send(s, ib.remove('i1', 'sec', at(2 * DAY))).context.roster.members.map((m) => m.id)).not.toContain('i1');
  });

  it('refuses a chair appointed by anyone but the secretariat, or who is not a member', () => {
    expect(refusal(openInitiative(), ib.appointChair('i2', 'i1'))).toBe('i1 may not appoint the chair: only the secretariat of the initiative board iiigb (sec) may.');
    expect(refusal(openInitiative(), ib.appointChair('citizen-1'))).toBe('citizen-1 is not a member of the initiative board iiigb; appoint them as a member first.');
  });
});

describe('stakeholders', () => {
  it('lets anyone subscribe, change their level and unsubscribe; subscribers are told of each decision', () => {
    const [s] = taken(withItem(), ib.subscribe('citizen-1', 'member'));
    expect(s.context.subscribers).toEqual([{ id: 'citizen-1', level: 'member' }]);
    const [changed] = taken(s, ib.subscribe('citizen-1', 'contributor', at(2 * DAY)));
    expect(changed.context.subscribers).toEqual([{ id: 'citizen-1', level: 'contributor' }]);
    expect(decision(changed).notify).toEqual([...members, 'citizen-1']);
    expect(published(changed).minutes.notify).toEqual([...members, 'citizen-1']);
    const [gone] = taken(changed, ib.unsubscribe('citizen-1', at(3 * DAY)));
    expect(gone.context.subscribers).toEqual([]);
  });

  it('tells a member who also subscribed only once', () => {
    expect(decision(send(withItem(), ib.subscribe('i2'))).notify).toEqual(members);
  });

  it('refuses a subscription already held, and unsubscribing someone not subscribed', () => {
    const s = send(openInitiative(), ib.subscribe('citizen-1', 'member'));
    expect(refusal(s, ib.subscribe('citizen-1', 'member', at(2 * DAY)))).toBe('citizen-1 is already subscribed (member).');
    expect(refusal(openInitiative(), ib.unsubscribe('citizen-1'))).toBe('citizen-1 is not subscribed to the initiative board iiigb.');
  });
});

describe('continuing as new', () => {
  it('turns the quarter only once a quarter has passed in the run and nothing is under way', () => {
    const s = openInitiative();
    expect(quarterTurned(s)).toBe(false);
    expect(quarterTurned(send(s, papersDeadline))).toBe(false);
    const publishing = closed(s);
    expect(quarterTurned(publishing)).toBe(false);
    const next = settle(publishing);
    expect(quarterTurned(next)).toBe(true);
    // An answer to a submission under way holds it back until it is published.
    const busy = send(next, ib.submit('citizen-1', at(50 * DAY)), ib.triage(S1, 'declined', at(51 * DAY)));
    expect(quarterTurned(busy)).toBe(false);
    expect(quarterTurned(send(busy, done(`publish-triage-${S1}`)))).toBe(true);
  });

  it('starts the next run where the last left off, not turned until another quarter has passed', () => {
    const previous = nextQuarter(send(withItem(), ib.recordAction(), ib.submit('citizen-1', at(DAY))));
    const [s, actions] = openInitiativeWithActions({}, { resume: previous.context, openedAt: at(50 * DAY) });
    expect(s.value).toEqual({ cycle: 'agendaOpen' });
    expect(s.context).toMatchObject({ ...previous.context, clock: at(50 * DAY), runStartedAtQuarter: 1 });
    expect(quarterTurned(s)).toBe(false);
    expect(quarterTurned(nextQuarter(s))).toBe(true);
    // The submission's deadline passed between the runs: its timer fires at once.
    expect(triageTimers(actions).map((t) => t.delay)).toEqual([0]);
    expect(timers(actions).find((t) => t.id === PAPERS_TIMER)?.delay).toBe(Date.parse(Q2.papersDeadline) - Date.parse(at(50 * DAY)));
    expect(fireTriageTimers(s, actions).context.submissions[0]?.overdue).toBe(true);
  });

  it('re-arms the triage timers of submissions still waiting, for the time left', () => {
    const previous = send(openInitiative(), ib.submit('a', at(DAY)), ib.submit('b', at(2 * DAY)), ib.submit('c', at(3 * DAY)), ib.triage(submissionId(2), 'declined', at(4 * DAY)));
    const [s, actions] = openInitiativeWithActions({}, { resume: previous.context, openedAt: at(5 * DAY) });
    // The first falls due 10 days on, when the first submission's deadline passes.
    expect(Math.min(...triageTimers(actions).map((t) => t.delay ?? 0))).toBe(10 * DAY);
    const fired = fireTriageTimers(s, actions);
    expect(fired.context.submissions.map((x) => [x.submissionId, x.status, x.overdue ?? false])).toEqual([
      [S1, 'awaitingTriage', true],
      [submissionId(2), 'declined', false],
      [submissionId(3), 'awaitingTriage', true],
    ]);
    expect(fired.context.clock).toBe(at(17 * DAY));
  });

  it('does not re-arm the timer of a submission already marked overdue', () => {
    const flagged = send(openInitiative(), ib.submit('a', at(DAY)), triageDue(S1));
    const previous = send(flagged, ...flagged.context.inFlight.map(done));
    const [, actions] = openInitiativeWithActions({}, { resume: previous.context, openedAt: at(20 * DAY) });
    expect(timers(actions).map((t) => t.id)).toEqual([PAPERS_TIMER]);
  });

  it('resumes a quarter continued as new after its papers went out at that stage, with the timer to the meeting and no second papers', () => {
    const previous = settle(send(withItem(), papersDeadline, ib.vote('i2', I1, 'approve', at(40 * DAY))));
    const [s, actions] = openInitiativeWithActions({}, { resume: previous.context, openedAt: at(40 * DAY) });
    expect(s.value).toEqual({ cycle: 'papersCirculated' });
    expect(spawns(actions)).toEqual([]);
    expect(timers(actions)).toEqual([{ event: { type: START_TIMER }, id: START_TIMER, delay: Date.parse(Q1.startsAt) - Date.parse(at(40 * DAY)) }]);
    expect(s.context.agenda[0]?.votes.map((v) => v.by)).toEqual(['i2']);
    expect(quarterTurned(s)).toBe(false);
  });

  it('resumes a quarter continued as new during its meeting in session, with the timer to its end', () => {
    const previous = settle(sitting(send(withItem(), ...votes(I1, quorum))));
    const resumedAt = new Date(Date.parse(Q1.startsAt) + 2 * HOUR).toISOString();
    const [s, actions] = openInitiativeWithActions({}, { resume: previous.context, openedAt: resumedAt });
    expect(s.value).toEqual({ cycle: 'inSession' });
    expect(timers(actions)).toEqual([{ event: { type: END_TIMER }, id: END_TIMER, delay: HOUR }]);
    expect(decision(s).outcome).toBe('approved');
  });

  it('keeps counting ids across runs', () => {
    const previous = nextQuarter(send(withItem(), ib.submit('a'), ib.recordAction(), ib.triage(S1, 'accepted', at(2 * DAY), { proposal: proposals.funding() })));
    const [s] = openInitiativeWithActions({}, { resume: previous.context, openedAt: at(50 * DAY) });
    const after = send(s, ib.submit('b', at(51 * DAY)), ib.propose('i5', proposals.strategy(), at(51 * DAY)), ib.recordAction('Next', 'sec', at(51 * DAY)));
    expect(after.context.submissions.at(-1)?.submissionId).toBe(submissionId(2));
    expect(after.context.agenda.at(-1)?.itemId).toBe(itemId(3));
    expect(after.context.actions.at(-1)?.actionId).toBe(actionId(2));
  });

  it('keeps the later of the previous clock and the new run’s start', () => {
    const previous = nextQuarter(openInitiative());
    expect(openInitiative({}, { resume: previous.context, openedAt: at(10 * DAY) }).context.clock).toBe(Q1.endsAt);
  });
});

describe('the engine’s own events', () => {
  it('are not people’s to send, and say so', () => {
    expect(explainInitiativeRefusal(openInitiative(), meetingEnds)).toBe(`${END_TIMER} is raised by the engine, not sent by people.`);
  });

  it('stamp the board’s clock with the time they stand for', () => {
    expect(send(openInitiative(), papersDeadline).context.clock).toBe(Q1.papersDeadline);
    expect(closed(openInitiative()).context.clock).toBe(Q1.endsAt);
  });

  it('never leave the machine in error, whatever arrives in publishing', () => {
    const s = send(closed(withItem()), done('nothing-like-this'), failed('nor-this'), triageDue('nope'));
    expect(s.status).toBe('active');
    expect(s.value).toBe('publishing');
  });
});

describe('what the board keeps as it ages', () => {
  it('keeps every waiting submission, and only the newest answered ones within their window', () => {
    const long = 'x'.repeat(5_000);
    const submitted = Array.from({ length: 30 }, (_, n) => ib.submit(`citizen-${n}`, at(DAY + n), { text: long }));
    const answered = Array.from({ length: 20 }, (_, n) => ib.triage(submissionId(n + 1), 'declined', at(2 * DAY + n)));
    const s = send(openInitiative(), ...submitted, ...answered);
    const waiting = s.context.submissions.filter((x) => x.status === 'awaitingTriage');
    const declined = s.context.submissions.filter((x) => x.status === 'declined');
    expect(waiting.map((x) => x.submissionId)).toEqual(Array.from({ length: 10 }, (_, n) => submissionId(n + 21)));
    expect(jsonBytes(declined)).toBeLessThanOrEqual(RESOLVED_KEPT.bytes);
    expect(declined.at(-1)?.submissionId).toBe(submissionId(20));
    // A submission answered and gone from the board is refused as unknown, as it was: nothing changes.
    expect(explainInitiativeRefusal(s, ib.triage(submissionId(1), 'accepted', at(3 * DAY)))).toMatch(/no submission .*-S1 awaiting triage/);
  });

  it('names what a command created in its receipt', () => {
    const before = openInitiative();
    const after = send(before, ib.submit('citizen-1'));
    expect(initiativeReceipt(after, before)).toEqual({ state: 'agendaOpen', created: submissionId(1) });
    expect(initiativeReceipt(send(after, ib.recordAction()), after)).toEqual({ state: 'agendaOpen', created: actionId(1) });
  });
});
