/**
 * What people see of a gate review: the refusal sentence for a command it
 * will not take, and the status a query returns. Both read only the snapshot.
 */
import type { SnapshotFrom } from 'xstate';
import { memberName } from '../kernel/roster';
import type { Tally } from '../kernel/voting';
import { explainRefusal, type RefusalWords } from '../kernel/admission';
import type { GateReviewEvent, GateReviewMachine, GateReviewState } from './machine';
import type { GateReviewCommand } from './schema';
import { resultsSeenBy, resultsVisibilityOf, type ResultsSeen } from '../kernel/results';
import { closeMoved } from '../kernel/lateQuorum';
import { closesAtOf, currentTally, electorateOfReview, reviewVoters, ruleRefusal, type Assessment, type DecisionRecord, type Recusal } from './rules';
import type { Removal } from '../kernel/eligibility';

export type GateReviewSnapshot = SnapshotFrom<GateReviewMachine>;

const stateOf = (snapshot: GateReviewSnapshot) => snapshot.value as GateReviewState;

const summaries: Record<GateReviewState, (s: GateReviewSnapshot) => string> = {
  awaitingVotes: (s) =>
    `Voting open until ${closesAtOf(s.context)}.` + (s.context.lateQuorum?.extendedFrom ? ` (Extended from ${s.context.lateQuorum.extendedFrom}: quorum was reached late.)` : ''),
  counting: () => 'Counting the votes.',
  awaitingAssessment: (s) =>
    `Voting closed; the decision waits for the assessment by ${s.context.assessment?.assessor} (due ${s.context.assessment?.dueAt}). Members may still vote.`,
  awaitingCastingVote: (s) =>
    `Tied: waiting up to ${s.context.request.policy.castingVoteWindowHours} hours for the chair's casting vote.`,
  publishing: (s) => `Decided (${s.context.decision?.outcome}); publishing to the decision register.`,
  publicationFailed: () => 'Decided, but the register refused the decision; the secretariat can retry publication.',
  decided: (s) => s.context.decision?.explanation ?? 'Decided.',
};

const reviewOf = (snapshot: GateReviewSnapshot) => `gate review ${snapshot.context.request.reviewId}`;
const isCommand = (event: GateReviewEvent): event is GateReviewCommand => 'at' in event;

/** What a review whose voting has closed says to a command none of its states takes. */
function votingClosed(snapshot: GateReviewSnapshot, event: GateReviewEvent): string {
  const { context } = snapshot;
  const what = event.type === 'interest.declared' ? 'declaration' : event.type.startsWith('vote') ? 'vote' : 'request';
  return `Voting on ${reviewOf(snapshot)} closed at ${context.closedAt ?? closesAtOf(context)}; your ${what} was not recorded. ${summaries[stateOf(snapshot)](snapshot)}`;
}

const words: RefusalWords<GateReviewSnapshot, GateReviewEvent> = {
  rule: (snapshot, event) => (isCommand(event) ? ruleRefusal(snapshot.context, event) : undefined),
  ownEvent: (event) => (isCommand(event) ? undefined : `${event.type} is the review's own event.`),
  commands: {
    'castingVote.cast': (s) => `${reviewOf(s)} is not waiting for a casting vote. ${summaries[stateOf(s)](s)}`,
    'publication.retried': (s) => `${reviewOf(s)} has no failed publication to retry (${summaries[stateOf(s)](s)})`,
    'member.removed': (s) => `Voting on ${reviewOf(s)} closed at ${s.context.closedAt ?? closesAtOf(s.context)}: a member removed from the board since does not change its count. ${summaries[stateOf(s)](s)}`,
  },
  states: {
    awaitingAssessment: votingClosed,
    awaitingCastingVote: votingClosed,
    publishing: votingClosed,
    publicationFailed: votingClosed,
    decided: votingClosed,
  } satisfies Partial<Record<GateReviewState, typeof votingClosed>>,
  otherwise: (snapshot, event) => `${reviewOf(snapshot)} cannot take ${event.type} now.`,
};

/**
 * Why the review will not take `event` now, or undefined when it will. A rule
 * names the person's problem (not a member, recused, already voted); a state
 * names the review's (voting has closed). Which state takes which command is the machine's.
 */
export const explainGateReviewRefusal = (snapshot: GateReviewSnapshot, event: GateReviewEvent): string | undefined => explainRefusal(snapshot, event, words);

export interface GateReviewView {
  readonly reviewId: string;
  readonly boardId: string;
  readonly product: DecisionRecord['product'];
  readonly gate: DecisionRecord['gate'];
  readonly state: GateReviewState;
  readonly summary: string;
  readonly requestedBy: string;
  /** What members read before they vote: the papers, and the self-assessment against each principle in force. */
  readonly papers: readonly string[];
  readonly selfAssessment: DecisionRecord['selfAssessment'];
  readonly principles?: DecisionRecord['principles'];
  readonly openedAt: string;
  /** When voting closes: as requested, or where a late quorum moved it (then `lateQuorum` says from when). */
  readonly votingClosesAt: string;
  readonly lateQuorum?: DecisionRecord['lateQuorum'];
  readonly closedAt?: string;
  /** Who has voted; how they voted stays private until voting closes. */
  readonly voted: readonly string[];
  readonly yetToVote: readonly { readonly id: string; readonly name: string }[];
  readonly recusals: readonly Recusal[];
  /** Members the board removed while the vote was open: they no longer vote on it, nor count toward its quorum. */
  readonly removedDuringVote?: readonly Removal[];
  readonly procedure: 'meeting' | 'written';
  readonly meetingId?: string;
  readonly assessment?: Assessment;
  /** The decision's tally, once decided. */
  readonly tally?: Tally;
  /** The count as this reader may see it under the board's results visibility: before the decision, only as the policy allows. */
  readonly results: ResultsSeen;
  readonly decision?: DecisionRecord;
  /** What the reader (when a door names one) may send now: asked of the machine, for the forms a door offers. */
  readonly may?: ReaderMay;
}

/** The commands a reader may send a review now, by the machine's own guards: a door offers a form for each, and no other. */
export interface ReaderMay {
  /** Cast a vote, or change the one they cast; neither when they may not vote (not a member, recused, voting closed). */
  readonly vote?: 'cast' | 'change';
  readonly declareInterest: boolean;
  readonly commissionAssessment: boolean;
}

/**
 * Asks the machine (`snapshot.can`: its state's transitions and their guards, no action run) whether it
 * would take each command from `by` now, so that no door re-derives a rule. The probes carry what the rules
 * read (who, and an assessment's due date after the moment it is asked at); a real command is checked again.
 */
/** A command without its sender and moment, each kind as its own (Omit over the union would merge them). */
type Probe<C = GateReviewCommand> = C extends unknown ? Omit<C, 'by' | 'at'> : never;

function mayOf(snapshot: GateReviewSnapshot, by: string): ReaderMay {
  const at = snapshot.context.openedAt;
  const takes = (command: Probe): boolean => snapshot.status === 'active' && snapshot.can({ ...command, by, at });
  const vote = takes({ type: 'vote.cast', choice: 'abstain' }) ? 'cast' : takes({ type: 'vote.changed', choice: 'abstain' }) ? 'change' : undefined;
  return {
    ...(vote ? { vote } : {}),
    declareInterest: takes({ type: 'interest.declared', interest: 'probe' }),
    commissionAssessment: takes({ type: 'assessment.commissioned', assessor: 'probe', question: 'probe', dueAt: '9999-12-31T00:00:00.000Z' }),
  };
}

/**
 * The review as `asker` (the signed-in person, when a door knows one) may see it. The status query
 * answers it for nobody in particular, so it carries a count before the decision only under an `open`
 * policy; under `hiddenUntilVoted` a member who has voted sees it through the per-reader query the
 * portal and API ask with the person they signed in (workflows/gateReview/messages.ts: statusForQuery).
 */
export function gateReviewView(snapshot: GateReviewSnapshot, asker?: string): GateReviewView {
  const { context } = snapshot;
  const { request } = context;
  const voted = context.votes.map((v) => v.by);
  const reader = asker === undefined ? undefined : { personId: asker, hasVoted: voted.includes(asker) };
  const voters = reviewVoters(context);
  const { removed } = electorateOfReview(context);
  return {
    reviewId: request.reviewId,
    boardId: request.board.boardId,
    product: request.product,
    gate: request.gate,
    state: stateOf(snapshot),
    summary: summaries[stateOf(snapshot)](snapshot),
    requestedBy: request.requestedBy,
    papers: request.papers,
    selfAssessment: request.selfAssessment,
    ...(request.principles ? { principles: request.principles } : {}),
    openedAt: context.openedAt,
    votingClosesAt: closesAtOf(context),
    ...(closeMoved(context.lateQuorum) ? { lateQuorum: context.lateQuorum } : {}),
    ...(context.closedAt ? { closedAt: context.closedAt } : {}),
    voted,
    yetToVote: voters.filter((id) => !voted.includes(id)).map((id) => ({ id, name: memberName(request.board, id) })),
    recusals: context.recusals,
    ...(removed.length ? { removedDuringVote: removed } : {}),
    procedure: request.procedure,
    ...(request.meetingId ? { meetingId: request.meetingId } : {}),
    ...(context.assessment ? { assessment: context.assessment } : {}),
    results: resultsSeenBy(resultsVisibilityOf(context.voting), context.decision?.tally ?? currentTally(context), context.decision !== undefined, reader),
    ...(context.decision ? { tally: context.decision.tally, decision: context.decision } : {}),
    ...(asker === undefined ? {} : { may: mayOf(snapshot, asker) }),
  };
}
