/**
 * Every situation of one initiative item under the one eligibility rule, found by @xstate/graph: votes by a
 * member with lived experience (i2) and two without (i5, i6), the removal of i2 and of two members who had not
 * voted (i9, i10), a member appointed once a seat is free (i13) trying to vote, and the quarter's timers. The
 * model's quorum is more than a quarter of those who may vote, with one of them with lived experience. Each
 * path's decision is checked against a recount by hand from the events alone.
 */
import { describe, expect, it } from 'vitest';
import { initiativeBoardMachine, type InitiativeEvent, type InitiativeSnapshot } from '../../../machines/initiativeBoard/machine';
import type { InitiativeDecisionRecord } from '../../../machines/initiativeBoard/records';
import { fraction } from '../../../machines/kernel/fraction';
import { label, modelPaths } from '../../support/boardFixtures';
import { record, strayTimers } from '../pathInvariants';
import { HOUR, ib, step, initiativeInput, itemId, meetingEnds, meetingStarts, members, papersDeadline, proposals } from '../../support/initiativeMachineFixtures';

const policy = { quorum: { share: fraction(1, 4), minLivedExperienceVoting: 1 } };
const input = initiativeInput(policy, { oneEligibilityRule: true });
const I1 = itemId(1);
const later = (s: InitiativeSnapshot) => new Date(Date.parse(s.context.clock) + HOUR).toISOString();

function alphabet(s: InitiativeSnapshot): InitiativeEvent[] {
  const time = later(s);
  if (s.context.counters.items === 0) return [ib.propose('i5', proposals.strategy(), time)];
  const events: InitiativeEvent[] = [];
  if (!s.matches('publishing')) {
    for (const by of ['i2', 'i5', 'i6', 'i13']) events.push(ib.vote(by, I1, 'approve', time));
    for (const id of ['i2', 'i9', 'i10']) events.push(ib.remove(id, 'sec', time));
    events.push(ib.appoint('i13', {}, 'sec', time));
  }
  if (s.matches({ cycle: 'agendaOpen' })) events.push(papersDeadline);
  if (s.matches({ cycle: 'papersCirculated' })) events.push(meetingStarts);
  if (s.matches({ cycle: 'inSession' })) events.push(meetingEnds);
  return events;
}

const situation = (s: InitiativeSnapshot) =>
  JSON.stringify([
    s.value,
    s.context.agenda.map((i) => [i.votes.map((v) => v.by).sort(), (i.electorate?.removed ?? []).map((r) => r.memberId).sort()]),
    s.context.roster.members.map((m) => m.id).sort(),
    s.context.lastMeeting?.decisions.map((d) => d.outcome) ?? null,
  ]);

const paths = modelPaths(initiativeBoardMachine, { input, events: alphabet, serializeState: situation, stopWhen: (s) => s.matches('publishing') });

/** What a person with a pencil would write down: the twelve at opening may vote; whoever leaves is struck off, vote and all. */
function byHand(path: readonly InitiativeEvent[]) {
  const sitting = new Set(members);
  let electorate: Set<string> | undefined;
  const removed: string[] = [];
  const votes = new Set<string>();
  let ended = false;
  for (const e of path) {
    if (e.type === 'item.proposed') electorate = new Set(sitting);
    if (e.type === 'member.appointed' && sitting.size < 12) sitting.add(e.member.id);
    if (e.type === 'member.removed' && sitting.has(e.memberId) && e.memberId !== 'i1') {
      sitting.delete(e.memberId);
      if (electorate?.has(e.memberId) && !removed.includes(e.memberId)) removed.push(e.memberId);
      votes.delete(e.memberId);
    }
    if (e.type === 'vote.cast' && electorate?.has(e.by) && !removed.includes(e.by)) votes.add(e.by);
    if (e.type === meetingEnds.type) ended = true;
  }
  const eligible = 12 - removed.length;
  const cast = votes.size;
  const quorate = cast * 4 > eligible && votes.has('i2');
  return { ended, eligible, cast, outcome: quorate ? 'approved' : 'deferred', removed };
}

/** The item's decision as the meeting's close publishes it, for a path that ends with the close. */
function decisionOf(path: readonly InitiativeEvent[]): InitiativeDecisionRecord | undefined {
  if (path.at(-1)?.type !== meetingEnds.type) return undefined;
  const before = record(initiativeBoardMachine, input, path.slice(0, -1)).final;
  const [, actions] = step(before, meetingEnds);
  return actions
    .filter((a) => a.type === 'xstate.spawnChild' && (a.params as { src: string }).src === 'publishDecision')
    .map((a) => (a.params as { input: InitiativeDecisionRecord }).input)
    .find((r) => r.kind === 'initiativeDecision' && r.itemId === I1);
}

describe('initiative paths with members removed and appointed during the vote', () => {
  it('finds every mix of votes, removals and an appointment, decided and not', () => {
    expect(paths).toHaveLength(286);
    const outcomes = new Set(paths.map((p) => decisionOf(p.events)?.outcome ?? 'open'));
    expect([...outcomes].sort()).toEqual(['approved', 'deferred', 'open']);
    // The appointment and each removal are on some path that is decided.
    for (const type of ['member.appointed', 'member.removed']) expect(paths.some((p) => p.events.some((e) => e.type === type) && decisionOf(p.events))).toBe(true);
  });

  it.each(paths.map((p) => [p.events.map(label).join(', '), p] as const))('counts as a recount says: %s', (_label, path) => {
    const hand = byHand(path.events);
    const recorded = record(initiativeBoardMachine, input, path.events);
    const d = decisionOf(path.events);
    expect(d !== undefined).toBe(hand.ended);
    if (d) {
      expect({ eligible: d.tally.eligible, cast: d.tally.cast, outcome: d.outcome }).toEqual({ eligible: hand.eligible, cast: hand.cast, outcome: hand.outcome });
      expect((d.removedDuringVote ?? []).map((r) => r.memberId)).toEqual(hand.removed);
      expect(d.votes.filter((v) => hand.removed.includes(v.by) || v.by === 'i13')).toEqual([]);
    }
    expect(recorded.final.context.lastMeeting?.decisions[0]?.outcome).toBe(d?.outcome);
    expect(strayTimers(recorded)).toEqual([]);
  });
});
