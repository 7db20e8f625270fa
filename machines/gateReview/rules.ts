/**
 * The rules of a gate review as pure functions: who may do what, and what the
 * votes decide. Each refusal is a sentence the person refused can act on; the
 * machine's guards are these rules read as "no refusal".
 */
import { isMember, isSecretariat, memberName, type BoardRoster } from '../kernel/roster';
import { gateRefusal, type Gate } from '../kernel/lifecycle';
import { count, countedVerdict, describePassingRule, describeTally, hasQuorum, tally, type Tally, type Vote, type VotingPolicy } from '../kernel/voting';
import { afterCount, closeMoved, extensionWords, type LateQuorum } from '../kernel/lateQuorum';
import { countedVotes, electorateOf, eligibilityRefusal, eligibleVoters, removalApplies, removalWords, type Electorate, type Removal } from '../kernel/eligibility';
import { boardProcessId } from '../kernel/ids';
import type { GateReviewCommand, ParsedGateReviewRequest } from './schema';

export interface Recusal {
  readonly by: string;
  readonly interest: string;
  readonly at: string;
}

export interface CastingVote {
  readonly by: string;
  readonly choice: 'approve' | 'reject';
  readonly reason?: string;
  readonly at: string;
}

/** A technical assessment the board commissioned for the item; the decision waits for it or its deadline. */
export interface Assessment {
  readonly commissionedBy: string;
  readonly commissionedAt: string;
  readonly assessor: string;
  readonly question: string;
  readonly dueAt: string;
  readonly report?: { readonly by: string; readonly report: string; readonly summary?: string; readonly at: string };
  /** The deadline passed with no report: the item is decided without it. */
  readonly overdue?: boolean;
}

export interface GateReviewContext {
  readonly request: ParsedGateReviewRequest;
  readonly openedAt: string;
  /** Sends the notices of `GateReviewInput.notices`. */
  readonly notices?: true;
  /** Votes recorded so far, a changed vote included: numbers each confirmation. */
  readonly votesRecorded?: number;
  readonly voting: VotingPolicy;
  readonly votes: readonly Vote[];
  readonly recusals: readonly Recusal[];
  readonly closedAt?: string;
  readonly castingVote?: CastingVote;
  readonly assessment?: Assessment;
  readonly decision?: DecisionRecord;
  /**
   * The late-quorum rule and what it did (machines/kernel/lateQuorum.ts): present only in a review opened
   * under a policy with lateQuorumHours above 0, which no policy could name before the rule existed (the
   * policy schema is strict), so a review recorded before it has none and replays as it ran.
   */
  readonly lateQuorum?: LateQuorum;
  /**
   * Who may vote (machines/kernel/eligibility.ts): kept once the board has removed a member during the vote;
   * until then it is the roster the review was opened with (`electorateOfReview`).
   */
  readonly electorate?: Electorate;
}

export type Outcome = 'approved' | 'approvedWithConditions' | 'rejected' | 'deferred';
export type DeferralReason = 'noQuorum' | 'tie';

export interface Condition {
  readonly text: string;
  readonly setBy: string;
}

/** What the decision register keeps of a gate review. */
export interface DecisionRecord {
  readonly decisionId: string;
  readonly kind: 'gateReview';
  readonly boardId: string;
  readonly product: ParsedGateReviewRequest['product'];
  readonly gate: Gate;
  readonly outcome: Outcome;
  readonly deferredBecause?: DeferralReason;
  /** One sentence saying why the outcome follows from the votes. */
  readonly explanation: string;
  readonly tally: Tally;
  readonly passingRule: string;
  readonly votes: readonly Vote[];
  readonly recusals: readonly Recusal[];
  readonly castingVote?: CastingVote;
  readonly conditions: readonly Condition[];
  readonly selfAssessment: ParsedGateReviewRequest['selfAssessment'];
  readonly papers: readonly string[];
  readonly requestedBy: string;
  readonly openedAt: string;
  readonly closedAt: string;
  // Added with meetings: absent from records of reviews opened before them.
  readonly procedure?: 'meeting' | 'written';
  readonly meetingId?: string;
  readonly carriedOverFrom?: string;
  /** Whether the board met its composition policy when the item was placed, and what was unmet. */
  readonly composition?: ParsedGateReviewRequest['composition'];
  readonly principles?: ParsedGateReviewRequest['principles'];
  readonly assessment?: Assessment;
  /** Present when a late quorum moved the close: when quorum was first reached, and the close it moved from and to. */
  readonly lateQuorum?: Required<LateQuorum>;
  /** Present when the board removed members while the vote was open: they did not vote, nor count toward the quorum. */
  readonly removedDuringVote?: readonly Removal[];
  /** Who is told when the decision is published; the register does not keep it. */
  readonly notify?: readonly string[];
}

const roster = (ctx: GateReviewContext): BoardRoster => ctx.request.board;

/** Who may vote: the roster frozen as the review opened, less the members the board has removed since. */
export const electorateOfReview = (ctx: Pick<GateReviewContext, 'electorate' | 'request' | 'openedAt'>): Electorate => ctx.electorate ?? electorateOf(ctx.request.board, ctx.openedAt);

/** The members who may vote and count toward quorum: not removed during the vote, not recused. */
export const reviewVoters = (ctx: Pick<GateReviewContext, 'electorate' | 'request' | 'openedAt' | 'recusals'>): string[] =>
  eligibleVoters(electorateOfReview(ctx), ctx.recusals.map((r) => r.by));

/** When voting closes: as requested, or later where a late quorum moved it. */
export const closesAtOf = (ctx: Pick<GateReviewContext, 'request' | 'lateQuorum'>): string => ctx.lateQuorum?.closesAt ?? ctx.request.votingClosesAt;

/** The late-quorum rule after the latest vote or declaration (at `at`), where the review has the rule. */
export const lateQuorumAfter = (ctx: GateReviewContext, at: string): LateQuorum | undefined =>
  ctx.lateQuorum && afterCount(ctx.lateQuorum, hasQuorum(currentTally(ctx), ctx.voting), at, ctx.request.votingClosesAt);


const reviewName = (ctx: GateReviewContext) => `gate review ${ctx.request.reviewId}`;
const voteOf = (ctx: GateReviewContext, by: string) => ctx.votes.find((v) => v.by === by);
const recusalOf = (ctx: GateReviewContext, by: string) => ctx.recusals.find((r) => r.by === by);

/** Why the request cannot open a gate review, or undefined when it can. */
export function requestRefusal(request: ParsedGateReviewRequest, now: Date): string | undefined {
  const { board, requestedBy } = request;
  if (request.procedure === 'written') {
    if (board.chair !== requestedBy) return `${requestedBy} may not call a written procedure on ${board.boardId}: only the chair (${board.chair}) may.`;
  } else if (!isSecretariat(board, requestedBy))
    return `${requestedBy} does not hold the secretariat role of ${board.boardId}; only the secretariat (${board.secretariat.join(', ')}) may request a gate review.`;
  const gate = gateRefusal(request.product.id, request.product.stage, request.gate);
  if (gate) return gate;
  if (Date.parse(request.votingClosesAt) <= now.getTime())
    return `Voting cannot close at ${request.votingClosesAt}: that is not in the future (now ${now.toISOString()}).`;
  return undefined;
}

function membershipRefusal(ctx: GateReviewContext, by: string, action: string): string | undefined {
  if (isMember(roster(ctx), by)) return undefined;
  const ids = roster(ctx).members.map((m) => m.id).join(', ');
  return `${by} is not a member of ${roster(ctx).boardId}, so cannot ${action} on ${reviewName(ctx)}. Its members are: ${ids}.`;
}

/** A member the board removed while the review was open: no longer votes, declares or commissions on it. */
const removedRefusal = (ctx: GateReviewContext, by: string): string | undefined =>
  eligibilityRefusal(electorateOfReview(ctx), by, reviewName(ctx), memberName(roster(ctx), by));

function recusedRefusal(ctx: GateReviewContext, by: string): string | undefined {
  const recusal = recusalOf(ctx, by);
  if (!recusal) return undefined;
  return `${memberName(roster(ctx), by)} declared an interest in ${reviewName(ctx)} ("${recusal.interest}") and is recused: the vote was not recorded.`;
}

/**
 * A second vote is refused without saying what the first was: the refusal goes to whoever claims the
 * member's id, and a Signal's refusal is kept in the audit anyone with a Temporal client can read. It
 * says only *that* they voted, and how to change the vote (issue 14: votes are secret until they are counted).
 */
const alreadyVoted = (ctx: GateReviewContext, by: string) =>
  `You have already voted on ${reviewName(ctx)}; a second vote was not recorded. To change your vote, add --change: ` +
  `govern vote ${ctx.request.reviewId} --as ${by} --choice CHOICE --change (the changeVote command).`;

type CommandOf<T extends GateReviewCommand['type']> = Extract<GateReviewCommand, { type: T }>;

export const gateReviewRules = {
  'vote.cast': (ctx: GateReviewContext, e: CommandOf<'vote.cast'>) =>
    membershipRefusal(ctx, e.by, 'vote') ??
    removedRefusal(ctx, e.by) ??
    recusedRefusal(ctx, e.by) ??
    (voteOf(ctx, e.by) ? alreadyVoted(ctx, e.by) : undefined),

  'vote.changed': (ctx: GateReviewContext, e: CommandOf<'vote.changed'>) =>
    membershipRefusal(ctx, e.by, 'vote') ??
    removedRefusal(ctx, e.by) ??
    recusedRefusal(ctx, e.by) ??
    (voteOf(ctx, e.by) ? undefined : `${memberName(roster(ctx), e.by)} has not voted on ${reviewName(ctx)} yet: cast a vote first.`),

  'interest.declared': (ctx: GateReviewContext, e: CommandOf<'interest.declared'>) =>
    membershipRefusal(ctx, e.by, 'declare an interest') ??
    removedRefusal(ctx, e.by) ??
    (recusalOf(ctx, e.by) ? `${memberName(roster(ctx), e.by)} has already declared an interest in ${reviewName(ctx)} and is recused.` : undefined),

  'voting.closed': (ctx: GateReviewContext, e: CommandOf<'voting.closed'>) =>
    isSecretariat(roster(ctx), e.by) || roster(ctx).chair === e.by
      ? undefined
      : `${e.by} may not close voting on ${reviewName(ctx)}: only the secretariat or the chair (${roster(ctx).chair}) may.`,

  'assessment.commissioned': (ctx: GateReviewContext, e: CommandOf<'assessment.commissioned'>) =>
    (isSecretariat(roster(ctx), e.by) || (isMember(roster(ctx), e.by) && removalApplies(electorateOfReview(ctx), e.by))
      ? undefined
      : `${e.by} may not commission an assessment for ${reviewName(ctx)}: only the board's members, its chair, or the secretariat on the board's behalf may.`) ??
    (ctx.assessment
      ? `An assessment by ${ctx.assessment.assessor} was already commissioned for ${reviewName(ctx)} (due ${ctx.assessment.dueAt}).`
      : Date.parse(e.dueAt) <= Date.parse(e.at)
        ? `The assessment's due date ${e.dueAt} is not in the future.`
        : undefined),

  'assessment.reported': (ctx: GateReviewContext, e: CommandOf<'assessment.reported'>) =>
    (isSecretariat(roster(ctx), e.by) ? undefined : `${e.by} may not record an assessment report: the secretariat records reports as they arrive.`) ??
    (!ctx.assessment
      ? `No assessment was commissioned for ${reviewName(ctx)}.`
      : ctx.assessment.report
        ? `The assessment for ${reviewName(ctx)} was already reported at ${ctx.assessment.report.at}.`
        : ctx.assessment.overdue
          ? `The assessment for ${reviewName(ctx)} was due at ${ctx.assessment.dueAt} and is overdue: the board decides without it, and a late report is not recorded.`
          : undefined),

  'publication.retried': (ctx: GateReviewContext, e: CommandOf<'publication.retried'>) =>
    isSecretariat(roster(ctx), e.by) ? undefined : `${e.by} may not retry publication of ${reviewName(ctx)}: only the secretariat may.`,

  'castingVote.cast': (ctx: GateReviewContext, e: CommandOf<'castingVote.cast'>) =>
    roster(ctx).chair === e.by
      ? undefined
      : `${e.by} does not hold the casting vote on ${reviewName(ctx)}: only the chair (${memberName(roster(ctx), roster(ctx).chair)}) does.`,

  'member.removed': (ctx: GateReviewContext, e: CommandOf<'member.removed'>) =>
    (e.by === boardProcessId(roster(ctx).boardId)
      ? undefined
      : `Only the process of the board ${roster(ctx).boardId} tells ${reviewName(ctx)} that a member was removed; ${e.by} cannot. The secretariat removes a member on the board itself (govern board remove MEMBER_ID --reason …).`) ??
    (removalApplies(electorateOfReview(ctx), e.memberId)
      ? undefined
      : `${e.memberId} is not among the members who may vote on ${reviewName(ctx)} (the roster when it opened, less those removed since); nothing changed.`),
} satisfies { [K in GateReviewCommand['type']]: (ctx: GateReviewContext, e: CommandOf<K>) => string | undefined };

/** The refusal for `event` under the rules, whatever the state. */
export function ruleRefusal(ctx: GateReviewContext, event: GateReviewCommand): string | undefined {
  const rule = gateReviewRules[event.type] as (c: GateReviewContext, e: GateReviewCommand) => string | undefined;
  return rule(ctx, event);
}

/** The count as it stands: the votes of members who may vote, out of those members (eligibility.ts). */
export const currentTally = (ctx: GateReviewContext): Tally => {
  const voters = reviewVoters(ctx);
  return tally(countedVotes(ctx.votes, voters), voters.length, ctx.voting);
};

/** Voting has closed but a commissioned assessment is neither in nor overdue. */
export const awaitsAssessment = (ctx: GateReviewContext): boolean => !!ctx.assessment && !ctx.assessment.report && !ctx.assessment.overdue;

/** A tie the chair may settle: quorate, tied under the majority rule, and the policy gives the chair a casting vote. */
export const awaitsCastingVote = (ctx: GateReviewContext): boolean => {
  const t = currentTally(ctx);
  return ctx.voting.chairHasCastingVote && hasQuorum(t, ctx.voting) && count(t, ctx.voting.passing) === 'tied';
};

interface Verdict {
  readonly outcome: Outcome;
  readonly deferredBecause?: DeferralReason;
  readonly explanation: string;
}

function verdict(ctx: GateReviewContext, t: Tally): Verdict {
  if (!hasQuorum(t, ctx.voting))
    return { outcome: 'deferred', deferredBecause: 'noQuorum', explanation: `Deferred to the next meeting: no quorum (${describeTally(t)}).` };
  return countedVerdict(t, ctx.voting, ctx.castingVote, { deferredTo: 'the next meeting', noCastingVote: 'the chair did not give a casting vote in time', tally: describeTally(t) });
}

/** The decision record the votes imply once voting has closed. */
export function decide(ctx: GateReviewContext): DecisionRecord {
  const t = currentTally(ctx);
  const { explanation, ...v } = verdict(ctx, t);
  const { request } = ctx;
  const electorate = electorateOfReview(ctx);
  const counted = countedVotes(ctx.votes, reviewVoters(ctx));
  const approving = v.outcome === 'approved' || v.outcome === 'approvedWithConditions';
  return {
    decisionId: request.reviewId,
    kind: 'gateReview',
    boardId: request.board.boardId,
    product: request.product,
    gate: request.gate,
    ...v,
    explanation: (ctx.lateQuorum ? explanation + extensionWords(ctx.lateQuorum) : explanation) + removalWords(electorate, (id) => memberName(roster(ctx), id)),
    tally: t,
    passingRule: describePassingRule(ctx.voting.passing),
    votes: counted,
    recusals: ctx.recusals,
    ...(ctx.castingVote ? { castingVote: ctx.castingVote } : {}),
    conditions: approving
      ? counted.flatMap((vote) => (vote.conditions ?? []).map((text) => ({ text, setBy: vote.by })))
      : [],
    selfAssessment: request.selfAssessment,
    papers: request.papers,
    requestedBy: request.requestedBy,
    openedAt: ctx.openedAt,
    closedAt: ctx.closedAt ?? closesAtOf(ctx),
    procedure: request.procedure,
    ...(request.meetingId ? { meetingId: request.meetingId } : {}),
    ...(request.carriedOverFrom ? { carriedOverFrom: request.carriedOverFrom } : {}),
    ...(request.composition ? { composition: request.composition } : {}),
    ...(request.principles ? { principles: request.principles } : {}),
    ...(ctx.assessment ? { assessment: ctx.assessment } : {}),
    ...(closeMoved(ctx.lateQuorum) ? { lateQuorum: ctx.lateQuorum } : {}),
    ...(electorate.removed.length ? { removedDuringVote: electorate.removed } : {}),
    ...(request.subscribers?.length ? { notify: request.subscribers } : {}),
  };
}
