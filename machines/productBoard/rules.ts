/**
 * The rules of a board as pure functions: who may change it, what an agenda
 * item needs, which meeting an item joins. Refusals are sentences the person
 * refused can act on; the board machine's guards read them as "no refusal".
 */
import { forwardGates } from '../kernel/lifecycle';
import { initiativeProcessId } from '../kernel/ids';
import { isMember, isSecretariat, memberName, type BoardRoster } from '../kernel/roster';
import { meetingAt, meetingFor, upcomingMeetings, type Meeting } from '../kernel/calendar';
import { DAY, HOUR } from '../kernel/clock';
import type { CompositionStatus } from '../kernel/composition';
import { DEFAULT_WRITTEN_PROCEDURE_MIN_HOURS, type ProductBoardPolicy } from './policy';
import type { BoardCommand, ItemPlacement, Principle, Principles } from './schema';

export interface BoardChange {
  readonly at: string;
  readonly by: string;
  readonly change: string;
  readonly reference?: string;
}

/** A product as its board registered it: its own process keeps this (its input); the board keeps only the id. */
export interface RegisteredProduct {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly registeredBy: string;
  readonly registeredAt: string;
}

/** An item on the agenda: a placement, where it goes, and when voting on it closes. */
export interface AgendaItem extends ItemPlacement {
  readonly placedAt: string;
  readonly meeting?: Meeting;
  readonly votingClosesAt: string;
}

export interface BoardContext {
  readonly roster: BoardRoster;
  readonly policy: ProductBoardPolicy;
  readonly principles: Principles;
  /** The initiative board whose decisions set the guiding principles. */
  readonly initiativeBoardId?: string;
  readonly composition: CompositionStatus;
  readonly changes: readonly BoardChange[];
  readonly subscribers: readonly string[];
  /**
   * The ids of the products registered with the board: all it decides on (a second registration, an
   * item for a product it does not know). Names and descriptions live with each product's own process.
   */
  readonly products: readonly string[];
  /** Items waiting for their meeting to be convened, and written procedures under way. */
  readonly agenda: readonly AgendaItem[];
  readonly calledMeetings: readonly Meeting[];
  /** Meetings convened so far, newest last. */
  readonly convened: readonly Meeting[];
  readonly paused?: { readonly by: string; readonly at: string; readonly reason: string };
  /**
   * The meeting the calendar's timer is set for, fixed when the timer is set: a command taken
   * after its papers deadline but before the timer fires must not make the board convene another.
   */
  readonly scheduled?: Meeting;
  /** The engine's time as of the last event: the machine reads no clock. */
  readonly clock: string;
  /** How many times the board's process has continued as new. */
  readonly runs?: number;
  /** Whether the board applies the stricter rules (see `BoardInput.strict`): a written procedure's minimum window. */
  readonly strict?: boolean;
  /**
   * Whether this run tells the gate reviews on its items when it removes a member (`BoardInput.oneEligibilityRule`).
   * Absent when off; each run says so afresh.
   */
  readonly oneEligibilityRule?: true;
  /** The gate reviews on items this board placed, kept while they may still take votes (`reviewsStillVoting`); only in runs with the rule. */
  readonly openReviews?: readonly OpenReview[];
}

/** A gate review the board placed an item for: its process, which is told when a member is removed. */
export interface OpenReview {
  readonly reviewId: string;
  readonly votingClosesAt: string;
}

/**
 * How long after its close the board still tells a review of a removal: a review waiting for a commissioned
 * assessment takes votes after its close, and a late quorum moves the close. A review that has decided takes
 * nothing; one no longer running is not retried (workflows/activityOptions.ts, sendCommand).
 */
export const REVIEW_TOLD_AFTER_CLOSE_MS = 90 * DAY;
/** At most this many reviews are kept, the newest placed. */
export const OPEN_REVIEWS_KEPT = 100;

/** The reviews that may still take votes at `now`, with `added` (a placement, replacing a retried one) last. */
export function reviewsStillVoting(reviews: readonly OpenReview[] | undefined, now: string, added?: OpenReview): OpenReview[] {
  const kept = (reviews ?? []).filter((r) => r.reviewId !== added?.reviewId && Date.parse(r.votingClosesAt) + REVIEW_TOLD_AFTER_CLOSE_MS > Date.parse(now));
  return [...kept, ...(added ? [added] : [])].slice(-OPEN_REVIEWS_KEPT);
}

const boardName = (ctx: BoardContext) => `board ${ctx.roster.boardId}`;

/** Why a written procedure closing at `deadline`, called at `at`, leaves members too little time to vote; undefined when it does not. */
function writtenProcedureTooSoon(meetings: BoardContext['policy']['meetings'], at: string, deadline: string): string | undefined {
  const hours = meetings.writtenProcedureMinHours ?? DEFAULT_WRITTEN_PROCEDURE_MIN_HOURS;
  const earliest = Date.parse(at) + hours * HOUR;
  if (Date.parse(deadline) >= earliest) return undefined;
  return (
    `The written procedure's deadline ${deadline} is too soon: members have at least ${hours} hours to vote by written procedure. ` +
    `Set a deadline at or after ${new Date(earliest).toISOString()}; nothing was recorded.`
  );
}


export const principlesInForce = (ctx: Pick<BoardContext, 'principles'>): Principle[] => [...ctx.principles.guiding, ...ctx.principles.board];

function secretariatOnly(ctx: BoardContext, by: string, action: string): string | undefined {
  return isSecretariat(ctx.roster, by)
    ? undefined
    : `${by} may not ${action}: only the secretariat of ${boardName(ctx)} (${ctx.roster.secretariat.join(', ')}) may.`;
}

/** Sent by the process of the initiative board this board is linked to, and by no one else. */
const fromInitiativeBoard = (ctx: BoardContext, by: string): boolean => !!ctx.initiativeBoardId && by === initiativeProcessId(ctx.initiativeBoardId);

/** Meetings not yet convened whose papers deadline is at or after `from`. */
export function nextMeetings(ctx: BoardContext, from: Date, count = 3): Meeting[] {
  const convened = new Set(ctx.convened.map((m) => m.meetingId));
  return upcomingMeetings(ctx.roster.boardId, ctx.policy.meetings, ctx.calledMeetings, from, count + convened.size).filter((m) => !convened.has(m.meetingId)).slice(0, count);
}

export const nextMeeting = (ctx: BoardContext): Meeting | undefined => (ctx.paused ? undefined : nextMeetings(ctx, new Date(ctx.clock), 1)[0]);

/** Principles in force that a self-assessment leaves out, matched by id or title. */
export function unassessed(ctx: BoardContext, selfAssessment: ItemPlacement['selfAssessment']): Principle[] {
  const named = new Set(selfAssessment.map((a) => a.principle.toLowerCase()));
  return principlesInForce(ctx).filter((p) => !named.has(p.id.toLowerCase()) && !named.has(p.title.toLowerCase()));
}

/** Where an item goes and when voting on it closes. */
export function placementOf(ctx: BoardContext, e: ItemPlacement & { at: string }): Pick<AgendaItem, 'meeting' | 'votingClosesAt'> {
  if (e.procedure === 'written') return { votingClosesAt: e.deadline! };
  const meeting = meetingFor(ctx.roster.boardId, ctx.policy.meetings, ctx.calledMeetings, new Date(e.at));
  return { meeting, votingClosesAt: meeting.endsAt };
}

type CommandOf<T extends BoardCommand['type']> = Extract<BoardCommand, { type: T }>;

export const boardRules = {
  'member.appointed': (ctx: BoardContext, e: CommandOf<'member.appointed'>) =>
    secretariatOnly(ctx, e.by, 'appoint members') ??
    (isMember(ctx.roster, e.member.id)
      ? `${e.member.id} is already a member of ${boardName(ctx)}.`
      : ctx.roster.members.length >= ctx.roster.seats
        ? `${boardName(ctx)} has all ${ctx.roster.seats} seats filled; remove a member before appointing ${e.member.name}.`
        : undefined),

  'member.removed': (ctx: BoardContext, e: CommandOf<'member.removed'>) =>
    secretariatOnly(ctx, e.by, 'remove members') ??
    (!isMember(ctx.roster, e.memberId)
      ? `${e.memberId} is not a member of ${boardName(ctx)}.`
      : ctx.roster.chair === e.memberId
        ? `${memberName(ctx.roster, e.memberId)} chairs ${boardName(ctx)}: appoint another chair first (chair.appointed).`
        : ctx.roster.members.length === 1
          ? `${memberName(ctx.roster, e.memberId)} is the last member of ${boardName(ctx)}.`
          : undefined),

  'chair.appointed': (ctx: BoardContext, e: CommandOf<'chair.appointed'>) =>
    secretariatOnly(ctx, e.by, 'appoint the chair') ??
    (isMember(ctx.roster, e.memberId) ? undefined : `${e.memberId} is not a member of ${boardName(ctx)}; appoint them as a member first.`),

  'policy.changed': (ctx: BoardContext, e: CommandOf<'policy.changed'>) => secretariatOnly(ctx, e.by, 'record a policy change'),

  'principle.adopted': (ctx: BoardContext, e: CommandOf<'principle.adopted'>) =>
    secretariatOnly(ctx, e.by, 'record a principle') ??
    (e.scope === 'guiding' && ctx.initiativeBoardId
      ? `The guiding principles of ${boardName(ctx)} are set by decisions of the initiative board ${ctx.initiativeBoardId}: propose "${e.principle.title}" there (govern initiative submit). The secretariat records only the board's own principles here (--scope board).`
      : undefined) ??
    (principlesInForce(ctx).some((p) => p.id === e.principle.id) ? `A principle with id ${e.principle.id} is already in force.` : undefined),

  'policy.amended': (ctx: BoardContext, e: CommandOf<'policy.amended'>) =>
    fromInitiativeBoard(ctx, e.by)
      ? undefined
      : `Only a governance decision of the initiative board${ctx.initiativeBoardId ? ` ${ctx.initiativeBoardId}` : ' (none is configured for this board)'} amends this board's policy this way; ${e.by} cannot. The secretariat records the board's own policy changes with changePolicy.`,

  'principles.guidingSet': (ctx: BoardContext, e: CommandOf<'principles.guidingSet'>) =>
    fromInitiativeBoard(ctx, e.by)
      ? undefined
      : `The guiding principles are set only by a decision of the initiative board${ctx.initiativeBoardId ? ` ${ctx.initiativeBoardId}` : ' (none is configured for this board)'}, which sends them here itself; ${e.by} cannot. Propose the change to the initiative board (govern initiative submit).`,

  'subscriber.added': (ctx: BoardContext, e: CommandOf<'subscriber.added'>) =>
    ctx.subscribers.includes(e.by) ? `${e.by} is already subscribed to the decisions of ${boardName(ctx)}.` : undefined,

  'subscriber.removed': (ctx: BoardContext, e: CommandOf<'subscriber.removed'>) =>
    ctx.subscribers.includes(e.by) ? undefined : `${e.by} is not subscribed to the decisions of ${boardName(ctx)}.`,

  'meetings.paused': (ctx: BoardContext, e: CommandOf<'meetings.paused'>) =>
    secretariatOnly(ctx, e.by, 'pause meetings') ?? (ctx.paused ? `The meetings of ${boardName(ctx)} are already paused (since ${ctx.paused.at}).` : undefined),

  'meetings.resumed': (ctx: BoardContext, e: CommandOf<'meetings.resumed'>) =>
    secretariatOnly(ctx, e.by, 'resume meetings') ?? (ctx.paused ? undefined : `The meetings of ${boardName(ctx)} are not paused.`),

  'meeting.called': (ctx: BoardContext, e: CommandOf<'meeting.called'>) => {
    const role = isSecretariat(ctx.roster, e.by) || ctx.roster.chair === e.by ? undefined : `${e.by} may not call a meeting: only the secretariat or the chair may.`;
    if (role) return role;
    const deadlineDays = ctx.policy.meetings.papersDeadlineDays;
    const earliest = Date.parse(e.at) + deadlineDays * DAY;
    if (Date.parse(e.startsAt) < earliest)
      return `A meeting must be called at least ${deadlineDays} days ahead so papers can circulate: ${e.startsAt} is too soon (earliest ${new Date(earliest).toISOString()}). For an urgent item, use written procedure.`;
    // A meeting is named by its day: a second one that day would never be convened.
    const { meetingId } = meetingAt(ctx.roster.boardId, new Date(e.startsAt), ctx.policy.meetings);
    const same = [...ctx.calledMeetings, ...ctx.convened].find((m) => m.meetingId === meetingId);
    return same ? `${boardName(ctx)} already has a meeting that day, starting ${same.startsAt}; call this one for another day.` : undefined;
  },

  'product.registered': (ctx: BoardContext, e: CommandOf<'product.registered'>) =>
    secretariatOnly(ctx, e.by, 'register products') ?? (ctx.products.includes(e.product.id) ? `Product ${e.product.id} is already registered.` : undefined),

  'item.placed': (ctx: BoardContext, e: CommandOf<'item.placed'>) => {
    if (ctx.agenda.some((i) => i.itemId === e.itemId)) return undefined; // a retried placement: answered from the agenda
    if (!ctx.products.includes(e.productId))
      return `No product ${e.productId} is registered with ${boardName(ctx)}; register it first (govern product register).`;
    if (e.procedure === 'written') {
      if (ctx.roster.chair !== e.by) return `${e.by} may not call a written procedure: only the chair (${memberName(ctx.roster, ctx.roster.chair)}) may.`;
      if (!e.deadline) return 'A written procedure needs a deadline for the votes.';
      if (Date.parse(e.deadline) <= Date.parse(e.at)) return `The written procedure's deadline ${e.deadline} is not in the future.`;
      const tooSoon = ctx.strict ? writtenProcedureTooSoon(ctx.policy.meetings, e.at, e.deadline) : undefined;
      if (tooSoon) return tooSoon;
    } else {
      const role = secretariatOnly(ctx, e.by, 'put an item on the agenda');
      if (role) return role;
      if (ctx.paused)
        return `The meetings of ${boardName(ctx)} are paused (${ctx.paused.reason}); nothing can join an agenda until they resume. An urgent item can go by written procedure, called by the chair.`;
    }
    // Principles are checked for a step forward; suspending, reinstating or retiring a product is not one.
    const missing = forwardGates.includes(e.gate) ? unassessed(ctx, e.selfAssessment) : [];
    if (missing.length)
      return `The self-assessment must cover every principle in force; it leaves out: ${missing.map((p) => `${p.id} ("${p.title}")`).join(', ')}.`;
    return undefined;
  },
} satisfies { [K in BoardCommand['type']]: (ctx: BoardContext, e: CommandOf<K>) => string | undefined };

export function boardRuleRefusal(ctx: BoardContext, event: BoardCommand): string | undefined {
  const rule = boardRules[event.type] as (c: BoardContext, e: BoardCommand) => string | undefined;
  return rule(ctx, event);
}
