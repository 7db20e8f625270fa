/**
 * Who may do what in a quarter of the initiative board, as pure functions. Each
 * refusal is a sentence the person refused can act on; the machine's guards read
 * them as "no refusal".
 */
import { isMember, isSecretariat, memberName } from '../kernel/roster';
import type { InitiativeCommand, InitiativeCommandOf, Proposal } from './schema';
import type { InitiativeContext, InitiativeItem } from './types';
import { eligibilityRefusal } from '../kernel/eligibility';
import { sameCard } from './goodDataCard';
import { flagRefusal, moderationRefusal } from '../kernel/moderation';
import { isTracked, kpiLineHint } from './kpis';
import { personId } from '../kernel/schema';

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

/**
 * Who may act on an item whose roster was frozen as voting opened (machines/kernel/eligibility.ts): a member
 * removed since, or appointed since, is refused in those words; anyone who was never among them as a stranger.
 * An item without a frozen roster (opened before the rule) takes the members as they stand.
 */
function itemMembersOnly(ctx: InitiativeContext, item: InitiativeItem | undefined, by: string, action: string): string | undefined {
  const electorate = item?.electorate;
  if (!electorate || (!isMember(ctx.roster, by) && !electorate.members.includes(by))) return membersOnly(ctx, by, action);
  return eligibilityRefusal(electorate, by, item.itemId, name(ctx, by));
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

/**
 * A second vote is refused without saying what the first was: the refusal goes to whoever claims the
 * member's id, and a Signal's refusal is kept in the audit anyone with a Temporal client can read. It
 * says only *that* they voted, and how to change the vote (issue 14: votes are secret until the meeting ends).
 */
const alreadyVoted = (itemId: string, by: string) =>
  `You have already voted on ${itemId}; a second vote was not recorded. To change your vote before the meeting ends, add --change: ` +
  `govern initiative vote ${itemId} --as ${by} --choice CHOICE --change (the changeVote command).`;

function voteRefusal(ctx: InitiativeContext, e: InitiativeCommandOf<'vote.cast' | 'vote.changed'>): string | undefined {
  const item = findItem(ctx, e.itemId);
  const recusal = item && recusalOf(item, e.by);
  return (
    itemMembersOnly(ctx, item, e.by, `vote on ${e.itemId}`) ??
    votableItem(ctx, e.itemId) ??
    (recusal ? `${name(ctx, e.by)} declared an interest in ${e.itemId} ("${recusal.interest}") and is recused: the vote was not recorded.` : undefined) ??
    (e.type === 'vote.cast' && voteOf(item!, e.by)
      ? alreadyVoted(e.itemId, e.by)
      : e.type === 'vote.changed' && !voteOf(item!, e.by)
        ? `${name(ctx, e.by)} has not voted on ${e.itemId} yet: cast a vote first.`
        : undefined)
  );
}

/** The item, this quarter's or the next, that puts a change to the card of the recognised `resourceId` to the board. */
export const cardChangeBefore = (ctx: InitiativeContext, resourceId: string): InitiativeItem | undefined =>
  allItems(ctx).find((i) => i.proposal.decision === 'recognition' && i.proposal.resource.id === resourceId);

/**
 * Why a recognition cannot be put to the board, on a board that asks for good-data cards: a resource is
 * recognised only with its card; a recognised one is proposed again only with a changed card, which puts
 * the change to the board, one change at a time.
 */
function recognitionRefusal(ctx: InitiativeContext, resource: Extract<Proposal, { decision: 'recognition' }>['resource']): string | undefined {
  const kind = `the ${resource.kind} ${resource.name} (${resource.id})`;
  if (!resource.card)
    return `Recognising ${kind} needs its good-data card: what it describes, where it comes from, who to contact, how it was made, and its licence. Add the card and propose it again.`;
  const recognised = ctx.recognised.find((r) => r.id === resource.id);
  if (!recognised) return undefined;
  if (sameCard(recognised.card, resource.card))
    return `${resource.id} is already recognised with this good-data card. To change its card, propose the recognition again with the changed card: the board then decides on the change.`;
  const before = cardChangeBefore(ctx, resource.id);
  return before ? `A change to the card of ${resource.id} is already before the board (${before.itemId}): let the board decide it first.` : undefined;
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
      return ctx.goodDataCards ? recognitionRefusal(ctx, proposal.resource) : ctx.recognised.some((r) => r.id === proposal.resource.id) ? `${proposal.resource.id} is already recognised as part of the infrastructure.` : undefined;
    case 'strategy': {
      if (!ctx.kpiTracking) return undefined;
      const worded = proposal.kpis.filter((k) => !isTracked(k));
      if (worded.length) return `Each KPI needs where it stands now, its target and the date to reach it, so that the board can follow it: ${worded.map((k) => k.name).join(', ')} ${worded.length === 1 ? 'has' : 'have'} only words. Write each as ${kpiLineHint}.`;
      const past = proposal.kpis.filter((k) => isTracked(k) && Date.parse(k.by) <= Date.parse(ctx.clock));
      return past.length ? `The date of ${past.map((k) => k.name).join(', ')} (${past.map((k) => (isTracked(k) ? k.by.slice(0, 10) : '')).join(', ')}) has already passed: give a date to come.` : undefined;
    }
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

/** A submission still on the board's list (the newest answered ones and every waiting one): the one flags and moderation reach. */
const listedSubmission = (ctx: InitiativeContext, submissionId: string) => ctx.submissions.find((s) => s.submissionId === submissionId);
const noSubmission = (ctx: InitiativeContext, submissionId: string) =>
  `There is no submission ${submissionId} on the list of ${boardName(ctx)}: check its reference (for example ${ctx.roster.boardId}-S4).`;

export const initiativeRules = {
  'submission.made': () => undefined,

  'submission.flagged': (ctx: InitiativeContext, e: InitiativeCommandOf<'submission.flagged'>) => {
    const submission = listedSubmission(ctx, e.submissionId);
    return submission ? flagRefusal(submission.moderation, e.by, `submission ${e.submissionId}`) : noSubmission(ctx, e.submissionId);
  },

  'submission.moderated': (ctx: InitiativeContext, e: InitiativeCommandOf<'submission.moderated'>) => {
    const submission = listedSubmission(ctx, e.submissionId);
    return (
      secretariatOnly(ctx, e.by, 'moderate a submission') ??
      (submission ? moderationRefusal(submission.moderation, `Submission ${e.submissionId}`, e.outcome) : noSubmission(ctx, e.submissionId)) ??
      (e.into === e.submissionId ? `A submission cannot repeat itself: name the earlier submission ${e.submissionId} repeats.` : undefined) ??
      (e.into && !listedSubmission(ctx, e.into) ? noSubmission(ctx, e.into) : undefined)
    );
  },

  'submission.triaged': (ctx: InitiativeContext, e: InitiativeCommandOf<'submission.triaged'>) => {
    const submission = ctx.submissions.find((s) => s.submissionId === e.submissionId);
    const proposal = e.proposal ?? submission?.proposal;
    return (
      secretariatOnly(ctx, e.by, 'triage a submission') ??
      (!submission ? `There is no submission ${e.submissionId} awaiting triage on ${boardName(ctx)}.` : undefined) ??
      (submission!.status !== 'awaitingTriage'
        ? `Submission ${e.submissionId} was already ${submission!.triage?.decisionId ? 'removed by moderation' : submission!.status} on ${submission!.triage?.at}.`
        : undefined) ??
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
    itemMembersOnly(ctx, findItem(ctx, e.itemId), e.by, `declare an interest in ${e.itemId}`) ??
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

  'action.recorded': (ctx: InitiativeContext, e: InitiativeCommandOf<'action.recorded'>) =>
    secretariatOnly(ctx, e.by, 'record an action') ??
    (!ctx.kpiTracking
      ? undefined
      : !e.dueAt
        ? 'Give the action a due date (dueAt; --due on the command line): the papers name an action past it, and its owner is told.'
        : Date.parse(e.dueAt) <= Date.parse(e.at)
          ? `The action's due date ${e.dueAt} is not in the future.`
          : personId.safeParse(e.owner).success
            ? undefined
            : `Name the action's owner by their id (for example ${ctx.roster.members[0]?.id ?? 'i-kofi'}), so that they can be told when it is due: "${e.owner.slice(0, 60)}" is not an id.`),

  'kpi.progressRecorded': (ctx: InitiativeContext, e: InitiativeCommandOf<'kpi.progressRecorded'>) => {
    const kpi = ctx.strategy?.kpis.find((k) => k.name === e.kpi);
    return (
      secretariatOnly(ctx, e.by, "record a KPI's progress") ??
      (!ctx.strategy?.kpis.length ? `${boardName(ctx)} has no strategy with KPIs in force: the board decides them with a strategy item.` : undefined) ??
      (!kpi ? `The strategy in force (${ctx.strategy!.decisionId}) has no KPI "${e.kpi.slice(0, 100)}"; its KPIs are: ${ctx.strategy!.kpis.map((k) => k.name).join(', ')}.` : undefined) ??
      (kpi && !isTracked(kpi) ? `The KPI "${kpi.name}" was decided in words (${kpi.target}), with no baseline or date to follow it by: the board can decide it again, tracked, with a strategy item.` : undefined)
    );
  },

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
