/**
 * A board as a durable process: its seats and members, chair, secretariat,
 * policy and principles, every change with who made it and when, the
 * products registered with it, and its meeting calendar. At each meeting's
 * papers deadline the board convenes the meeting with the agenda as it stands.
 */
import { assign, enqueueActions, setup, type SnapshotFrom } from 'xstate';
import { DAY, delayUntil } from '../kernel/clock';
import { newestFitting, type Window } from '../kernel/size';
import { effect } from '../kernel/effects';
import { compositionStatus, describeComposition } from '../kernel/composition';
import { boardRuleRefusal, nextMeeting, placementOf, reviewsStillVoting, type AgendaItem, type BoardChange, type BoardContext } from './rules';
import type { BoardCommand, ParsedBoardConfig } from './schema';
import { meetingAt, type Meeting } from '../kernel/calendar';
import { meetingProcessId, productProcessId } from '../kernel/ids';
import type { MeetingInput } from '../boardMeeting/machine';
import type { ProductInput } from '../product/machine';

export interface BoardInput {
  readonly config: ParsedBoardConfig;
  /** When the engine opened the board (ISO 8601). */
  readonly openedAt: string;
  readonly openedBy: string;
  /** The state the previous run continued as new with. */
  readonly resume?: BoardContext;
  /**
   * Set by the engine for every run started since its rules got stricter (the host's STRICT_RULES_PATCH):
   * a written procedure's deadline must then leave members the policy's minimum. Off for runs whose
   * history is older, so that they replay as they ran.
   */
  readonly strict?: boolean;
  /**
   * Set for every run started since the one eligibility rule (machines/kernel/eligibility.ts, the host's
   * `patched('one-eligibility-rule')`, asked by every run): the board keeps the gate reviews it placed items
   * for and tells each open one when it removes a member. Off for runs whose history is older.
   */
  readonly oneEligibilityRule?: boolean;
}

export type BoardEvent = BoardCommand;

/** What the board tells an open gate review when it removes a member (a Signal, workflows/productBoard/workflow.ts). */
export interface MemberRemovedFromBoard {
  readonly type: 'review.memberRemoved';
  readonly boardId: string;
  readonly reviewId: string;
  readonly memberId: string;
}

/** Written procedures leave the agenda once their deadline has passed; meeting items leave with their meeting. */
const withoutPastProcedures = (agenda: readonly AgendaItem[], now: string) =>
  agenda.filter((i) => i.procedure !== 'written' || Date.parse(i.votingClosesAt) > Date.parse(now));

/**
 * The changes the board shows, newest last: the latest 200 that fit in 40 KB (a few long reasons
 * take the room of many short ones). Older changes stay in the workflow histories; no rule reads them.
 */
export const CHANGES_KEPT: Window = { count: 200, bytes: 40_000 };

/** Records a change (with its reference, when one was given) and moves the clock to it. */
const changed = (ctx: BoardContext, { reference, ...change }: Omit<BoardChange, 'reference'> & { reference?: string | undefined }): Pick<BoardContext, 'changes' | 'clock'> => ({
  changes: newestFitting([...ctx.changes, { ...change, ...(reference ? { reference } : {}) }], CHANGES_KEPT),
  clock: change.at,
});

/**
 * Called meetings that started more than a day before `now` leave the list: no calendar question
 * reaches them any more (upcoming meetings have their papers deadline ahead, a new call is for a day
 * at least the papers deadline ahead), so dropping them changes nothing the board decides.
 */
const calledStill = (called: readonly Meeting[], now: string) => called.filter((m) => Date.parse(m.startsAt) >= Date.parse(now) - DAY);

/** A resumed run's state, with this run's own answer to whether it tells reviews of a removal (the reviews it knows kept either way). */
const resumed = ({ oneEligibilityRule: _previous, ...context }: BoardContext, rule: boolean | undefined): BoardContext => ({ ...context, ...(rule ? { oneEligibilityRule: true as const } : {}) });

/** The product ids a resumed run carries: runs before the board kept only ids carried whole products. */
const productIdsOf = (products: readonly (string | { readonly id: string })[]): string[] => products.map((p) => (typeof p === 'string' ? p : p.id));

export const boardMachine = setup({
  types: {
    context: {} as BoardContext,
    events: {} as BoardEvent,
    input: {} as BoardInput,
    emitted: {} as MemberRemovedFromBoard,
  },
  actors: {
    boardMeeting: effect<unknown, MeetingInput>('boardMeeting'),
    product: effect<unknown, ProductInput>('product'),
  },
  guards: {
    commandAllowed: ({ context, event }) => boardRuleRefusal(context, event) === undefined,
  },
  actions: {
    tick: assign({ clock: ({ event }) => event.at }),
    appointMember: assign(({ context, event }) => {
      if (event.type !== 'member.appointed') return {};
      const roster = { ...context.roster, members: [...context.roster.members, event.member] };
      return {
        roster,
        composition: compositionStatus(roster, context.policy.composition),
        ...changed(context, { at: event.at, by: event.by, change: `Appointed ${event.member.name} (${event.member.id}).`, reference: event.reference }),
      };
    }),
    removeMember: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'member.removed') return;
      const roster = { ...context.roster, members: context.roster.members.filter((m) => m.id !== event.memberId) };
      const composition = compositionStatus(roster, context.policy.composition);
      const reviews = context.oneEligibilityRule ? reviewsStillVoting(context.openReviews, event.at) : [];
      const told = reviews.length ? ` The gate reviews open on it were told: ${reviews.map((r) => r.reviewId).join(', ')}.` : '';
      enqueue.assign({
        roster,
        composition,
        ...(context.oneEligibilityRule ? { openReviews: reviews } : {}),
        ...changed(context, { at: event.at, by: event.by, change: `Removed ${event.memberId}: ${event.reason}. ${describeComposition(composition)}${told}` }),
      });
      // A member removed during a vote no longer votes on it, nor counts toward its quorum (machines/kernel/eligibility.ts).
      for (const r of reviews) enqueue.emit({ type: 'review.memberRemoved', boardId: context.roster.boardId, reviewId: r.reviewId, memberId: event.memberId });
    }),
    appointChair: assign(({ context, event }) =>
      event.type !== 'chair.appointed'
        ? {}
        : {
            roster: { ...context.roster, chair: event.memberId },
            ...changed(context, { at: event.at, by: event.by, change: `Appointed ${event.memberId} as chair.`, reference: event.reference }),
          },
    ),
    changePolicy: assign(({ context, event }) => {
      if (event.type !== 'policy.changed') return {};
      // The schema has checked that every section is sent or kept.
      const policy = { ...context.policy, ...event.policy };
      const kept = event.keep?.length ? `, keeping its ${event.keep.join(', ')}` : '';
      return {
        policy,
        composition: compositionStatus(context.roster, policy.composition),
        ...changed(context, { at: event.at, by: event.by, change: `Changed the policy${kept}; it applies to items opened from now on.`, reference: event.reference }),
      };
    }),
    adoptPrinciple: assign(({ context, event }) =>
      event.type !== 'principle.adopted'
        ? {}
        : {
            principles: { ...context.principles, [event.scope]: [...context.principles[event.scope], event.principle] },
            ...changed(context, { at: event.at, by: event.by, change: `Adopted the ${event.scope} principle "${event.principle.title}".`, reference: event.reference }),
          },
    ),
    amendPolicy: assign(({ context, event }) => {
      if (event.type !== 'policy.amended') return {};
      const policy = { ...context.policy, ...event.changes };
      return {
        policy,
        composition: compositionStatus(context.roster, policy.composition),
        ...changed(context, { at: event.at, by: event.by, change: `The initiative board changed the policy's ${Object.keys(event.changes).join(', ')}; it applies to items opened from now on.`, reference: event.reference }),
      };
    }),
    setGuidingPrinciples: assign(({ context, event }) =>
      event.type !== 'principles.guidingSet'
        ? {}
        : {
            principles: { ...context.principles, guiding: event.principles },
            ...changed(context, { at: event.at, by: event.by, change: `The initiative board set the guiding principles: ${event.principles.map((p) => p.id).join(', ') || 'none'}; items placed from now on are assessed against them.`, reference: event.reference }),
          },
    ),
    subscribe: assign({ subscribers: ({ context, event }) => (event.type === 'subscriber.added' ? [...context.subscribers, event.by] : context.subscribers) }),
    unsubscribe: assign({ subscribers: ({ context, event }) => context.subscribers.filter((s) => s !== event.by) }),
    pause: assign(({ context, event }) =>
      event.type !== 'meetings.paused'
        ? {}
        : {
            paused: { by: event.by, at: event.at, reason: event.reason },
            scheduled: undefined,
            ...changed(context, { at: event.at, by: event.by, change: `Paused meetings: ${event.reason}.` }),
          },
    ),
    resume: assign(({ context, event }) => ({ paused: undefined, ...changed(context, { at: event.at, by: event.by, change: 'Resumed meetings.' }) })),
    callMeeting: assign(({ context, event }) => {
      if (event.type !== 'meeting.called') return {};
      const meeting: Meeting = meetingAt(context.roster.boardId, new Date(event.startsAt), context.policy.meetings);
      return { calledMeetings: [...context.calledMeetings, meeting], ...changed(context, { at: event.at, by: event.by, change: `Called a meeting for ${meeting.startsAt}.` }) };
    }),
    registerProduct: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'product.registered') return;
      // The board keeps the id; the name and description go to the product's own process.
      const product = { ...event.product, registeredBy: event.by, registeredAt: event.at };
      enqueue.assign({ products: [...context.products, product.id], ...changed(context, { at: event.at, by: event.by, change: `Registered product ${product.name} (${product.id}).` }) });
      enqueue.spawnChild('product', {
        id: productProcessId(product.id),
        input: { product, boardId: context.roster.boardId } satisfies ProductInput,
      });
    }),
    /** A product's or meeting's process failed (an operator terminated it, say): recorded, and the board carries on. */
    recordChildFailure: assign(({ context, event }) => {
      const failed = event as unknown as { type: string; error?: { message?: string } };
      const child = failed.type.replace('xstate.error.actor.', '');
      return changed(context, { at: context.clock, by: 'engine', change: `The process ${child} failed: ${failed.error?.message ?? 'no reason given'}.` });
    }),
    placeItem: assign(({ context, event }) => {
      if (event.type !== 'item.placed' || context.agenda.some((i) => i.itemId === event.itemId)) return {};
      const { type: _type, at, ...placement } = event;
      const item: AgendaItem = { ...placement, placedAt: at, ...placementOf(context, event) };
      return {
        agenda: [...withoutPastProcedures(context.agenda, at), item],
        // The item's gate review opens with the roster as it stands: the board tells it of a removal until it has closed.
        ...(context.oneEligibilityRule ? { openReviews: reviewsStillVoting(context.openReviews, at, { reviewId: item.itemId, votingClosesAt: item.votingClosesAt }) } : {}),
      };
    }),
    scheduleNextMeeting: assign({ scheduled: ({ context }) => nextMeeting(context) }),
    /**
     * Hands the meeting its agenda at the papers deadline; the meeting circulates the papers.
     * Items whose own meeting was skipped while the calendar was paused join this one.
     */
    conveneMeeting: enqueueActions(({ context, enqueue }) => {
      const meeting = context.scheduled;
      if (!meeting) return;
      const joins = (i: AgendaItem) => !!i.meeting && Date.parse(i.meeting.papersDeadline) <= Date.parse(meeting.papersDeadline);
      const agenda = context.agenda.filter(joins);
      enqueue.spawnChild('boardMeeting', {
        id: meetingProcessId(meeting.meetingId),
        input: {
          meeting,
          boardId: context.roster.boardId,
          roster: context.roster,
          composition: context.composition,
          agenda,
          // Its minutes go to them (a child's input is not compared on replay: an old board's history replays).
          subscribers: context.subscribers,
        } satisfies MeetingInput,
      });
      enqueue.assign({
        convened: [...context.convened, meeting].slice(-24),
        calledMeetings: calledStill(context.calledMeetings, meeting.papersDeadline),
        agenda: withoutPastProcedures(context.agenda, meeting.papersDeadline).filter((i) => !joins(i)),
        clock: meeting.papersDeadline,
      });
    }),
  },
  delays: {
    untilPapersDeadline: ({ context }) => (context.scheduled ? delayUntil(context.scheduled.papersDeadline, context.clock) : 0),
  },
}).createMachine({
  id: 'board',
  // A resumed run keeps everything, its clock included: the meeting it sets its timer for is the one the last run had set.
  context: ({ input }) => input.resume ? { ...resumed(input.resume, input.oneEligibilityRule), products: productIdsOf(input.resume.products), runs: (input.resume.runs ?? 0) + 1, strict: input.strict ?? false } : ({
    roster: input.config.roster,
    policy: input.config.policy,
    principles: input.config.principles,
    ...(input.config.initiativeBoardId ? { initiativeBoardId: input.config.initiativeBoardId } : {}),
    composition: compositionStatus(input.config.roster, input.config.policy.composition),
    changes: [{ at: input.openedAt, by: input.openedBy, change: `Opened the board with ${input.config.roster.members.length} of ${input.config.roster.seats} seats filled.` }],
    subscribers: [],
    products: [],
    agenda: [],
    calledMeetings: [],
    convened: [],
    clock: input.openedAt,
    strict: input.strict ?? false,
    ...(input.oneEligibilityRule ? { oneEligibilityRule: true as const } : {}),
  }),
  // Commands that do not touch the calendar are taken in either state.
  on: {
    'member.appointed': { guard: 'commandAllowed', actions: 'appointMember' },
    'member.removed': { guard: 'commandAllowed', actions: 'removeMember' },
    'chair.appointed': { guard: 'commandAllowed', actions: 'appointChair' },
    'principle.adopted': { guard: 'commandAllowed', actions: 'adoptPrinciple' },
    'principles.guidingSet': { guard: 'commandAllowed', actions: 'setGuidingPrinciples' },
    'subscriber.added': { guard: 'commandAllowed', actions: ['tick', 'subscribe'] },
    'subscriber.removed': { guard: 'commandAllowed', actions: ['tick', 'unsubscribe'] },
    'product.registered': { guard: 'commandAllowed', actions: 'registerProduct' },
    'item.placed': { guard: 'commandAllowed', actions: ['tick', 'placeItem'] },
    'xstate.error.actor.*': { actions: 'recordChildFailure' },
  },
  initial: 'sitting',
  states: {
    sitting: {
      description: 'Meets on its cadence: convenes each meeting at its papers deadline.',
      // Runs before the timer below is set, which reads what it schedules.
      entry: 'scheduleNextMeeting',
      after: {
        untilPapersDeadline: { target: 'sitting', reenter: true, actions: 'conveneMeeting' },
      },
      on: {
        // Re-entering restarts the timer for whichever meeting is now next.
        'policy.changed': { guard: 'commandAllowed', target: 'sitting', reenter: true, actions: 'changePolicy' },
        'policy.amended': { guard: 'commandAllowed', target: 'sitting', reenter: true, actions: 'amendPolicy' },
        'meeting.called': { guard: 'commandAllowed', target: 'sitting', reenter: true, actions: 'callMeeting' },
        'meetings.paused': { guard: 'commandAllowed', target: 'paused', actions: 'pause' },
      },
    },
    paused: {
      description: 'An operator or the secretariat paused the calendar: no meeting is convened and nothing joins an agenda.',
      on: {
        'policy.changed': { guard: 'commandAllowed', actions: 'changePolicy' },
        'policy.amended': { guard: 'commandAllowed', actions: 'amendPolicy' },
        'meeting.called': { guard: 'commandAllowed', actions: 'callMeeting' },
        'meetings.resumed': { guard: 'commandAllowed', target: 'sitting', actions: 'resume' },
      },
    },
  },
});

export type BoardMachine = typeof boardMachine;
export type BoardSnapshot = SnapshotFrom<BoardMachine>;
export type BoardState = BoardSnapshot['value'];
