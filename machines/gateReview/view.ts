/**
 * What people see of a gate review: the refusal sentence for a command it
 * will not take, and the status a query returns. Both read only the snapshot.
 */
import type { SnapshotFrom } from 'xstate';
import { memberName } from '../kernel/roster';
import type { Tally } from '../kernel/voting';
import type { GateReviewEvent, GateReviewMachine, GateReviewState } from './machine';
import { ruleRefusal, type Assessment, type DecisionRecord, type Recusal } from './rules';

export type GateReviewSnapshot = SnapshotFrom<GateReviewMachine>;

const stateOf = (snapshot: GateReviewSnapshot) => snapshot.value as GateReviewState;

const summaries: Record<GateReviewState, (s: GateReviewSnapshot) => string> = {
  awaitingVotes: (s) => `Voting open until ${s.context.request.votingClosesAt}.`,
  counting: () => 'Counting the votes.',
  awaitingAssessment: (s) =>
    `Voting closed; the decision waits for the assessment by ${s.context.assessment?.assessor} (due ${s.context.assessment?.dueAt}). Members may still vote.`,
  awaitingCastingVote: (s) =>
    `Tied: waiting up to ${s.context.request.policy.castingVoteWindowHours} hours for the chair's casting vote.`,
  publishing: (s) => `Decided (${s.context.decision?.outcome}); publishing to the decision register.`,
  publicationFailed: () => 'Decided, but the register refused the decision; the secretariat can retry publication.',
  decided: (s) => s.context.decision?.explanation ?? 'Decided.',
};

/**
 * Why the review will not take `event` now, or undefined when it will. A rule
 * names the person's problem (not a member, recused, already voted); a state
 * names the review's (voting has closed).
 */
export function explainGateReviewRefusal(snapshot: GateReviewSnapshot, event: GateReviewEvent): string | undefined {
  if (snapshot.can(event)) return undefined;
  const { context } = snapshot;
  const review = `gate review ${context.request.reviewId}`;
  const state = stateOf(snapshot);
  if (!('at' in event)) return `${event.type} is the review's own event.`;
  if (event.type === 'publication.retried')
    return state === 'publicationFailed'
      ? ruleRefusal(context, event)
      : `${review} has no failed publication to retry (${summaries[state](snapshot)})`;
  if (event.type === 'castingVote.cast' && state !== 'awaitingCastingVote')
    return `${review} is not waiting for a casting vote. ${summaries[state](snapshot)}`;
  const accepting =
    state === 'awaitingVotes' ||
    (state === 'awaitingAssessment' && event.type !== 'voting.closed' && event.type !== 'assessment.commissioned') ||
    (state === 'awaitingCastingVote' && event.type === 'castingVote.cast');
  if (accepting) return ruleRefusal(context, event) ?? `${review} cannot take ${event.type} now.`;
  const what = event.type === 'interest.declared' ? 'declaration' : event.type.startsWith('vote') ? 'vote' : 'request';
  return `Voting on ${review} closed at ${context.closedAt ?? context.request.votingClosesAt}; your ${what} was not recorded. ${summaries[state](snapshot)}`;
}

export interface GateReviewView {
  readonly reviewId: string;
  readonly boardId: string;
  readonly product: DecisionRecord['product'];
  readonly gate: DecisionRecord['gate'];
  readonly state: GateReviewState;
  readonly summary: string;
  readonly requestedBy: string;
  readonly openedAt: string;
  readonly votingClosesAt: string;
  readonly closedAt?: string;
  /** Who has voted; how they voted stays private until voting closes. */
  readonly voted: readonly string[];
  readonly yetToVote: readonly { readonly id: string; readonly name: string }[];
  readonly recusals: readonly Recusal[];
  readonly procedure: 'meeting' | 'written';
  readonly meetingId?: string;
  readonly assessment?: Assessment;
  readonly tally?: Tally;
  readonly decision?: DecisionRecord;
}

export function gateReviewView(snapshot: GateReviewSnapshot): GateReviewView {
  const { context } = snapshot;
  const { request } = context;
  const voted = context.votes.map((v) => v.by);
  const recused = new Set(context.recusals.map((r) => r.by));
  return {
    reviewId: request.reviewId,
    boardId: request.board.boardId,
    product: request.product,
    gate: request.gate,
    state: stateOf(snapshot),
    summary: summaries[stateOf(snapshot)](snapshot),
    requestedBy: request.requestedBy,
    openedAt: context.openedAt,
    votingClosesAt: request.votingClosesAt,
    ...(context.closedAt ? { closedAt: context.closedAt } : {}),
    voted,
    yetToVote: request.board.members
      .filter((m) => !voted.includes(m.id) && !recused.has(m.id))
      .map((m) => ({ id: m.id, name: memberName(request.board, m.id) })),
    recusals: context.recusals,
    procedure: request.procedure,
    ...(request.meetingId ? { meetingId: request.meetingId } : {}),
    ...(context.assessment ? { assessment: context.assessment } : {}),
    ...(context.decision ? { tally: context.decision.tally, decision: context.decision } : {}),
  };
}
