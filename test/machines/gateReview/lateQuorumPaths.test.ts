/**
 * Every situation of a gate review under late-quorum protection (48 hours), found by @xstate/graph from
 * votes cast early and late, a declared interest, the secretariat's close and the two close timers. A path
 * is one the host could run only if each timer it fires was set and not cancelled when it fires (the
 * recorded timers say so); each such path is checked against a recount by hand of when voting closed.
 */
import { getShortestPaths } from '@xstate/graph';
import { describe, expect, it } from 'vitest';
import { gateReviewMachine, type GateReviewEvent } from '../../../machines/gateReview/machine';
import type { GateReviewSnapshot } from '../../../machines/gateReview/view';
import { closesAtOf } from '../../../machines/gateReview/rules';
import { DAY, T0, at, events, parsedRequest } from '../../support/gateReviews';
import { record, strayTimers } from '../pathInvariants';

const HOUR = DAY / 24;
const input = { request: parsedRequest({ policy: { lateQuorumHours: 48 } }), openedAt: T0 };
const deadline = { type: 'xstate.after.votingDeadline.gateReview.awaitingVotes' } as unknown as GateReviewEvent;
const extendedClose = { type: 'voting.extendedCloseDue' } as GateReviewEvent;
const published = { type: 'xstate.done.actor.publishDecision', output: {} } as unknown as GateReviewEvent;

const alphabet: GateReviewEvent[] = [
  events.vote('m1', 'approve'),
  events.vote('m2', 'approve'),
  events.vote('m3', 'reject'),
  events.vote('m4', 'approve', {}, at(6 * DAY)),
  events.vote('m5', 'reject', {}, at(7 * DAY + HOUR)),
  { ...events.interest('m7'), at: at(6 * DAY) } as GateReviewEvent,
  { ...events.close(), at: at(6 * DAY + HOUR) } as GateReviewEvent,
  deadline,
  extendedClose,
  published,
];

const serializeState = (s: GateReviewSnapshot) =>
  JSON.stringify([s.value, s.context.votes.map((v) => v.by).sort(), s.context.recusals.map((r) => r.by), s.context.lateQuorum ?? null, s.context.decision?.closedAt ?? null]);

/**
 * What a person with a pencil would write down: whether quorum (more than half the unrecused voting) first came
 * within 48 hours of the 7-day deadline, before voting closed; and the close: the secretariat's, else the
 * deadline, moved by 48 hours if quorum came late.
 */
function byHand(path: readonly GateReviewEvent[]): { moved: boolean; closedAt?: string } {
  let voters = 0;
  let eligible = 7;
  let reachedAt: string | undefined;
  const moved = () => {
    const left = reachedAt === undefined ? Infinity : Date.parse(at(7 * DAY)) - Date.parse(reachedAt);
    return left > 0 && left <= 48 * HOUR;
  };
  for (const e of path) {
    if (e.type === 'vote.cast') voters++;
    if (e.type === 'interest.declared') eligible--;
    if ((e.type === 'vote.cast' || e.type === 'interest.declared') && reachedAt === undefined && voters * 2 > eligible) reachedAt = e.at;
    if (e.type === 'voting.closed') return { moved: moved(), closedAt: e.at };
    if (e.type === deadline.type || e.type === extendedClose.type) return { moved: moved(), closedAt: moved() ? at(9 * DAY) : at(7 * DAY) };
  }
  return { moved: moved() };
}

const isTimer = (e: GateReviewEvent) => e.type.startsWith('xstate.after') || e.type === 'voting.extendedCloseDue';
const timeOf = (e: GateReviewEvent) => ('at' in e ? Date.parse(e.at) : undefined);

/**
 * Paths the host could run: each timer set, and not cancelled, when it fires; commands in the order of their
 * times; and no command while voting is open at or after the close then in force (its timer would have fired first).
 */
function runnable(path: readonly GateReviewEvent[]): boolean {
  const recorded = record(gateReviewMachine, input, path);
  let last = -Infinity;
  return path.every((e, n) => {
    const before = recorded.snapshots[n]!;
    if (isTimer(e)) return record(gateReviewMachine, input, path.slice(0, n)).pendingTimers.some((t) => t.event === e.type);
    const t = timeOf(e);
    if (t === undefined) return true;
    if (t < last) return false;
    last = t;
    return !(before.value === 'awaitingVotes' && t >= Date.parse(closesAtOf(before.context)));
  });
}

const all = getShortestPaths(gateReviewMachine, { input, events: alphabet, serializeState }).map((p) => p.steps.slice(1).map((s) => s.event));
const paths = all
  .filter(runnable);

describe('gate review paths under late-quorum protection', () => {
  it('finds the situations the host can run, both ways of closing on time and the moved close among them', () => {
    expect(paths).toHaveLength(163);
    const closes = new Set(paths.map((p) => record(gateReviewMachine, input, p).final.context.decision?.closedAt ?? "open"));
    expect([...closes].sort()).toEqual(["open", at(6 * DAY + HOUR), at(7 * DAY), at(9 * DAY)].sort());
  });

  it.each(paths.map((p) => [p.map((e) => ('by' in e ? `${e.type}(${e.by})` : e.type.replace(/\.gateReview.*$/, ''))).join(', ') || 'opening', p] as const))('closes when a recount says: %s', (_label, path) => {
    const recorded = record(gateReviewMachine, input, path);
    const { moved, closedAt } = byHand(path);
    const d = recorded.final.context.decision;
    expect(d?.closedAt).toBe(closedAt);
    // The moved close is in the record exactly when a late quorum moved it.
    if (d) expect(d.lateQuorum?.closesAt).toBe(moved ? at(9 * DAY) : undefined);
    expect(recorded.final.context.lateQuorum?.closesAt).toBe(moved ? at(9 * DAY) : undefined);
    expect(strayTimers(recorded)).toEqual([]);
  });
});
