/**
 * The refusal people read and the machine's own answer agree: in every
 * situation an initiative board's first quarter reaches with a small alphabet,
 * for every command it declares and whoever sends it, the explanation is
 * undefined exactly when `snapshot.can(event)`.
 */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { initiativeBoardMachine, type InitiativeEvent, type InitiativeSnapshot } from '../../../machines/initiativeBoard/machine';
import { explainInitiativeRefusal } from '../../../machines/initiativeBoard/view';
import { fraction } from '../../../machines/kernel/fraction';
import { initiativeCommands } from '../../../workflows/initiativeBoard/messages';
import { modelPaths } from '../../support/boardFixtures';
import { agreement } from '../../support/hostModel';
import {
  DAY, HOUR, actionId, done, ib, initiativeInput, itemId, meetingEnds, meetingStarts, papersDeadline, proposals, submissionId,
} from '../../support/initiativeMachineFixtures';

type Commands = (typeof initiativeCommands)[number];

const I1 = itemId(1);
const later = (s: InitiativeSnapshot, by = HOUR) => new Date(Date.parse(s.context.clock) + by).toISOString();

/** A payload of every command the board declares, as `by` sends it, about its first item, submission and action. */
const payloads: { [C in Commands as C['name']]: (by: string, s: InitiativeSnapshot) => z.input<C['schema']> } = {
  submitItem: (by) => ({ by, title: 'Recognise the food bank dataset', text: 'Volunteers keep an open list of food banks.' }),
  triageSubmission: (by) => ({ by, submissionId: submissionId(1), outcome: 'declined', reason: 'Out of scope.' }),
  flagSubmission: (by) => ({ by, submissionId: submissionId(1), reason: 'spam' }),
  moderateSubmission: (by) => ({ by, submissionId: submissionId(1), outcome: 'kept', reason: 'It is a fair question.' }),
  proposeItem: (by) => ({ by, title: 'Fund rural transport data', text: 'No data on rural transport.', proposal: proposals.funding() }),
  declareInterest: (by) => ({ by, itemId: I1, interest: 'Works for the supplier' }),
  castVote: (by) => ({ by, itemId: I1, choice: 'approve' }),
  changeVote: (by) => ({ by, itemId: I1, choice: 'reject' }),
  castCastingVote: (by) => ({ by, itemId: I1, choice: 'approve' }),
  recordAttendance: (by) => ({ by, present: ['i1', 'i2'] }),
  commissionResearch: (by, s) => ({ by, itemId: I1, researcher: 'Poverty Research Unit', question: 'Where are the gaps?', dueAt: later(s, 20 * DAY) }),
  reportResearch: (by) => ({ by, itemId: I1, report: 'https://example.org/report' }),
  recordAction: (by) => ({ by, text: 'Write to the food bank volunteers', owner: 'sec' }),
  completeAction: (by) => ({ by, actionId: actionId(1), evidence: 'Letter sent' }),
  recordKpiProgress: (by) => ({ by, kpi: 'Households reached', value: 1500, evidence: 'The food bank network count' }),
  appointMember: (by) => ({ by, member: { id: 'i13', name: 'New member i13' } }),
  removeMember: (by) => ({ by, memberId: 'i7', reason: 'Resigned' }),
  appointChair: (by) => ({ by, memberId: 'i2' }),
  subscribe: (by) => ({ by, level: 'member' }),
  unsubscribe: (by) => ({ by }),
};

/** A strategy whose KPI the secretariat can record progress on once the meeting approves it. */
const trackedStrategy = { decision: 'strategy' as const, focus: 'Housing', kpis: [{ name: 'Households reached', baseline: 1200, target: 5000, by: '2030-01-01T00:00:00.000Z' }] };

/** The paths suite's alphabet (one item and two votes, one submission, attendance, the timers), with research, an action, a removal and a subscriber besides. */
function alphabet(s: InitiativeSnapshot): InitiativeEvent[] {
  const time = later(s);
  const { context } = s;
  const events: InitiativeEvent[] = [];
  const item = [...context.agenda, ...context.later].find((i) => i.itemId === I1);
  if (context.counters.items === 0) events.push(ib.propose('i5', trackedStrategy, time));
  if (item && !item.votes.some((v) => v.by === 'i2')) events.push(ib.vote('i2', I1, 'approve', time));
  if (item && !item.votes.some((v) => v.by === 'i5')) events.push(ib.vote('i5', I1, 'reject', time));
  if (item && !item.research) events.push(ib.commission(I1, 'i2', time, later(s, 20 * DAY)));
  if (context.counters.actions === 0) events.push(ib.recordAction('Write to the volunteers', 'sec', time));
  // A free seat, and a subscriber.
  if (context.roster.members.some((m) => m.id === 'i12')) events.push(ib.remove('i12', 'sec', time));
  if (context.subscribers.length === 0) events.push(ib.subscribe('i5', 'member', time));
  if (!context.submissions[0]) events.push(ib.submit('citizen-1', time));
  else if (context.submissions[0].status === 'awaitingTriage') events.push(ib.triage(submissionId(1), 'declined', time));
  // A flag, so that the secretariat's moderation of it is asked in some situations.
  if (context.submissions[0] && !context.submissions[0].moderation) events.push(ib.flag(submissionId(1), 'citizen-2', time));
  if (s.matches({ cycle: 'agendaOpen' })) events.push(papersDeadline);
  if (s.matches({ cycle: 'papersCirculated' })) events.push(meetingStarts);
  if (s.matches({ cycle: 'inSession' })) {
    events.push(meetingEnds);
    if (!context.attendance) events.push(ib.attendance(['i1', 'i2'], 'sec', time));
  }
  if (context.inFlight.length) events.push(done(context.inFlight[0]!));
  return events;
}

const stage = (s: InitiativeSnapshot) => (typeof s.value === 'string' ? s.value : `cycle.${(s.value as { cycle: string }).cycle}`);
const situation = (s: InitiativeSnapshot) => {
  const item = [...s.context.agenda, ...s.context.later].find((i) => i.itemId === I1);
  return JSON.stringify([
    s.status,
    stage(s),
    item ? [item.votes.map((v) => `${v.by}:${v.choice}`).sort(), !!item.research] : null,
    s.context.actions.length,
    s.context.roster.members.length,
    s.context.subscribers.length,
    s.context.submissions.map((x) => x.status),
    !!s.context.attendance,
    s.context.inFlight.length,
    s.context.lastMeeting?.decisions.map((d) => d.outcome) ?? null,
  ]);
};

// A quorum of one, so that one vote decides; the chair may settle a tie.
const policy = { quorum: { share: fraction(0, 1), minLivedExperienceVoting: 1 }, chairHasCastingVote: true };
const states = modelPaths(initiativeBoardMachine, {
  input: initiativeInput(policy),
  events: alphabet,
  serializeState: situation,
  stopWhen: (s) => s.context.quartersHeld >= 1 && s.matches({ cycle: 'agendaOpen' }),
}).map((p) => p.final);
const people = { secretariat: 'sec', chair: 'i1', member: 'i5', 'non-member': 'stranger' };

describe('initiative board refusals and the machine', () => {
  const found = agreement({ explain: explainInitiativeRefusal, states, commands: initiativeCommands, payloads, people, time: (s) => later(s) });

  it(`agree in ${states.length} situations × ${initiativeCommands.length} commands × 4 people`, () => {
    expect(new Set(states.map(stage))).toEqual(new Set(['cycle.agendaOpen', 'cycle.papersCirculated', 'cycle.inSession', 'publishing']));
    expect(found.cases).toBe(states.length * initiativeCommands.length * 4);
    expect(found.disagreements).toEqual([]);
  });

  it('takes every command somewhere and refuses every command but a public submission somewhere', () => {
    expect(found.neverTaken).toEqual([]);
    // Anyone may submit at any point of the quarter.
    expect(found.neverRefused).toEqual(['submitItem']);
  });
});

describe('initiative board refusals and the machine under the one eligibility rule', () => {
  // The member the table sends as (i5) may be removed during the vote: then refused by the frozen roster's words.
  const withRemoval = (s: InitiativeSnapshot) => [...alphabet(s), ...(s.context.roster.members.some((m) => m.id === 'i5') && s.context.counters.items > 0 ? [ib.remove('i5', 'sec', later(s))] : [])];
  const ruled = modelPaths(initiativeBoardMachine, {
    input: initiativeInput(policy, { oneEligibilityRule: true }),
    events: withRemoval,
    serializeState: (s) => JSON.stringify([situation(s), s.context.agenda.map((i) => i.electorate?.removed.length ?? null)]),
    stopWhen: (s) => s.context.quartersHeld >= 1 && s.matches({ cycle: 'agendaOpen' }),
  }).map((p) => p.final);
  const found = agreement({ explain: explainInitiativeRefusal, states: ruled, commands: initiativeCommands, payloads, people, time: (s) => later(s) });

  it(`agree in ${ruled.length} situations, members removed during the vote among them`, () => {
    expect(ruled.some((s) => s.context.agenda.some((i) => i.electorate?.removed.some((r) => r.memberId === 'i5')))).toBe(true);
    expect(found.disagreements).toEqual([]);
    expect(found.neverTaken).toEqual([]);
  });
});
