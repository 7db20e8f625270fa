/**
 * Every situation a gate review can reach, found by @xstate/graph rather than
 * listed by hand. Each is replayed through the pure machine and its outcome
 * checked against a plain recount of the votes on the path.
 */
import { getShortestPaths } from '@xstate/graph';
import { describe, expect, it } from 'vitest';
import { transition } from 'xstate';
import { gateReviewMachine, type GateReviewEvent } from '../../machines/gateReviewMachine';
import type { GateReviewSnapshot } from '../../machines/gateReviewView';
import { T0, events, parsedRequest } from '../support/gateReviews';

const input = { request: parsedRequest({ policy: { chairHasCastingVote: true } }), openedAt: T0 };
const internal = (type: string, extra: object = {}) => ({ type, ...extra }) as unknown as GateReviewEvent;

const alphabet: GateReviewEvent[] = [
  events.vote('m1', 'approve'),
  events.vote('m2', 'reject'),
  events.vote('m3', 'approveWithConditions', { conditions: ['Publish the model card'] }),
  events.vote('m4', 'abstain'),
  events.vote('m5', 'reject'),
  events.vote('m6', 'abstain'),
  events.vote('m7', 'approve'),
  events.interest('m2'),
  events.close(),
  internal('xstate.after.votingDeadline.gateReview.awaitingVotes'),
  events.casting('approve'),
  events.casting('reject'),
  internal('xstate.after.castingVoteWindow.gateReview.awaitingCastingVote'),
  internal('xstate.done.actor.publishDecision', { output: { decisionId: 'gr-test-1', publishedAt: T0, location: 'register' } }),
  internal('xstate.error.actor.publishDecision', { error: { message: 'disk full' } }),
  { type: 'publication.retried', by: 'sec', at: T0 },
];

/** Canonical: the same votes in another order are the same situation. */
const serializeState = (s: GateReviewSnapshot) =>
  JSON.stringify([
    s.value,
    s.context.votes.map((v) => `${v.by}:${v.choice}`).sort(),
    s.context.recusals.map((r) => r.by).sort(),
    s.context.castingVote?.choice ?? null,
    s.context.decision?.outcome ?? null,
  ]);

const situation = (s: GateReviewSnapshot) =>
  [s.value, s.context.decision?.outcome, s.context.decision?.deferredBecause].filter(Boolean).join(' / ');

/** The outcome a person with a pencil would write down for these events. */
function recount(path: GateReviewEvent[]): string | undefined {
  const votes = new Map<string, string>();
  const recused = new Set<string>();
  let closed = false;
  let casting: string | undefined;
  let castingWindowPassed = false;
  for (const e of path) {
    if (e.type.startsWith('xstate.after.castingVoteWindow')) castingWindowPassed = true;
    if (e.type === 'vote.cast' && !recused.has(e.by) && !closed) votes.set(e.by, e.choice);
    if (e.type === 'interest.declared' && !closed) (recused.add(e.by), votes.delete(e.by));
    if (e.type === 'voting.closed' || e.type.startsWith('xstate.after.votingDeadline')) closed = true;
    if (e.type === 'castingVote.cast') casting = e.choice;
  }
  if (!closed) return undefined;
  const eligible = 7 - recused.size;
  if (votes.size * 2 <= eligible) return 'deferred';
  const choices = [...votes.values()];
  const approvals = choices.filter((c) => c.startsWith('approve')).length;
  const rejections = choices.filter((c) => c === 'reject').length;
  const carried = approvals > rejections || (approvals === rejections && casting === 'approve');
  const lost = rejections > approvals || (approvals === rejections && casting === 'reject');
  if (carried) return choices.includes('approveWithConditions') ? 'approvedWithConditions' : 'approved';
  if (lost) return 'rejected';
  // A tie: this model's policy lets the chair settle it, so it is open until the window passes.
  return castingWindowPassed ? 'deferred' : undefined;
}

const allPaths = getShortestPaths(gateReviewMachine, { input, events: alphabet, serializeState });

/** One path per situation (state and outcome): the shortest that reaches it. */
const bySituation = new Map<string, (typeof allPaths)[number]>();
for (const path of allPaths) {
  const key = situation(path.state);
  const known = bySituation.get(key);
  if (!known || path.steps.length < known.steps.length) bySituation.set(key, path);
}

const label = (e: { type: string; by?: string }) => (e.by ? `${e.type}(${e.by})` : e.type.replace(/\.gateReview.*$/, ''));

describe('gate review paths', () => {
  it('reaches every state of the machine', () => {
    const reached = new Set([...bySituation.values()].map((p) => String(p.state.value)));
    const declared = Object.keys(gateReviewMachine.config.states ?? {}).filter((s) => s !== 'counting'); // transient
    expect([...reached].sort()).toEqual(declared.sort());
  });

  it('finds 17 distinct situations', () => {
    expect([...bySituation.keys()].sort()).toHaveLength(17);
  });

  for (const [key, path] of bySituation) {
    const steps = path.steps.slice(1).map((s) => s.event);
    it(`reaches "${key}" by ${steps.map(label).join(', ') || 'opening'}`, () => {
      const replayed = steps.reduce<GateReviewSnapshot>((s, e) => transition(gateReviewMachine, s, e)[0], allPaths[0]!.steps[0]!.state);
      expect(situation(replayed)).toBe(key);
      expect(replayed.context.decision?.outcome).toBe(recount(steps));
      if (replayed.context.decision) {
        const { tally, votes } = replayed.context.decision;
        expect(tally.cast).toBe(votes.length);
        expect(tally.approve + tally.approveWithConditions + tally.reject + tally.abstain).toBe(tally.cast);
      }
      if (replayed.value === 'decided') expect(replayed.output).toEqual(replayed.context.decision);
    });
  }
});
