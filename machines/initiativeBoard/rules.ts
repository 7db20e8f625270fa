/**
 * The rules of the initiative board as pure functions: who may do what in a
 * quarter, what the votes on an item decide, and what an approved item
 * changes. Refusals are sentences the person refused can act on; the machine's
 * guards read them as "no refusal".
 */
import { isMember, isSecretariat, memberName, type BoardRoster } from '../kernel/roster';
import type { Principle } from '../productBoard/schema';
import type { Meeting } from '../kernel/calendar';
import type { CompositionStatus } from '../kernel/composition';
import type { CastingVote, Condition, Recusal } from '../gateReview/rules';
import type { InitiativeCommand, InitiativeCommandOf, Proposal } from './schema';
import { votingPolicyFor, withChanges, type InitiativePolicy, type InitiativeVotingPolicy } from './policy';
import { countedVerdict, describePassingRule, hasQuorum, tally, type Tally, type Vote } from '../kernel/voting';

export type Source =
  | { readonly kind: 'member' | 'secretariat'; readonly by: string }
  | { readonly kind: 'productBoard'; readonly by: string }
  | { readonly kind: 'public'; readonly by?: string; readonly submissionId: string };

/** Research the board commissioned for an item; the item is not decided until the report is in. */
export interface Research {
  readonly commissionedBy: string;
  readonly commissionedAt: string;
  readonly researcher: string;
  readonly question: string;
  readonly dueAt: string;
  readonly report?: { readonly by: string; readonly report: string; readonly summary?: string; readonly at: string };
}

export interface InitiativeItem {
  readonly itemId: string;
  readonly title: string;
  readonly text: string;
  readonly proposal: Proposal;
  readonly source: Source;
  readonly openedAt: string;
  /** The voting rules in force when the item was opened: a later policy change does not reach it. */
  readonly voting: InitiativeVotingPolicy;
  readonly votes: readonly Vote[];
  readonly recusals: readonly Recusal[];
  readonly castingVote?: CastingVote;
  readonly research?: Research;
  /** Submissions the secretariat merged into this item. */
  readonly merged: readonly string[];
  /** The meetings that deferred it, oldest first. */
  readonly deferredFrom: readonly string[];
}

export type SubmissionStatus = 'awaitingTriage' | 'accepted' | 'merged' | 'declined';

export interface Submission {
  readonly submissionId: string;
  readonly title: string;
  readonly text: string;
  readonly proposal?: Proposal;
  /** Absent when the submitter chose to stay anonymous. */
  readonly submittedBy?: string;
  readonly submittedAt: string;
  /** The secretariat answers by then. */
  readonly triageBy: string;
  readonly status: SubmissionStatus;
  readonly overdue?: boolean;
  readonly triage?: { readonly by: string; readonly at: string; readonly reason: string; readonly itemId?: string };
}

export interface Action {
  readonly actionId: string;
  readonly text: string;
  readonly owner: string;
  readonly itemId?: string;
  readonly recordedAt: string;
  readonly recordedBy: string;
  readonly completed?: { readonly by: string; readonly at: string; readonly evidence: string };
}

export interface RecognisedResource {
  readonly id: string;
  readonly kind: 'dataset' | 'model' | 'service';
  readonly name: string;
  readonly url?: string;
  readonly decisionId: string;
  readonly at: string;
}

export interface Stakeholder {
  readonly id: string;
  readonly level: 'user' | 'member' | 'contributor' | 'connector' | 'anchorPartner';
}

export interface Change {
  readonly at: string;
  readonly by: string;
  readonly change: string;
  readonly reference?: string;
}

export interface Attendance {
  readonly present: readonly string[];
  readonly recordedBy: string;
  readonly at: string;
}

export type InitiativeOutcome = 'approved' | 'approvedWithConditions' | 'rejected' | 'deferred';
export type InitiativeDeferral = 'noQuorum' | 'noLivedExperience' | 'tie' | 'awaitingResearch';

/** What the register keeps of one item decided (or deferred) at a quarterly meeting. */
export interface InitiativeDecisionRecord {
  readonly decisionId: string;
  readonly kind: 'initiativeDecision';
  readonly boardId: string;
  readonly meetingId: string;
  readonly itemId: string;
  readonly title: string;
  readonly text: string;
  readonly proposal: Proposal;
  readonly source: Source;
  readonly outcome: InitiativeOutcome;
  readonly deferredBecause?: InitiativeDeferral;
  readonly explanation: string;
  readonly tally: Tally;
  readonly livedExperienceVoting: number;
  readonly passingRule: string;
  readonly votes: readonly Vote[];
  readonly recusals: readonly Recusal[];
  readonly castingVote?: CastingVote;
  readonly conditions: readonly Condition[];
  readonly research?: Research;
  readonly composition: CompositionStatus;
  /** What the decision changed, in a sentence; absent for a rejection or deferral. */
  readonly effect?: string;
  readonly openedAt: string;
  readonly decidedAt: string;
  readonly deferredFrom: readonly string[];
  /** Who is told when it is published; the register does not keep it. */
  readonly notify?: readonly string[];
}

/** What the register keeps of a quarterly meeting. */
export interface InitiativeMinutesRecord {
  readonly decisionId: string;
  readonly kind: 'initiativeMinutes';
  readonly boardId: string;
  readonly meeting: Meeting;
  readonly attendance?: Attendance;
  readonly apologies: readonly string[];
  readonly livedExperiencePresent: number;
  readonly composition: CompositionStatus;
  readonly compositionSummary: string;
  readonly items: readonly { readonly itemId: string; readonly title: string; readonly decision: Proposal['decision']; readonly outcome: InitiativeOutcome; readonly deferredBecause?: InitiativeDeferral }[];
  readonly submissions: readonly { readonly submissionId: string; readonly status: SubmissionStatus; readonly reason?: string }[];
  /** Open actions, carried to the next quarter. */
  readonly actionsCarried: readonly { readonly actionId: string; readonly text: string; readonly owner: string }[];
  readonly notify?: readonly string[];
}

/** What the register keeps of the secretariat's answer to a public submission. */
export interface TriageRecord {
  readonly decisionId: string;
  readonly kind: 'submissionTriage';
  readonly boardId: string;
  readonly submissionId: string;
  readonly title: string;
  readonly outcome: Exclude<SubmissionStatus, 'awaitingTriage'>;
  readonly reason: string;
  readonly itemId?: string;
  readonly triagedBy: string;
  readonly triagedAt: string;
  readonly notify?: readonly string[];
}

export interface InitiativeContext {
  readonly roster: BoardRoster;
  readonly policy: InitiativePolicy;
  readonly principles: readonly Principle[];
  readonly productBoardId?: string;
  readonly composition: CompositionStatus;
  readonly strategy?: { readonly focus: string; readonly kpis: readonly { name: string; target: string }[]; readonly decisionId: string; readonly at: string };
  readonly recognised: readonly RecognisedResource[];
  readonly withdrawn: readonly (RecognisedResource & { readonly withdrawnBy: string; readonly withdrawnAt: string })[];
  readonly funding: readonly { readonly gap: string; readonly priority: 'high' | 'medium' | 'low'; readonly decisionId: string; readonly at: string; readonly research?: Research }[];
  readonly subscribers: readonly Stakeholder[];
  /** This quarter's meeting. */
  readonly quarter: Meeting;
  /** Items this quarter's meeting decides: fixed when the papers are circulated. */
  readonly agenda: readonly InitiativeItem[];
  /** Items opened after the papers deadline, and items deferred: the next quarter's. */
  readonly later: readonly InitiativeItem[];
  readonly papersCirculated: boolean;
  readonly attendance?: Attendance;
  readonly submissions: readonly Submission[];
  /** The triage deadline the board's one triage timer is set for, if any submission waits. */
  readonly triageTimerAt?: string;
  readonly actions: readonly Action[];
  /** The decisions of the last meeting held, as published. */
  readonly lastMeeting?: {
    readonly meetingId: string;
    /** Absent from runs recorded before it was kept. */
    readonly endedAt?: string;
    readonly decisions: readonly Pick<InitiativeDecisionRecord, 'decisionId' | 'itemId' | 'title' | 'outcome' | 'deferredBecause' | 'effect'>[];
  };
  readonly changes: readonly Change[];
  /** Activities under way (by actor id): the process does not continue as new while any is. */
  readonly inFlight: readonly string[];
  readonly counters: { readonly items: number; readonly submissions: number; readonly actions: number };
  readonly quartersHeld: number;
  /** `quartersHeld` when this run of the process began: a run closes once a quarter has passed. */
  readonly runStartedAtQuarter: number;
  readonly runs: number;
  readonly clock: string;
}

const boardName = (ctx: InitiativeContext) => `the initiative board ${ctx.roster.boardId}`;
const allItems = (ctx: InitiativeContext) => [...ctx.agenda, ...ctx.later];
const findItem = (ctx: InitiativeContext, itemId: string) => allItems(ctx).find((i) => i.itemId === itemId);
const name = (ctx: InitiativeContext, id: string) => memberName(ctx.roster, id);

function secretariatOnly(ctx: InitiativeContext, by: string, action: string): string | undefined {
  return isSecretariat(ctx.roster, by) ? undefined : `${by} may not ${action}: only the secretariat of ${boardName(ctx)} (${ctx.roster.secretariat.join(', ')}) may.`;
}

function membersOnly(ctx: InitiativeContext, by: string, action: string): string | undefined {
  return isMember(ctx.roster, by) ? undefined : `${by} is not a member of ${boardName(ctx)}, so cannot ${action}. Its members are: ${ctx.roster.members.map((m) => m.id).join(', ')}.`;
}

/** An item members may vote on now: on this quarter's agenda. */
function votableItem(ctx: InitiativeContext, itemId: string): string | undefined {
  if (ctx.agenda.some((i) => i.itemId === itemId)) return undefined;
  if (ctx.later.some((i) => i.itemId === itemId))
    return `Item ${itemId} is on the agenda of the quarter after ${ctx.quarter.meetingId}; voting on it opens when that quarter begins.`;
  return `There is no item ${itemId} on the agenda of ${ctx.quarter.meetingId}. See the agenda with: govern initiative agenda.`;
}

const recusalOf = (item: InitiativeItem, by: string) => item.recusals.find((r) => r.by === by);
const voteOf = (item: InitiativeItem, by: string) => item.votes.find((v) => v.by === by);

function voteRefusal(ctx: InitiativeContext, e: InitiativeCommandOf<'vote.cast' | 'vote.changed'>): string | undefined {
  const item = findItem(ctx, e.itemId);
  const recusal = item && recusalOf(item, e.by);
  return (
    membersOnly(ctx, e.by, `vote on ${e.itemId}`) ??
    votableItem(ctx, e.itemId) ??
    (recusal ? `${name(ctx, e.by)} declared an interest in ${e.itemId} ("${recusal.interest}") and is recused: the vote was not recorded.` : undefined) ??
    (e.type === 'vote.cast' && voteOf(item!, e.by)
      ? `${name(ctx, e.by)} has already voted (${voteOf(item!, e.by)!.choice}) on ${e.itemId}; a second vote was not recorded. To change it before the meeting ends, send changeVote (govern initiative vote … --change).`
      : e.type === 'vote.changed' && !voteOf(item!, e.by)
        ? `${name(ctx, e.by)} has not voted on ${e.itemId} yet: cast a vote first.`
        : undefined)
  );
}

/** Why the proposal cannot be put to the board as things stand, or undefined. */
function proposalRefusal(ctx: InitiativeContext, proposal: Proposal): string | undefined {
  switch (proposal.decision) {
    case 'principle': {
      const exists = ctx.principles.some((p) => p.id === proposal.principle.id);
      if (proposal.action === 'adopt' && exists) return `A guiding principle with id ${proposal.principle.id} is already in force: propose to revise it instead.`;
      if (proposal.action === 'revise' && !exists)
        return `There is no guiding principle ${proposal.principle.id} to revise; the principles in force are: ${ctx.principles.map((p) => p.id).join(', ') || 'none'}.`;
      return undefined;
    }
    case 'recognition':
      return ctx.recognised.some((r) => r.id === proposal.resource.id) ? `${proposal.resource.id} is already recognised as part of the infrastructure.` : undefined;
    case 'withdrawal':
      return ctx.recognised.some((r) => r.id === proposal.resourceId)
        ? undefined
        : `${proposal.resourceId} is not recognised as part of the infrastructure, so there is nothing to withdraw. Recognised: ${ctx.recognised.map((r) => r.id).join(', ') || 'none'}.`;
    case 'governance':
      if (proposal.productBoard && !ctx.productBoardId) return 'No product board is configured for this initiative board, so its policy cannot be changed from here.';
      return proposal.seats !== undefined && proposal.seats < ctx.roster.members.length
        ? `${proposal.seats} seats is fewer than the ${ctx.roster.members.length} members sitting: remove members first.`
        : undefined;
    default:
      return undefined;
  }
}

export const initiativeRules = {
  'submission.made': () => undefined,

  'submission.triaged': (ctx: InitiativeContext, e: InitiativeCommandOf<'submission.triaged'>) => {
    const submission = ctx.submissions.find((s) => s.submissionId === e.submissionId);
    const proposal = e.proposal ?? submission?.proposal;
    return (
      secretariatOnly(ctx, e.by, 'triage a submission') ??
      (!submission ? `There is no submission ${e.submissionId} awaiting triage on ${boardName(ctx)}.` : undefined) ??
      (submission!.status !== 'awaitingTriage' ? `Submission ${e.submissionId} was already ${submission!.status} on ${submission!.triage?.at}.` : undefined) ??
      (e.outcome === 'accepted' && !proposal
        ? `Say what the board will decide: submission ${e.submissionId} has no proposal, so accepting it needs one (decision principle, strategy, recognition, withdrawal, funding or governance).`
        : undefined) ??
      (e.outcome === 'accepted' ? proposalRefusal(ctx, proposal!) : undefined) ??
      (e.outcome === 'merged' && !findItem(ctx, e.mergedInto!) ? `There is no open item ${e.mergedInto} to merge submission ${e.submissionId} into.` : undefined)
    );
  },

  'item.proposed': (ctx: InitiativeContext, e: InitiativeCommandOf<'item.proposed'>) =>
    (e.referredBy
      ? secretariatOnly(ctx, e.by, 'put a product board referral on the agenda')
      : isMember(ctx.roster, e.by) || isSecretariat(ctx.roster, e.by)
        ? undefined
        : `${e.by} may not propose an item directly: members and the secretariat may. Anyone may send it as a public submission (govern initiative submit).`) ??
    proposalRefusal(ctx, e.proposal),

  'interest.declared': (ctx: InitiativeContext, e: InitiativeCommandOf<'interest.declared'>) =>
    membersOnly(ctx, e.by, `declare an interest in ${e.itemId}`) ??
    (findItem(ctx, e.itemId) ? undefined : `There is no open item ${e.itemId}.`) ??
    (recusalOf(findItem(ctx, e.itemId)!, e.by) ? `${name(ctx, e.by)} has already declared an interest in ${e.itemId} and is recused.` : undefined),

  'vote.cast': voteRefusal,
  'vote.changed': voteRefusal,

  'castingVote.cast': (ctx: InitiativeContext, e: InitiativeCommandOf<'castingVote.cast'>) =>
    (ctx.roster.chair === e.by ? undefined : `${e.by} does not hold the casting vote: only the chair (${name(ctx, ctx.roster.chair)}) does.`) ??
    votableItem(ctx, e.itemId) ??
    (findItem(ctx, e.itemId)!.voting.chairHasCastingVote ? undefined : `The policy in force when ${e.itemId} was opened gives the chair no casting vote; a tie is deferred to the next quarter.`),

  'attendance.recorded': (ctx: InitiativeContext, e: InitiativeCommandOf<'attendance.recorded'>) => {
    const strangers = e.present.filter((id) => !isMember(ctx.roster, id));
    return (
      secretariatOnly(ctx, e.by, 'record attendance') ??
      (strangers.length ? `${strangers.join(', ')} ${strangers.length === 1 ? 'is' : 'are'} not a member of ${boardName(ctx)}; attendance was not recorded.` : undefined)
    );
  },

  'research.commissioned': (ctx: InitiativeContext, e: InitiativeCommandOf<'research.commissioned'>) => {
    const item = findItem(ctx, e.itemId);
    return (
      (isMember(ctx.roster, e.by) || isSecretariat(ctx.roster, e.by) ? undefined : `${e.by} may not commission research: the board's members and its secretariat may.`) ??
      (!item ? `There is no open item ${e.itemId}.` : undefined) ??
      (item!.research ? `Research by ${item!.research.researcher} was already commissioned for ${e.itemId} (due ${item!.research.dueAt}).` : undefined) ??
      (Date.parse(e.dueAt) <= Date.parse(e.at) ? `The research's due date ${e.dueAt} is not in the future.` : undefined)
    );
  },

  'research.reported': (ctx: InitiativeContext, e: InitiativeCommandOf<'research.reported'>) => {
    const item = findItem(ctx, e.itemId);
    return (
      secretariatOnly(ctx, e.by, 'record a research report') ??
      (!item?.research ? `No research was commissioned for ${e.itemId}.` : item.research.report ? `The research for ${e.itemId} was already reported at ${item.research.report.at}.` : undefined)
    );
  },

  'action.recorded': (ctx: InitiativeContext, e: InitiativeCommandOf<'action.recorded'>) => secretariatOnly(ctx, e.by, 'record an action'),

  'action.completed': (ctx: InitiativeContext, e: InitiativeCommandOf<'action.completed'>) => {
    const action = ctx.actions.find((a) => a.actionId === e.actionId);
    return (
      secretariatOnly(ctx, e.by, 'close an action') ??
      (!action ? `There is no action ${e.actionId}.` : action.completed ? `Action ${e.actionId} was already completed on ${action.completed.at}.` : undefined)
    );
  },

  'member.appointed': (ctx: InitiativeContext, e: InitiativeCommandOf<'member.appointed'>) =>
    secretariatOnly(ctx, e.by, 'appoint a member') ??
    (isMember(ctx.roster, e.member.id) ? `${e.member.id} is already a member of ${boardName(ctx)}.` : undefined) ??
    (ctx.roster.members.length >= ctx.roster.seats ? `All ${ctx.roster.seats} seats of ${boardName(ctx)} are filled: remove a member first, or change the seats by a governance decision.` : undefined),

  'member.removed': (ctx: InitiativeContext, e: InitiativeCommandOf<'member.removed'>) =>
    secretariatOnly(ctx, e.by, 'remove a member') ??
    (!isMember(ctx.roster, e.memberId) ? `${e.memberId} is not a member of ${boardName(ctx)}.` : undefined) ??
    (ctx.roster.chair === e.memberId ? `${e.memberId} chairs ${boardName(ctx)}: appoint another chair first (govern initiative chair MEMBER_ID).` : undefined),

  'chair.appointed': (ctx: InitiativeContext, e: InitiativeCommandOf<'chair.appointed'>) =>
    secretariatOnly(ctx, e.by, 'appoint the chair') ??
    (isMember(ctx.roster, e.memberId) ? undefined : `${e.memberId} is not a member of ${boardName(ctx)}; appoint them as a member first.`),

  'stakeholder.subscribed': (ctx: InitiativeContext, e: InitiativeCommandOf<'stakeholder.subscribed'>) =>
    ctx.subscribers.some((s) => s.id === e.by && s.level === e.level) ? `${e.by} is already subscribed (${e.level}).` : undefined,

  'stakeholder.unsubscribed': (ctx: InitiativeContext, e: InitiativeCommandOf<'stakeholder.unsubscribed'>) =>
    ctx.subscribers.some((s) => s.id === e.by) ? undefined : `${e.by} is not subscribed to ${boardName(ctx)}.`,
} satisfies { [K in InitiativeCommand['type']]: (ctx: InitiativeContext, e: InitiativeCommandOf<K>) => string | undefined };

/** The refusal for `event` under the rules, whatever the state. */
export function initiativeRuleRefusal(ctx: InitiativeContext, event: InitiativeCommand): string | undefined {
  const rule = initiativeRules[event.type] as (c: InitiativeContext, e: InitiativeCommand) => string | undefined;
  return rule(ctx, event);
}

export function openItem(ctx: InitiativeContext, { at, ...fields }: { title: string; text: string; proposal: Proposal; source: Source; at: string }): InitiativeItem {
  return {
    itemId: `${ctx.roster.boardId}-I${ctx.counters.items + 1}`,
    ...fields,
    openedAt: at,
    voting: votingPolicyFor(ctx.policy, fields.proposal.decision),
    votes: [],
    recusals: [],
    merged: [],
    deferredFrom: [],
  };
}

/** Who is told of what the board publishes: its members and every subscriber, once each. */
export const audience = (ctx: InitiativeContext): string[] => [...new Set([...ctx.roster.members.map((m) => m.id), ...ctx.subscribers.map((s) => s.id)])];

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const describeTally = (t: Tally, lived: number) =>
  `${plural(t.approve + t.approveWithConditions, 'approval')}, ${plural(t.reject, 'rejection')}, ${plural(t.abstain, 'abstention')}; ${t.cast} of ${t.eligible} eligible voted (${lived} with lived experience of poverty), quorum ${t.quorumNeeded}`;

interface Verdict {
  readonly outcome: InitiativeOutcome;
  readonly deferredBecause?: InitiativeDeferral;
  readonly explanation: string;
}

function verdict(ctx: InitiativeContext, item: InitiativeItem, t: Tally, lived: number): Verdict {
  const v = item.voting;
  if (item.research && !item.research.report)
    return { outcome: 'deferred', deferredBecause: 'awaitingResearch', explanation: `Carried to the next quarter: it waits for the research by ${item.research.researcher} (due ${item.research.dueAt}).` };
  if (!hasQuorum(t, v)) return { outcome: 'deferred', deferredBecause: 'noQuorum', explanation: `Deferred to the next quarter: no quorum (${describeTally(t, lived)}).` };
  if (lived < v.minLivedExperienceVoting)
    return {
      outcome: 'deferred',
      deferredBecause: 'noLivedExperience',
      explanation: `Deferred to the next quarter: the quorum needs at least ${plural(v.minLivedExperienceVoting, 'member')} with lived experience of poverty voting (${describeTally(t, lived)}).`,
    };
  return countedVerdict(t, v, item.castingVote, { deferredTo: 'the next quarter', noCastingVote: 'the chair gave no casting vote', tally: describeTally(t, lived) });
}

/** The record the votes on `item` imply at the end of the quarter's meeting. */
export function decideItem(ctx: InitiativeContext, item: InitiativeItem): InitiativeDecisionRecord {
  const eligibleMembers = ctx.roster.members.filter((m) => !item.recusals.some((r) => r.by === m.id));
  const votes = item.votes.filter((vote) => eligibleMembers.some((m) => m.id === vote.by));
  const t = tally(votes, eligibleMembers.length, item.voting);
  const lived = votes.filter((vote) => ctx.roster.members.find((m) => m.id === vote.by)?.livedExperience).length;
  const v = verdict(ctx, item, t, lived);
  const approving = v.outcome === 'approved' || v.outcome === 'approvedWithConditions';
  return {
    decisionId: `${ctx.quarter.meetingId}-${item.itemId}`,
    kind: 'initiativeDecision',
    boardId: ctx.roster.boardId,
    meetingId: ctx.quarter.meetingId,
    itemId: item.itemId,
    title: item.title,
    text: item.text,
    proposal: item.proposal,
    source: item.source,
    ...v,
    tally: t,
    livedExperienceVoting: lived,
    passingRule: describePassingRule(item.voting.passing),
    votes,
    recusals: item.recusals,
    ...(item.castingVote ? { castingVote: item.castingVote } : {}),
    conditions: approving ? votes.flatMap((vote) => (vote.conditions ?? []).map((text) => ({ text, setBy: vote.by }))) : [],
    ...(item.research ? { research: item.research } : {}),
    composition: ctx.composition,
    openedAt: item.openedAt,
    decidedAt: ctx.quarter.endsAt,
    deferredFrom: item.deferredFrom,
    notify: audience(ctx),
  };
}

export type Effects = Pick<InitiativeContext, 'principles' | 'strategy' | 'recognised' | 'withdrawn' | 'funding' | 'policy' | 'roster'>;

/** What an approved decision changes, and the sentence that says so. Changes apply to items opened afterwards. */
export function applyDecision(state: Effects, d: InitiativeDecisionRecord): { state: Effects; effect: string } {
  const p = d.proposal;
  const at = d.decidedAt;
  switch (p.decision) {
    case 'principle': {
      const others = state.principles.filter((x) => x.id !== p.principle.id);
      const revised = others.length < state.principles.length;
      return {
        state: { ...state, principles: revised ? state.principles.map((x) => (x.id === p.principle.id ? p.principle : x)) : [...state.principles, p.principle] },
        effect: `${revised ? 'Revised' : 'Adopted'} the guiding principle ${p.principle.id} ("${p.principle.title}"); product gates requested from now on are assessed against it.`,
      };
    }
    case 'strategy':
      return {
        state: { ...state, strategy: { focus: p.focus, kpis: p.kpis, decisionId: d.decisionId, at } },
        effect: `The strategy's focus is now: ${p.focus}${p.kpis.length ? ` (KPIs: ${p.kpis.map((k) => `${k.name} → ${k.target}`).join('; ')})` : ''}.`,
      };
    case 'recognition':
      if (state.recognised.some((r) => r.id === p.resource.id)) return { state, effect: `${p.resource.id} was already recognised; nothing changed.` };
      return {
        state: { ...state, recognised: [...state.recognised, { ...p.resource, decisionId: d.decisionId, at }] },
        effect: `Recognised the ${p.resource.kind} ${p.resource.name} (${p.resource.id}) as part of the infrastructure.`,
      };
    case 'withdrawal': {
      const resource = state.recognised.find((r) => r.id === p.resourceId);
      if (!resource) return { state, effect: `${p.resourceId} was no longer recognised; nothing changed.` };
      return {
        state: { ...state, recognised: state.recognised.filter((r) => r.id !== p.resourceId), withdrawn: [...state.withdrawn, { ...resource, withdrawnBy: d.decisionId, withdrawnAt: at }] },
        effect: `Withdrew recognition of the ${resource.kind} ${resource.name} (${resource.id}).`,
      };
    }
    case 'funding':
      return {
        state: { ...state, funding: [...state.funding, { gap: p.gap, priority: p.priority, decisionId: d.decisionId, at, ...(d.research ? { research: d.research } : {}) }] },
        effect: `Prioritised funding (${p.priority}) for the gap: ${p.gap}.`,
      };
    case 'governance': {
      const policy = p.changes ? withChanges(state.policy, p.changes) : state.policy;
      // Members appointed since the proposal keep their seats: a board never has fewer seats than members.
      const roster = p.seats !== undefined ? { ...state.roster, seats: Math.max(p.seats, state.roster.members.length) } : state.roster;
      const own = [...Object.keys(p.changes ?? {}), ...(p.seats !== undefined ? ['seats'] : [])];
      const changedHere = own.length ? `Changed this board's ${own.join(', ')}` : '';
      const changedThere = p.productBoard ? `the product board's ${Object.keys(p.productBoard).join(', ')}` : '';
      return {
        state: { ...state, policy, roster },
        effect: `${changedHere ? `${changedHere}${changedThere ? ` and ${changedThere}` : ''}` : `Changed ${changedThere}`}; the change applies to items opened from now on.`,
      };
    }
  }
}

/** Whether a decision was approved. */
export const approved = (d: InitiativeDecisionRecord) => d.outcome === 'approved' || d.outcome === 'approvedWithConditions';

/** An item carried to the next quarter: its votes start again there, under the rules it was opened with. */
export const carried = (item: InitiativeItem, meetingId: string): InitiativeItem => ({
  ...item,
  votes: [],
  castingVote: undefined,
  deferredFrom: [...item.deferredFrom, meetingId],
});
