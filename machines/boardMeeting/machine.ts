/**
 * One board meeting, convened at its papers deadline with the agenda as it
 * stood: the papers go to the members, the meeting sits and records who
 * attended, and its minutes go to the register. Votes on the agenda items are
 * taken in each item's own review, which closes when the meeting ends.
 */
import { assign, enqueueActions, setup, type SnapshotFrom } from 'xstate';
import { z } from 'zod';
import { isMember, isSecretariat, type BoardRoster } from '../kernel/roster';
import type { AgendaItem } from '../productBoard/rules';
import type { Meeting } from '../kernel/calendar';
import { delayUntil } from '../kernel/clock';
import { describeComposition, type CompositionStatus } from '../kernel/composition';
import { effect, type Notification, type Publication } from '../kernel/effects';
import { minutesId, papersNoticeId } from '../kernel/ids';
import { limits, personId, uniqueIds } from '../kernel/schema';

export interface MeetingInput {
  readonly meeting: Meeting;
  readonly boardId: string;
  readonly roster: BoardRoster;
  readonly composition: CompositionStatus;
  readonly agenda: readonly AgendaItem[];
  /** The board's subscribers when the meeting was convened: told when its minutes are published. */
  readonly subscribers?: readonly string[];
  /**
   * Whether the minutes go to the subscribers. Set at open for meetings convened since that could
   * (a `patched()` check), so a meeting opened before publishes as it did.
   */
  readonly notices?: boolean;
}

export interface Attendance {
  readonly present: readonly string[];
  readonly recordedBy: string;
  readonly at: string;
}

/** What the register keeps of a meeting. */
export interface MinutesRecord {
  readonly decisionId: string;
  readonly kind: 'minutes';
  readonly boardId: string;
  readonly meeting: Meeting;
  readonly agenda: readonly { readonly itemId: string; readonly productId: string; readonly gate: string; readonly carriedOverFrom?: string }[];
  readonly attendance?: Attendance;
  readonly apologies: readonly string[];
  readonly composition: CompositionStatus;
  readonly compositionSummary: string;
  /** Who is told when the minutes are published; the register does not keep it. */
  readonly notify?: readonly string[];
}

export interface MeetingContext extends MeetingInput {
  readonly openedAt: string;
  readonly attendance?: Attendance;
  readonly papersCirculated?: boolean;
}

export const meetingPayloads = {
  'attendance.recorded': z.strictObject({
    by: personId,
    present: uniqueIds(personId, 'members present', limits.lists.present, 'member').min(1, 'name at least one member present'),
  }),
} as const;

export type MeetingCommand = z.output<(typeof meetingPayloads)['attendance.recorded']> & { type: 'attendance.recorded'; at: string };
/** Raised by the meeting itself, on the timers it sets when convened. */
export type MeetingClock = { readonly type: 'meeting.started' } | { readonly type: 'meeting.ended' };
export type MeetingEvent = MeetingCommand | MeetingClock;

export function attendanceRefusal(ctx: MeetingContext, e: MeetingEvent): string | undefined {
  if (e.type !== 'attendance.recorded') return `${e.type} is raised by the meeting itself.`;
  if (!isSecretariat(ctx.roster, e.by)) return `${e.by} may not record attendance: only the secretariat (${ctx.roster.secretariat.join(', ')}) may.`;
  const strangers = e.present.filter((id) => !isMember(ctx.roster, id));
  return strangers.length ? `${strangers.join(', ')} ${strangers.length === 1 ? 'is' : 'are'} not a member of ${ctx.boardId}; attendance was not recorded.` : undefined;
}

export function minutesOf(ctx: MeetingContext): MinutesRecord {
  const present = new Set(ctx.attendance?.present ?? []);
  return {
    decisionId: minutesId(ctx.meeting.meetingId),
    kind: 'minutes',
    boardId: ctx.boardId,
    meeting: ctx.meeting,
    agenda: ctx.agenda.map((i) => ({ itemId: i.itemId, productId: i.productId, gate: i.gate, ...(i.carriedOverFrom ? { carriedOverFrom: i.carriedOverFrom } : {}) })),
    ...(ctx.attendance ? { attendance: ctx.attendance } : {}),
    apologies: ctx.roster.members.filter((m) => !present.has(m.id)).map((m) => m.id),
    composition: ctx.composition,
    compositionSummary: describeComposition(ctx.composition),
    ...(ctx.notices && ctx.subscribers?.length ? { notify: ctx.subscribers } : {}),
  };
}

function papersNotice(ctx: MeetingContext): Notification {
  const items = ctx.agenda.length
    ? ctx.agenda.map((i) => `- ${i.itemId}: ${i.productName ?? i.productId}, ${i.gate}${i.papers.length ? ` (papers: ${i.papers.join(' ')})` : ''}\n  Self-assessment: ${i.selfAssessment.map((a) => `${a.principle}: ${a.assessment}`).join('; ') || 'none'}`).join('\n')
    : 'No items.';
  return {
    notificationId: papersNoticeId(ctx.meeting.meetingId),
    to: ctx.roster.members.map((m) => m.id),
    subject: `Papers for the ${ctx.boardId} meeting on ${ctx.meeting.startsAt}`,
    body: `Agenda:\n${items}\n\n${describeComposition(ctx.composition)}\nVote on each item before the meeting ends at ${ctx.meeting.endsAt}.`,
  };
}

export const meetingMachine = setup({
  types: {
    context: {} as MeetingContext,
    events: {} as MeetingEvent,
    input: {} as MeetingInput & { openedAt: string },
    output: {} as MinutesRecord,
  },
  actors: {
    notify: effect<void, Notification>('notify'),
    publishDecision: effect<Publication, MinutesRecord>('publishDecision'),
  },
  guards: {
    commandAllowed: ({ context, event }) => attendanceRefusal(context, event) === undefined,
  },
  actions: {
    recordAttendance: assign({
      attendance: ({ context, event }) => (event.type === 'attendance.recorded' ? { present: [...new Set(event.present)], recordedBy: event.by, at: event.at } : context.attendance),
    }),
    /** Both timers count from the convening, so slow papers cannot move the meeting. */
    setMeetingTimers: enqueueActions(({ context, enqueue }) => {
      enqueue.raise({ type: 'meeting.started' }, { id: 'meetingStarts', delay: delayUntil(context.meeting.startsAt, context.openedAt) });
      enqueue.raise({ type: 'meeting.ended' }, { id: 'meetingEnds', delay: delayUntil(context.meeting.endsAt, context.openedAt) });
    }),
  },
}).createMachine({
  id: 'meeting',
  context: ({ input }) => ({ ...input }),
  entry: 'setMeetingTimers',
  initial: 'circulatingPapers',
  states: {
    circulatingPapers: {
      description: 'Sending the agenda, papers and self-assessments to every member.',
      on: { 'meeting.started': { target: 'inSession', actions: assign({ papersCirculated: false }) } },
      invoke: {
        id: 'circulatePapers',
        src: 'notify',
        input: ({ context }) => papersNotice(context),
        onDone: { target: 'awaitingMeeting', actions: assign({ papersCirculated: true }) },
        onError: { target: 'awaitingMeeting', actions: assign({ papersCirculated: false }) },
      },
    },
    awaitingMeeting: {
      description: 'Papers are out; members may vote on the items before the meeting.',
      on: { 'meeting.started': 'inSession' },
    },
    inSession: {
      description: 'The meeting sits; the secretariat records attendance.',
      on: {
        'attendance.recorded': { guard: 'commandAllowed', actions: 'recordAttendance' },
        'meeting.ended': 'publishingMinutes',
      },
    },
    publishingMinutes: {
      invoke: {
        id: 'publishDecision',
        src: 'publishDecision',
        input: ({ context }) => minutesOf(context),
        onDone: 'adjourned',
        onError: 'adjourned',
      },
    },
    adjourned: { type: 'final' },
  },
  output: ({ context }) => minutesOf(context),
});

export type MeetingMachine = typeof meetingMachine;
export type MeetingSnapshot = SnapshotFrom<MeetingMachine>;
export type MeetingState = MeetingSnapshot['value'];
