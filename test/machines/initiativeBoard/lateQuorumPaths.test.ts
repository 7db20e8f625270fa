/**
 * Every situation of an initiative board's first meeting under late-quorum protection (24 hours), found by
 * @xstate/graph: one item, a vote with lived experience (i2, whose vote alone makes the quorum of this
 * model) and one without (i5), each cast at the board's clock plus an hour, the quarter's timers, and the
 * moved close's own timer. The alphabet offers only what the host could deliver: the meeting's end timer
 * unless a late quorum cancelled it while the meeting sat, and the moved close's timer only then. Each path
 * is checked against a recount by hand: the close moved exactly when i2's vote came while the meeting sat.
 */
import { describe, expect, it } from 'vitest';
import { initiativeBoardMachine, type InitiativeEvent, type InitiativeSnapshot } from '../../../machines/initiativeBoard/machine';
import { fraction } from '../../../machines/kernel/fraction';
import { label, modelPaths } from '../../support/boardFixtures';
import { record, strayTimers } from '../pathInvariants';
import { HOUR, Q1, ib, initiativeInput, itemId, meetingEnds, meetingStarts, papersDeadline, proposals } from '../../support/initiativeMachineFixtures';

const policy = { quorum: { share: fraction(0, 1), minLivedExperienceVoting: 1 }, lateQuorumHours: 24 };
const I1 = itemId(1);
const MOVED = new Date(Date.parse(Q1.endsAt) + 24 * HOUR).toISOString();
const extendedClose = { type: 'meeting.extendedCloseDue' } as InitiativeEvent;
const later = (s: InitiativeSnapshot) => new Date(Date.parse(s.context.clock) + HOUR).toISOString();
const movedWhileSitting = (s: InitiativeSnapshot) => s.context.closeMoved !== undefined && Date.parse(s.context.closeMoved.reachedAt) >= Date.parse(Q1.startsAt);

function alphabet(s: InitiativeSnapshot): InitiativeEvent[] {
  const time = later(s);
  const item = s.context.agenda.find((i) => i.itemId === I1);
  const events: InitiativeEvent[] = [];
  if (s.context.counters.items === 0) events.push(ib.propose('i5', proposals.strategy(), time));
  for (const by of ['i2', 'i5']) if (item && !item.votes.some((v) => v.by === by)) events.push(ib.vote(by, I1, by === 'i2' ? 'approve' : 'reject', time));
  if (s.matches({ cycle: 'agendaOpen' })) events.push(papersDeadline);
  if (s.matches({ cycle: 'papersCirculated' })) events.push(meetingStarts);
  if (s.matches({ cycle: 'inSession' })) events.push(movedWhileSitting(s) ? extendedClose : meetingEnds);
  return events;
}

const situation = (s: InitiativeSnapshot) =>
  JSON.stringify([s.value, s.context.agenda.map((i) => i.votes.map((v) => v.by).sort()), s.context.closeMoved ?? null, s.context.lastMeeting?.endedAt ?? null]);

const paths = modelPaths(initiativeBoardMachine, { input: initiativeInput(policy), events: alphabet, serializeState: situation, stopWhen: (s) => s.matches('publishing') });

/** By hand: the close moves when i2 (lived experience: the quorum) votes while the meeting sits, 1 to 3 hours before it ends. */
function movedByHand(path: readonly InitiativeEvent[]): boolean {
  let sitting = false;
  for (const e of path) {
    if (e.type === meetingStarts.type) sitting = true;
    if (e.type === 'vote.cast' && e.by === 'i2') return sitting;
  }
  return false;
}

describe('initiative board paths under late-quorum protection', () => {
  it('finds 19 situations, the meeting closing at its end or at the moved end', () => {
    expect(paths).toHaveLength(19);
    const ends = new Set(paths.map((p) => p.final.context.lastMeeting?.endedAt ?? 'open'));
    expect([...ends].sort()).toEqual(['open', Q1.endsAt, MOVED].sort());
  });

  it.each(paths.map((p) => [p.events.map(label).join(', '), p] as const))('closes when a recount says: %s', (_label, path) => {
    const recorded = record(initiativeBoardMachine, initiativeInput(policy), path.events);
    const moved = movedByHand(path.events);
    expect(recorded.final.context.closeMoved?.closesAt).toBe(moved ? MOVED : undefined);
    if (recorded.final.context.lastMeeting) expect(recorded.final.context.lastMeeting.endedAt).toBe(moved ? MOVED : Q1.endsAt);
    // Every timer event on the path was set and not cancelled when it came, and none is left behind.
    path.events.forEach((e, n) => {
      if (e.type === meetingEnds.type || e.type === extendedClose.type) expect(record(initiativeBoardMachine, initiativeInput(policy), path.events.slice(0, n)).pendingTimers.map((t) => t.event)).toContain(e.type);
    });
    expect(strayTimers(recorded)).toEqual([]);
  });
});
