/**
 * Every situation an initiative board's first quarter can reach with a small
 * alphabet — one item and two votes on it, one public submission, attendance,
 * the quarter's three timers and the activities ending — found by
 * @xstate/graph. The quorum is one voter, so that a single vote can decide:
 * the paths cover approval, a tie and no vote at all without twelve voting
 * events. Kept are the paths on which the meeting decided the item or the
 * secretariat triaged the submission: each recounts the decision from the
 * votes and the policy as data (test/support/votingOracle.ts, not the engine's
 * tally), checks the quarter's calendar, that no notice goes to anyone off the
 * roster but the submitter, and that no timer is left behind.
 */
import { describe, expect, it } from 'vitest';
import { initiativeBoardMachine, quarterTurned, type InitiativeEvent, type InitiativeSnapshot } from '../../../machines/initiativeBoard/machine';
import { fraction } from '../../../machines/kernel/fraction';
import { label, modelPaths } from '../../support/boardFixtures';
import { livedExperience } from '../../support/initiativeFixtures';
import { expectedOutcome } from '../../support/votingOracle';
import { record, strangersNotified, strayTimers, type Recorded } from '../pathInvariants';
import {
  HOUR, Q1, Q2, done, ib, initiativeInput, itemId, meetingEnds, meetingStarts, papersDeadline, proposals, submissionId, triageDue,
} from '../../support/initiativeMachineFixtures';

const policy = { quorum: { share: fraction(0, 1), minLivedExperienceVoting: 1 } };
const I1 = itemId(1);
const S1 = submissionId(1);

const later = (s: InitiativeSnapshot) => new Date(Date.parse(s.context.clock) + HOUR).toISOString();
const stage = (s: InitiativeSnapshot) => (typeof s.value === 'string' ? s.value : `cycle.${(s.value as { cycle: string }).cycle}`);

/** What may happen in each situation. */
function alphabet(s: InitiativeSnapshot): InitiativeEvent[] {
  const time = later(s);
  const { context } = s;
  const events: InitiativeEvent[] = [];
  const item = [...context.agenda, ...context.later].find((i) => i.itemId === I1);
  if (context.counters.items === 0) events.push(ib.propose('i5', proposals.strategy(), time));
  if (item && !item.votes.some((v) => v.by === 'i2')) events.push(ib.vote('i2', I1, 'approve', time));
  if (item && !item.votes.some((v) => v.by === 'i5')) events.push(ib.vote('i5', I1, 'reject', time));
  const submission = context.submissions[0];
  if (!submission) events.push(ib.submit('citizen-1', time));
  else if (submission.status === 'awaitingTriage') {
    events.push(ib.triage(S1, 'declined', time));
    if (!submission.overdue) events.push(triageDue(S1));
  }
  if (s.matches({ cycle: 'agendaOpen' })) events.push(papersDeadline);
  if (s.matches({ cycle: 'papersCirculated' })) events.push(meetingStarts);
  if (s.matches({ cycle: 'inSession' })) {
    events.push(meetingEnds);
    if (!context.attendance) events.push(ib.attendance(['i1', 'i2'], 'sec', time));
  }
  // One activity at a time ends, the oldest first.
  if (context.inFlight.length) events.push(done(context.inFlight[0]!));
  return events;
}

const votesOn = (s: InitiativeSnapshot) => {
  const item = [...s.context.agenda, ...s.context.later].find((i) => i.itemId === I1);
  return item ? item.votes.map((v) => `${v.by}:${v.choice}`).sort().join('+') || 'no votes' : 'no item';
};

/** The stage, the item and its votes, the submission, attendance, what is under way, and what the meeting decided. */
const situation = (s: InitiativeSnapshot) =>
  JSON.stringify([
    stage(s),
    votesOn(s),
    s.context.submissions.map((x) => `${x.status}${x.overdue ? ' overdue' : ''}`).join(',') || 'no submission',
    s.context.attendance ? 'attendance' : null,
    s.context.inFlight.length,
    s.context.lastMeeting?.decisions.map((d) => [d.outcome, d.deferredBecause].filter(Boolean).join(' ')).join(',') ?? null,
  ]);

/** The first quarter through to the second's open agenda. */
const paths = modelPaths(initiativeBoardMachine, {
  input: initiativeInput(policy),
  events: alphabet,
  serializeState: situation,
  stopWhen: (s) => s.context.quartersHeld >= 1 && s.matches({ cycle: 'agendaOpen' }),
});

/** Every state of the machine but the transient `resuming`, as `parent.child`. */
function leafStates(): string[] {
  const states = initiativeBoardMachine.config.states ?? {};
  return Object.entries(states)
    .filter(([name]) => name !== 'resuming')
    .flatMap(([name, node]) => (node.states ? Object.keys(node.states).map((child) => `${name}.${child}`) : [name]))
    .sort();
}

function name(event: InitiativeEvent): string {
  const e = event as { type: string; choice?: string; outcome?: string };
  return [label(e), e.choice, e.outcome].filter(Boolean).join(' ');
}

/** The decision the votes on the item imply, recounted when the meeting closed, or undefined when no meeting has. */
function recount(r: Recorded<InitiativeSnapshot>) {
  const closing = r.snapshots.findIndex((x, i) => i > 0 && x.context.lastMeeting && !r.snapshots[i - 1]!.context.lastMeeting);
  if (closing < 0) return undefined;
  const before = r.snapshots[closing - 1]!.context;
  const item = [...before.agenda, ...before.later].find((i) => i.itemId === I1);
  if (!item) return undefined;
  // Quorum of no share but one voter with lived experience; a simple majority; no casting vote; all twelve eligible.
  return expectedOutcome(item.votes, 12, { quorum: { share: { numerator: 0, denominator: 1 } }, passing: { kind: 'majority' } }, undefined, { needed: 1, members: new Set(livedExperience) });
}

function check(r: Recorded<InitiativeSnapshot>) {
  const s = r.final;
  const { context } = s;
  expect(strayTimers(r)).toEqual([]);
  const roster = new Set([...context.roster.members.map((m) => m.id), ...context.roster.secretariat, ...context.submissions.flatMap((x) => (x.submittedBy ? [x.submittedBy] : []))]);
  expect(strangersNotified(r, roster)).toEqual([]);
  const expected = recount(r);
  const decided = context.lastMeeting?.decisions.find((d) => d.itemId === I1);
  if (expected) expect(decided && { outcome: decided.outcome, ...(decided.deferredBecause ? { deferredBecause: decided.deferredBecause } : {}) }).toEqual(expected);
  const where = stage(s);
  expect(s.status).toBe('active');
  // The next quarter opens only once everything the meeting published is out.
  expect(context.quarter).toEqual(context.quartersHeld === 1 && where === 'cycle.agendaOpen' ? Q2 : Q1);
  expect(context.papersCirculated).toBe(['cycle.papersCirculated', 'cycle.inSession', 'publishing'].includes(where));
  // The meeting's agenda empties when it ends; what it deferred waits in `later` until the next quarter opens.
  if (where === 'publishing') {
    expect(context.agenda).toEqual([]);
    expect(context.inFlight).toContain(`publish-minutes-${Q1.meetingId}`);
    expect(context.quartersHeld).toBe(1);
  }
  if (context.attendance) expect(where === 'cycle.inSession' || where === 'publishing').toBe(true);
  expect(quarterTurned(s)).toBe(where === 'cycle.agendaOpen' && context.quartersHeld === 1 && context.inFlight.length === 0);
  for (const item of [...context.agenda, ...context.later]) {
    const voters = item.votes.map((v) => v.by);
    expect(new Set(voters).size).toBe(voters.length);
    expect(voters.length).toBeLessThanOrEqual(context.roster.members.length);
  }
  // One vote for, none against: approved. One each: a tie, deferred. None: no quorum, deferred.
  const outcome = context.lastMeeting?.decisions[0];
  if (outcome) expect(outcome.outcome === 'approved').toBe(context.strategy !== undefined);
}

const recorded = paths.map((path) => ({ path, ...record(initiativeBoardMachine, initiativeInput(policy), path.events) }));
const kept = recorded.filter((r) => recount(r) !== undefined || r.final.context.submissions.some((x) => x.status !== 'awaitingTriage'));

describe('initiative board paths', () => {
  it('finds 493 distinct situations, 334 of them with the item decided or the submission triaged, 172 with the item decided', () => {
    expect(paths).toHaveLength(493);
    expect(kept).toHaveLength(334);
    expect(kept.filter((r) => recount(r) !== undefined)).toHaveLength(172);
    // The notice check is not empty: 324 kept paths send notices.
    expect(kept.filter((r) => r.notices.length > 0)).toHaveLength(324);
  });

  it('reaches every state but the transient resuming on a kept path', () => {
    const reached = [...new Set(kept.map((p) => stage(p.final)))].sort();
    expect(reached).toEqual(leafStates());
    expect(reached).toEqual(['cycle.agendaOpen', 'cycle.inSession', 'cycle.papersCirculated', 'publishing']);
  });

  it('reaches every outcome one item can have here: approved, or deferred for a tie, no quorum or no voter with lived experience', () => {
    const outcomes = new Set(kept.flatMap((p) => p.final.context.lastMeeting?.decisions.map((d) => `${d.outcome} ${d.deferredBecause ?? ''}`.trim()) ?? []));
    expect([...outcomes].sort()).toEqual(['approved', 'deferred noLivedExperience', 'deferred noQuorum', 'deferred tie']);
  });

  for (const r of kept) {
    it(`decides as a recount of the votes says and keeps the calendar, by ${r.path.events.map(name).join(', ')}`, () => check(r));
  }
});
