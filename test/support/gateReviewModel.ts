/**
 * The gate review machine's state graph, explored by @xstate/graph: one
 * shortest path to every situation (state and outcome) the machine can reach
 * with a fixed alphabet of events. The pure path tests and the workflow model
 * tests both walk these paths.
 */
import { getShortestPaths } from '@xstate/graph';
import { gateReviewMachine, type GateReviewEvent } from '../../machines/gateReview/machine';
import type { GateReviewSnapshot } from '../../machines/gateReview/view';
import { DAY, T0, at, events, parsedRequest } from './gateReviews';

export const modelPolicy = { chairHasCastingVote: true } as const;
export const modelInput = { request: parsedRequest({ policy: modelPolicy }), openedAt: T0 };

const internal = (type: string, extra: object = {}) => ({ type, ...extra }) as unknown as GateReviewEvent;

export const votingDeadlinePassed = internal('xstate.after.votingDeadline.gateReview.awaitingVotes');
export const castingWindowPassed = internal('xstate.after.castingVoteWindow.gateReview.awaitingCastingVote');
export const published = internal('xstate.done.actor.publishDecision', { output: { decisionId: 'gr-test-1', publishedAt: T0, location: 'register' } });
export const publicationFailed = internal('xstate.error.actor.publishDecision', { error: { message: 'disk full' } });
export const assessmentDue = internal('assessment.due');
/** Due ten days after opening: after the seven-day vote, so a decision can wait for it. */
export const assessmentDueAfter = 10 * DAY;

export const alphabet: GateReviewEvent[] = [
  events.vote('m1', 'approve'),
  events.vote('m2', 'reject'),
  events.vote('m3', 'approveWithConditions', { conditions: ['Publish the model card'] }),
  events.vote('m4', 'abstain'),
  events.vote('m5', 'reject'),
  events.vote('m6', 'abstain'),
  events.vote('m7', 'approve'),
  events.interest('m2'),
  events.close(),
  votingDeadlinePassed,
  events.casting('approve'),
  events.casting('reject'),
  castingWindowPassed,
  published,
  publicationFailed,
  { type: 'publication.retried', by: 'sec', at: T0 },
  { type: 'assessment.commissioned', by: 'm1', assessor: 'Open Data Institute', question: 'Is the model fair?', dueAt: at(assessmentDueAfter), at: T0 },
  { type: 'assessment.reported', by: 'sec', report: 'https://example.org/assessment.pdf', at: at(8 * DAY) },
  assessmentDue,
];

const assessmentStatus = (s: GateReviewSnapshot) =>
  !s.context.assessment ? null : s.context.assessment.report ? 'reported' : s.context.assessment.overdue ? 'overdue' : 'commissioned';

/** Canonical: the same votes in another order are the same situation. */
const serializeState = (s: GateReviewSnapshot) =>
  JSON.stringify([
    s.value,
    s.context.votes.map((v) => `${v.by}:${v.choice}`).sort(),
    s.context.recusals.map((r) => r.by).sort(),
    s.context.castingVote?.choice ?? null,
    assessmentStatus(s),
    s.context.decision?.outcome ?? null,
  ]);

export const situation = (s: GateReviewSnapshot) =>
  [s.value, s.context.decision?.outcome, s.context.decision?.deferredBecause].filter(Boolean).join(' / ');

export interface SituationPath {
  readonly situation: string;
  readonly initial: GateReviewSnapshot;
  readonly final: GateReviewSnapshot;
  /** The events after opening, in order. */
  readonly events: GateReviewEvent[];
}

/** One path per situation: the shortest that reaches it. */
export function situationPaths(): SituationPath[] {
  const shortest = new Map<string, SituationPath>();
  for (const path of getShortestPaths(gateReviewMachine, { input: modelInput, events: alphabet, serializeState })) {
    const key = situation(path.state);
    const steps = path.steps.slice(1).map((s) => s.event);
    const known = shortest.get(key);
    if (!known || steps.length < known.events.length)
      shortest.set(key, { situation: key, initial: path.steps[0]!.state, final: path.state, events: steps });
  }
  return [...shortest.values()];
}

export const label = (e: { type: string; by?: string }) => (e.by ? `${e.type}(${e.by})` : e.type.replace(/\.gateReview.*$/, ''));
