/**
 * Every situation of a gate review whose board removes members during the vote, found by @xstate/graph
 * from votes, removals (of a member who voted and of ones who had not), a vote a removed member tries,
 * the close and the publication. Each path's record is checked against a recount by hand: who may still
 * vote, which votes count, whether there is a quorum, and who the record names as removed.
 */
import { getShortestPaths } from '@xstate/graph';
import { describe, expect, it } from 'vitest';
import { gateReviewMachine, type GateReviewEvent } from '../../../machines/gateReview/machine';
import type { GateReviewSnapshot } from '../../../machines/gateReview/view';
import { boardProcessId } from '../../../machines/kernel/ids';
import { DAY, T0, at, events, parsedRequest, sevenMemberBoard } from '../../support/gateReviews';
import { record, strayTimers } from '../pathInvariants';

const input = { request: parsedRequest(), openedAt: T0 };
const removal = (memberId: string): GateReviewEvent => ({ type: 'member.removed', by: boardProcessId(sevenMemberBoard.boardId), memberId, at: at(2 * DAY) });
const published = { type: 'xstate.done.actor.publishDecision', output: {} } as unknown as GateReviewEvent;

const alphabet: GateReviewEvent[] = [
  events.vote('m1', 'approve'),
  events.vote('m2', 'approve'),
  events.vote('m3', 'reject'),
  events.vote('m4', 'approve'),
  removal('m4'),
  removal('m6'),
  removal('m7'),
  { ...events.close(), at: at(3 * DAY) } as GateReviewEvent,
  published,
];

const serializeState = (s: GateReviewSnapshot) =>
  JSON.stringify([s.value, s.context.votes.map((v) => v.by).sort(), (s.context.electorate?.removed ?? []).map((r) => r.memberId).sort(), s.context.decision?.outcome ?? null]);

/** What a person with a pencil would write down, event by event, under the rule as the domain states it. */
function byHand(path: readonly GateReviewEvent[]) {
  const members = new Set(sevenMemberBoard.members.map((m) => m.id));
  const removed: string[] = [];
  const votes = new Map<string, string>();
  let open = true;
  for (const e of path) {
    if (!open) break;
    if (e.type === 'vote.cast' && members.has(e.by) && !removed.includes(e.by) && !votes.has(e.by)) votes.set(e.by, e.choice);
    if (e.type === 'member.removed' && members.has(e.memberId) && !removed.includes(e.memberId)) {
      removed.push(e.memberId);
      votes.delete(e.memberId);
    }
    if (e.type === 'voting.closed') open = false;
  }
  const eligible = members.size - removed.length;
  const cast = votes.size;
  const approvals = [...votes.values()].filter((c) => c === 'approve').length;
  const rejections = [...votes.values()].filter((c) => c === 'reject').length;
  const quorate = cast * 2 > eligible;
  const outcome = open ? undefined : !quorate ? 'deferred' : approvals > rejections ? 'approved' : approvals < rejections ? 'rejected' : 'deferred';
  return { open, eligible, cast, approvals, rejections, outcome, removed };
}

const paths = getShortestPaths(gateReviewMachine, { input, events: alphabet, serializeState }).map((p) => p.steps.slice(1).map((s) => s.event));
const label = (p: readonly GateReviewEvent[]) =>
  p.map((e) => (e.type === 'member.removed' ? `removed(${e.memberId})` : 'by' in e ? `${e.type}(${e.by})` : e.type.replace(/^xstate\.done\.actor\./, ''))).join(', ') || 'opening';

describe('gate review paths with members removed during the vote', () => {
  it('reach every mix of votes and removals, quorate and not, before and after the close', () => {
    expect(paths).toHaveLength(288);
    const outcomes = new Set(paths.map((p) => record(gateReviewMachine, input, p).final.context.decision?.outcome ?? 'open'));
    expect([...outcomes].sort()).toEqual(['approved', 'deferred', 'open']);
  });

  it.each(paths.map((p) => [label(p), p] as const))('counts as a recount says: %s', (_label, path) => {
    const recorded = record(gateReviewMachine, input, path);
    const hand = byHand(path);
    const d = recorded.final.context.decision;
    expect(d === undefined).toBe(hand.open);
    if (d) {
      expect({ eligible: d.tally.eligible, cast: d.tally.cast, approvals: d.tally.approve, rejections: d.tally.reject, outcome: d.outcome }).toEqual({
        eligible: hand.eligible,
        cast: hand.cast,
        approvals: hand.approvals,
        rejections: hand.rejections,
        outcome: hand.outcome,
      });
      expect((d.removedDuringVote ?? []).map((r) => r.memberId)).toEqual(hand.removed);
      // No vote of a removed member is in the record.
      expect(d.votes.filter((v) => hand.removed.includes(v.by))).toEqual([]);
    }
    expect(strayTimers(recorded)).toEqual([]);
  });
});
