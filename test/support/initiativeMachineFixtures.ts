/**
 * Builders for the initiative board machine, driven purely with XState's
 * `initialTransition` / `transition` (no Temporal): the twelve-member board of
 * initiativeFixtures opened at T0 (1 June 2026, so its first meeting is on
 * 15 July), the commands people send, and the events the engine sends when a
 * timer fires or an activity ends.
 */
import { initialTransition, transition } from 'xstate';
import { initiativeBoardMachine, type InitiativeEvent, type InitiativeInput, type InitiativeSnapshot } from '../../machines/initiativeBoard/machine';
import { initiativeConfigSchema, type InitiativeCommand, type InitiativeCommandOf, type Proposal } from '../../machines/initiativeBoard/schema';
import type { InitiativePolicy } from '../../machines/initiativeBoard/policy';
import type { VoteChoice } from '../../machines/kernel/voting';
import { DAY, HOUR, T0, at, engine, run } from './boardFixtures';
import { expect } from 'vitest';
import { explainInitiativeRefusal } from '../../machines/initiativeBoard/view';
import { expectSentence } from './hostModel';
import type { GoodDataCard } from '../../machines/initiativeBoard/goodDataCard';
import type { InitiativeDecisionRecord } from '../../machines/initiativeBoard/records';
import { INITIATIVE, initiativeConfig, revisedGoodData } from './initiativeFixtures';

export { DAY, HOUR, T0, at };

// ---------------------------------------------------------------- opening

/** The parsed configuration of the twelve-member board; `productBoardId: undefined` leaves the product board out. */
export function parsedInitiativeConfig(policy: Partial<InitiativePolicy> = {}, extra: { productBoardId?: undefined } = {}) {
  const config = { ...initiativeConfig(policy), ...extra };
  if ('productBoardId' in extra) delete config.productBoardId;
  return initiativeConfigSchema.parse(config);
}

export const initiativeInput = (policy: Partial<InitiativePolicy> = {}, extra: Partial<InitiativeInput> = {}): InitiativeInput => ({
  config: parsedInitiativeConfig(policy),
  openedAt: T0,
  openedBy: 'sec',
  ...extra,
});

/** The board opened at T0, and the actions its opening asks of the host. */
export const openInitiativeWithActions = (policy: Partial<InitiativePolicy> = {}, extra: Partial<InitiativeInput> = {}) =>
  initialTransition(initiativeBoardMachine, initiativeInput(policy, extra));
export const openInitiative = (policy: Partial<InitiativePolicy> = {}, extra: Partial<InitiativeInput> = {}) => openInitiativeWithActions(policy, extra)[0];

/** One event, with the actions it asks of the host. */
export const step = (s: InitiativeSnapshot, event: InitiativeEvent) => transition(initiativeBoardMachine, s, event);
/** Events in turn; a refused one leaves the snapshot as it was. */
export const send = (s: InitiativeSnapshot, ...events: InitiativeEvent[]) => run(initiativeBoardMachine, s, ...events);

// ---------------------------------------------------------------- the calendar (opened at T0, 1 June 2026)

export const Q1 = { meetingId: `${INITIATIVE}-2026-07-15`, papersDeadline: '2026-07-08T10:00:00.000Z', startsAt: '2026-07-15T10:00:00.000Z', endsAt: '2026-07-15T13:00:00.000Z' };
export const Q2 = { meetingId: `${INITIATIVE}-2026-10-15`, papersDeadline: '2026-10-08T10:00:00.000Z', startsAt: '2026-10-15T10:00:00.000Z', endsAt: '2026-10-15T13:00:00.000Z' };
export const Q3 = { meetingId: `${INITIATIVE}-2027-01-15`, papersDeadline: '2027-01-08T10:00:00.000Z', startsAt: '2027-01-15T10:00:00.000Z', endsAt: '2027-01-15T13:00:00.000Z' };

/** An hour into a quarter's meeting. */
export const inMeeting = (q: { startsAt: string } = Q1) => new Date(Date.parse(q.startsAt) + HOUR).toISOString();

export const itemId = (n: number) => `${INITIATIVE}-I${n}`;
export const submissionId = (n: number) => `${INITIATIVE}-S${n}`;
export const actionId = (n: number) => `${INITIATIVE}-A${n}`;

export const members = Array.from({ length: 12 }, (_, n) => `i${n + 1}`);

// ---------------------------------------------------------------- the engine's events

export const PAPERS_TIMER = 'xstate.after.untilPapersDeadline.initiativeBoard.cycle.agendaOpen';
export const START_TIMER = 'xstate.after.untilMeetingStarts.initiativeBoard.cycle.papersCirculated';
export const END_TIMER = 'xstate.after.untilMeetingEnds.initiativeBoard.cycle.inSession';

export const papersDeadline = engine<InitiativeEvent>(PAPERS_TIMER);
export const meetingStarts = engine<InitiativeEvent>(START_TIMER);
export const meetingEnds = engine<InitiativeEvent>(END_TIMER);
export const triageDue = (id: string) => engine<InitiativeEvent>('triage.due', { submissionId: id });
export const done = (id: string) => engine<InitiativeEvent>(`xstate.done.actor.${id}`, { output: { decisionId: id, publishedAt: T0, location: 'register' } });
export const failed = (id: string, message = 'register down') => engine<InitiativeEvent>(`xstate.error.actor.${id}`, { error: { message } });

/** Every activity under way ends. */
export const settle = (s: InitiativeSnapshot) => send(s, ...s.context.inFlight.map(done));

/** Papers circulated, then the meeting sits. */
export const sitting = (s: InitiativeSnapshot) => send(s, papersDeadline, meetingStarts);
/** The meeting ends (passing the papers deadline and its start if they are still ahead): its decisions and minutes go to the register. */
export function closed(s: InitiativeSnapshot): InitiativeSnapshot {
  if (s.matches({ cycle: 'agendaOpen' })) s = send(s, papersDeadline);
  if (s.matches({ cycle: 'papersCirculated' })) s = send(s, meetingStarts);
  return send(s, meetingEnds);
}
/** The meeting ends and everything is published: the next quarter is open. */
export const nextQuarter = (s: InitiativeSnapshot) => settle(closed(s));

// ---------------------------------------------------------------- proposals

export const proposals = {
  adopt: (id = 'privacy', title = 'Privacy first'): Proposal => ({ decision: 'principle', action: 'adopt', principle: { id, title } }),
  revise: (): Proposal => ({ decision: 'principle', action: 'revise', principle: revisedGoodData }),
  strategy: (focus = 'Campaigns on housing benefit take-up'): Proposal => ({ decision: 'strategy', focus, kpis: [{ name: 'Claims started', target: '+20%' }] }),
  recognition: (id = 'food-banks'): Proposal => ({ decision: 'recognition', resource: { id, kind: 'dataset', name: 'Food banks', url: 'https://example.org/food-banks' } }),
  withdrawal: (resourceId = 'food-banks'): Proposal => ({ decision: 'withdrawal', resourceId }),
  funding: (gap = 'No data on rural transport', priority: 'high' | 'medium' | 'low' = 'high'): Proposal => ({ decision: 'funding', gap, priority }),
  governance: (changes: Partial<InitiativePolicy>, seats?: number): Proposal => ({ decision: 'governance', changes, ...(seats !== undefined ? { seats } : {}) }) as Proposal,
};

// ---------------------------------------------------------------- commands

type Fields<K extends InitiativeCommand['type']> = Omit<InitiativeCommandOf<K>, 'type' | 'at'>;
const command = <K extends InitiativeCommand['type']>(type: K, fields: Fields<K>, time: string): InitiativeEvent => ({ ...fields, type, at: time }) as unknown as InitiativeEvent;

export const ib = {
  /** A public submission; anonymous unless `by` is given. */
  submit: (by?: string, time = at(DAY), extra: Partial<Fields<'submission.made'>> = {}) =>
    command('submission.made', { ...(by ? { by } : {}), title: 'Recognise the food bank dataset', text: 'Volunteers keep an open list of food banks.', ...extra }, time),
  triage: (id: string, outcome: 'accepted' | 'merged' | 'declined', time = at(2 * DAY), extra: Partial<Fields<'submission.triaged'>> = {}) =>
    command('submission.triaged', { by: 'sec', submissionId: id, outcome, reason: `The secretariat ${outcome} it.`, ...extra }, time),
  flag: (id: string, by: string, time = at(DAY), reason: Fields<'submission.flagged'>['reason'] = 'spam') => command('submission.flagged', { by, submissionId: id, reason }, time),
  moderate: (id: string, outcome: Fields<'submission.moderated'>['outcome'], time = at(2 * DAY), extra: Partial<Fields<'submission.moderated'>> = {}) =>
    command('submission.moderated', { by: 'sec', submissionId: id, outcome, reason: `The secretariat ${outcome} it.`, ...extra }, time),
  propose: (by: string, proposal: Proposal, time = at(DAY), extra: Partial<Fields<'item.proposed'>> = {}) =>
    command('item.proposed', { by, title: `Decide ${proposal.decision}`, text: `A ${proposal.decision} for the board.`, proposal, ...extra }, time),
  vote: (by: string, item: string, choice: VoteChoice = 'approve', time = inMeeting(), extra: Partial<Fields<'vote.cast'>> = {}) =>
    command('vote.cast', { by, itemId: item, choice, ...(choice === 'approveWithConditions' ? { conditions: [`Condition from ${by}`] } : {}), ...extra }, time),
  change: (by: string, item: string, choice: VoteChoice, time = inMeeting()) =>
    command('vote.changed', { by, itemId: item, choice, ...(choice === 'approveWithConditions' ? { conditions: [`Condition from ${by}`] } : {}) }, time),
  casting: (item: string, choice: 'approve' | 'reject', by = 'i1', time = inMeeting()) => command('castingVote.cast', { by, itemId: item, choice }, time),
  interest: (by: string, item: string, time = at(2 * DAY)) => command('interest.declared', { by, itemId: item, interest: 'Works for the supplier' }, time),
  attendance: (present: string[], by = 'sec', time = inMeeting()) => command('attendance.recorded', { by, present }, time),
  commission: (item: string, by = 'i2', time = at(2 * DAY), dueAt = at(20 * DAY)) =>
    command('research.commissioned', { by, itemId: item, researcher: 'Poverty Research Unit', question: 'Where are the gaps?', dueAt }, time),
  report: (item: string, by = 'sec', time = at(10 * DAY)) => command('research.reported', { by, itemId: item, report: 'https://example.org/report', summary: 'Rural areas lack data.' }, time),
  recordAction: (text = 'Write to the food bank volunteers', by = 'sec', time = at(DAY)) => command('action.recorded', { by, text, owner: 'sec' }, time),
  completeAction: (id: string, by = 'sec', time = at(3 * DAY)) => command('action.completed', { by, actionId: id, evidence: 'Letter sent on 3 June' }, time),
  appoint: (id: string, extra: object = {}, by = 'sec', time = at(DAY)) => command('member.appointed', { by, member: { id, name: `New member ${id}`, ...extra } }, time),
  remove: (memberId: string, by = 'sec', time = at(DAY)) => command('member.removed', { by, memberId, reason: 'Resigned' }, time),
  appointChair: (memberId: string, by = 'sec', time = at(DAY)) => command('chair.appointed', { by, memberId }, time),
  subscribe: (by: string, level: Fields<'stakeholder.subscribed'>['level'] = 'member', time = at(DAY)) => command('stakeholder.subscribed', { by, level }, time),
  unsubscribe: (by: string, time = at(2 * DAY)) => command('stakeholder.unsubscribed', { by }, time),
};

/** Each of `voters` votes `choice` on `item`. */
export const votes = (item: string, voters: readonly string[], choice: VoteChoice = 'approve', time = inMeeting()) => voters.map((by) => ib.vote(by, item, choice, time));

/** The board with one item proposed by i5 (item 1). */
export const withItem = (proposal: Proposal = proposals.strategy(), policy: Partial<InitiativePolicy> = {}) => send(openInitiative(policy), ib.propose('i5', proposal));

// ---------------------------------------------------------------- reading actions

interface ActionLike {
  readonly type: string;
  readonly params?: unknown;
}

/** The events an action list emits to the host. */
export const emitted = (actions: readonly ActionLike[]) => actions.filter((a) => a.type === 'xstate.emit').map((a) => (a.params as { event: { type: string } }).event);

// ---------------------------------------------------------------- taking and refusing

/** A refused command: `can` says no, nothing changes, and the refusal is a sentence. */
export function refusal(s: InitiativeSnapshot, event: InitiativeEvent): string {
  expect(s.can(event)).toBe(false);
  const [after, actions] = step(s, event);
  expect(after.value).toEqual(s.value);
  expect(after.context).toEqual(s.context);
  expect(actions).toEqual([]);
  const sentence = explainInitiativeRefusal(s, event);
  expectSentence(sentence);
  return sentence;
}

/** A command taken: `can` says yes and nothing is explained. */
export function taken(s: InitiativeSnapshot, event: InitiativeEvent) {
  expect(s.can(event)).toBe(true);
  expect(explainInitiativeRefusal(s, event)).toBeUndefined();
  return step(s, event);
}

/**
 * The record a meeting publishes when a board that asks for good-data cards recognises food-banks with `card`
 * (seven votes, two of them with lived experience of poverty): made by the machine, as the register gets it.
 */
export function recognitionDecided(card: GoodDataCard): InitiativeDecisionRecord {
  const proposal: Proposal = { decision: 'recognition', resource: { id: 'food-banks', kind: 'dataset', name: 'Food banks', url: 'https://example.org/food-banks', card } };
  const voted = send(openInitiative({}, { goodDataCards: true }), ib.propose('i5', proposal), ...votes(`${INITIATIVE}-I1`, ['i1', 'i2', 'i3', 'i5', 'i6', 'i7', 'i8']));
  const [, actions] = step(send(voted, papersDeadline, meetingStarts), meetingEnds);
  const records = actions.flatMap((a) => (a.type === 'xstate.spawnChild' ? [(a.params as { input?: unknown }).input as InitiativeDecisionRecord] : []));
  return records.find((r) => r?.kind === 'initiativeDecision')!;
}
