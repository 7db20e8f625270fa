/**
 * The initiative board's quarterly cycle as one long-lived process: the agenda
 * is open (members, the secretariat, product board referrals and triaged
 * public submissions add items) → the papers are circulated at the papers
 * deadline → the meeting sits (attendance, votes) → its decisions and minutes
 * are published, approved decisions take effect, and whatever is open is
 * carried to the next quarter. The durable host continues it as new at the
 * start of each quarter, so one run holds one quarter's history. Runs opened
 * with `notices` also confirm each vote to its voter and remind members yet to
 * vote before the meeting ends (voteNotices.ts).
 */
import { assign, cancel, enqueueActions, setup, type SnapshotFrom } from 'xstate';
import { isMember } from '../kernel/roster';
import { meetingFor } from '../kernel/calendar';
import { DAY, HOUR, delayUntil, firedAt, later } from '../kernel/clock';
import { compositionStatus, describeComposition } from '../kernel/composition';
import { effect, type Notification, type Publication } from '../kernel/effects';
import { papersNoticeId, initiativeActionId, initiativeSubmissionId, triageDecisionId } from '../kernel/ids';
import { itemQuorate, meetingClosesAt, openItem, openVoting } from './decisions';
import { removalApplies, withRemoval } from '../kernel/eligibility';
import { afterCount, closeMoved } from '../kernel/lateQuorum';
import { initiativeRuleRefusal } from './rules';
import type { Action, InitiativeContext, InitiativeItem, Source, Submission } from './types';
import type { InitiativeDecisionRecord, InitiativeMinutesRecord, TriageRecord } from './records';
import type { InitiativeCommand, ParsedInitiativeConfig } from './schema';
import { closeMeeting, type PrinciplesChanged, type ProductBoardPolicyChanged } from './closeMeeting';
import { voteFrom, withVote } from '../kernel/voting';
import { voteConfirmation } from '../kernel/voteNotices';
import { keepOpen, newestFitting, type Window } from '../kernel/size';
import { reminderDueAt, reminderPlan, voteSubjectOf, votingReminders } from './voteNotices';
import { actionLine, kpiTrend, overdueActions, withProgress } from './kpis';
import { flagsToHideOf, moderationDecisionId, moderationRecord, withDecision, withFlag, type ModerationRecord } from '../kernel/moderation';

export interface InitiativeInput {
  readonly config: ParsedInitiativeConfig;
  /** When this run began (ISO 8601); the machine reads no clock. */
  readonly openedAt: string;
  readonly openedBy: string;
  /** The state the previous run continued as new with. */
  readonly resume?: InitiativeContext;
  /**
   * Whether this run tells members about their votes: a confirmation to each voter, and the closing-soon
   * reminder to those who have not voted. The host turns it on for runs started since it could (a
   * `patched()` check at open, asked by every run, a continued one included), so a run recorded before
   * never sends them and its history replays as it ran.
   */
  readonly notices?: boolean;
  /**
   * Whether this run applies the one eligibility rule (machines/kernel/eligibility.ts): an item's roster is frozen
   * as voting on it opens, and a member removed during the vote is refused, not counted and named in the record.
   * The host turns it on for runs started since the patch (asked by every run, like `notices`); a run recorded
   * before counts against the roster as it stands, and replays as it ran.
   */
  readonly oneEligibilityRule?: boolean;
  /**
   * Whether this run asks a recognition for the resource's good-data card, and takes a changed card of a
   * recognised resource to the board (goodDataCard.ts). Turned on by the host like `oneEligibilityRule`.
   */
  readonly goodDataCards?: boolean;
  /**
   * Whether this run tracks the strategy's KPIs (a baseline, a target and a date each, and the secretariat's
   * figure each quarter) and the actions' due dates, and shows both in the papers (kpis.ts). Turned on by the
   * host like `goodDataCards`; a run recorded before keeps its papers as they were.
   */
  readonly kpiTracking?: boolean;
}

/** Raised by the board itself when the earliest triage deadline of the submissions waiting passes. */
type TriageDue = { readonly type: 'triage.due' };
/** Raised by the board itself `votingReminderHours` before the quarter's meeting ends. */
export type VotingReminderDue = { readonly type: 'voting.reminderDue' };
/** The host reports each activity's end; the board only tracks what is still under way. */
type ActivityEnded = { readonly type: `xstate.done.actor.${string}` | `xstate.error.actor.${string}`; readonly error?: { message?: string } };

/** Raised by the board itself at the end of voting a late quorum moved. */
export type ExtendedCloseDue = { readonly type: 'meeting.extendedCloseDue' };

export type InitiativeEvent = InitiativeCommand | TriageDue | VotingReminderDue | ExtendedCloseDue | ActivityEnded;

const TRIAGE_TIMER = 'triageDeadline';
const VOTING_REMINDER = 'votingReminder';
const EXTENDED_CLOSE = 'extendedClose';
/** The id XState gives inSession's `after: untilMeetingEnds` timer, cancelled when a late quorum moves the close. */
const MEETING_END_TIMER = 'xstate.after.untilMeetingEnds.initiativeBoard.cycle.inSession';
/** The changes the board shows, newest last; older ones stay in the histories, and no rule reads them. */
export const CHANGES_KEPT: Window = { count: 100, bytes: 40_000 };
/**
 * Answered submissions and completed actions stay visible this long (the newest 50 that fit in
 * 40 KB each list); the register keeps them for good. Waiting submissions and open actions are
 * always kept: the rules decide on them.
 */
export const RESOLVED_KEPT: Window = { count: 50, bytes: 40_000 };

/** The earliest deadline among submissions still waiting and not yet flagged. */
const earliestTriageDeadline = (submissions: readonly Submission[]): string | undefined =>
  submissions
    .filter((s) => s.status === 'awaitingTriage' && !s.overdue)
    .map((s) => s.triageBy)
    .sort()[0];

const keepResolved = <T>(list: readonly T[], open: (x: T) => boolean): T[] => keepOpen(list, open, RESOLVED_KEPT);
const changed = (ctx: InitiativeContext, change: InitiativeContext['changes'][number]) => ({ changes: newestFitting([...ctx.changes, change], CHANGES_KEPT) });

/** New items join this quarter's agenda until its papers are circulated, and the next quarter's after; voting on one opens as it joins. */
const place = (ctx: InitiativeContext, item: InitiativeItem): Pick<InitiativeContext, 'agenda' | 'later' | 'counters'> => ({
  agenda: ctx.papersCirculated ? ctx.agenda : [...ctx.agenda, openVoting(ctx, item, item.openedAt)],
  later: ctx.papersCirculated ? [...ctx.later, item] : ctx.later,
  counters: { ...ctx.counters, items: ctx.counters.items + 1 },
});

const updateItem = (ctx: InitiativeContext, itemId: string, update: (i: InitiativeItem) => InitiativeItem) => ({
  agenda: ctx.agenda.map((i) => (i.itemId === itemId ? update(i) : i)),
  later: ctx.later.map((i) => (i.itemId === itemId ? update(i) : i)),
});

/**
 * The board after an item's count changed at `at`: its first quorum within its late-quorum hours of the
 * meeting's end moves the end of voting, once a meeting. Items opened without the rule have no `lateQuorum`,
 * so in every board whose policy never set it this changes nothing.
 */
function lateQuorumAfter(ctx: InitiativeContext, itemId: string, at: string): InitiativeContext {
  const item = ctx.agenda.find((i) => i.itemId === itemId);
  if (!item?.lateQuorum || item.lateQuorum.reachedAt !== undefined) return ctx;
  const counted = afterCount(item.lateQuorum, itemQuorate(ctx, item), at, ctx.quarter.endsAt);
  if (counted === item.lateQuorum) return ctx;
  // Once a meeting: a second item reaching quorum late after the close moved only notes when.
  const next = ctx.closeMoved ? { hours: counted.hours, reachedAt: counted.reachedAt! } : counted;
  const updated = { ...ctx, ...updateItem(ctx, item.itemId, (i) => ({ ...i, lateQuorum: next })) };
  return closeMoved(next) ? { ...updated, closeMoved: { itemId: item.itemId, ...next } } : updated;
}

/**
 * The papers, as of `at` (the papers deadline). A board that tracks its KPIs (kpis.ts) shows each KPI's trend and
 * each open action with its owner and due date, the overdue ones named; one that does not, its actions as before.
 */
function papersNotice(ctx: InitiativeContext, at: string): Notification {
  const items = ctx.agenda.length
    ? ctx.agenda.map((i) => `- ${i.itemId} (${i.proposal.decision}): ${i.title}\n  ${i.text}${i.research ? `\n  Research: ${i.research.researcher}, ${i.research.report ? `report ${i.research.report.report}` : `due ${i.research.dueAt}`}` : ''}`).join('\n')
    : 'No items.';
  const open = ctx.actions.filter((a) => !a.completed);
  const overdue = overdueActions(open, at);
  const tracked = ctx.kpiTracking
    ? `KPIs of the strategy in force${ctx.strategy ? ` (${ctx.strategy.decisionId})` : ''}:\n${ctx.strategy?.kpis.map((k) => `- ${kpiTrend(k, ctx.strategy?.progress ?? [])}`).join('\n') || 'none'}\n\n` +
      `Actions:\n${open.map((a) => `- ${actionLine(a, at)}`).join('\n') || 'none open'}\n` +
      (overdue.length ? `Overdue: ${overdue.map((a) => `${a.actionId} (${a.owner})`).join(', ')}\n` : '')
    : `Actions carried: ${open.map((a) => `${a.actionId} ${a.text} (${a.owner})`).join('; ') || 'none'}\n`;
  return {
    notificationId: papersNoticeId(ctx.quarter.meetingId),
    to: [...new Set([...ctx.roster.members.map((m) => m.id), ...ctx.roster.secretariat])],
    subject: `Papers for the ${ctx.roster.boardId} meeting on ${ctx.quarter.startsAt}`,
    body: `Agenda:\n${items}\n\n${tracked}${describeComposition(ctx.composition)}\nVote on each item before the meeting ends at ${ctx.quarter.endsAt}.`,
  };
}

/** What the owner of an action overdue at the papers deadline is told, once a meeting. */
const overdueNotice = (ctx: InitiativeContext, a: Action): Notification => ({
  notificationId: `action-overdue-${a.actionId}-${ctx.quarter.meetingId}`,
  to: [a.owner],
  boardId: ctx.roster.boardId,
  subject: `Overdue: action ${a.actionId} was due ${a.dueAt!.slice(0, 10)}`,
  body: `"${a.text}" is still open, and the papers for the meeting on ${ctx.quarter.startsAt} name it as overdue. When it is done, the secretariat records it: govern initiative action-done ${a.actionId} --evidence "…"`,
});

export const initiativeBoardMachine = setup({
  types: {
    context: {} as InitiativeContext,
    events: {} as InitiativeEvent,
    input: {} as InitiativeInput,
    emitted: {} as PrinciplesChanged | ProductBoardPolicyChanged,
  },
  actors: {
    publishDecision: effect<Publication, InitiativeDecisionRecord | InitiativeMinutesRecord | TriageRecord | ModerationRecord>('publishDecision'),
    notify: effect<void, Notification>('notify'),
  },
  guards: {
    commandAllowed: ({ context, event }) => 'at' in event && initiativeRuleRefusal(context, event as InitiativeCommand) === undefined,
    allPublished: ({ context }) => context.inFlight.length === 0,
    /** Resumed after the papers went out, before the meeting started. */
    papersOut: ({ context }) => context.papersCirculated && Date.parse(context.clock) < Date.parse(context.quarter.startsAt),
    /** Resumed once the meeting had started. */
    sitting: ({ context }) => context.papersCirculated && Date.parse(context.clock) >= Date.parse(context.quarter.startsAt),
  },
  actions: {
    tick: assign({ clock: ({ context, event }) => later(context.clock, 'at' in event ? event.at : undefined) }),
    /**
     * One timer serves every submission waiting for triage: it is set for the earliest deadline,
     * and a run that continues as new sets it again (a run starts with no timers).
     */
    rearmTriageTimer: enqueueActions(({ context, enqueue }) => {
      const due = earliestTriageDeadline(context.submissions);
      enqueue.assign({ triageTimerAt: due });
      if (due) enqueue.raise({ type: 'triage.due' }, { id: TRIAGE_TIMER, delay: delayUntil(due, context.clock) });
    }),
    recordSubmission: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'submission.made') return;
      const submissionId = initiativeSubmissionId(context.roster.boardId, context.counters.submissions + 1);
      const triageBy = new Date(Date.parse(event.at) + context.policy.triageDays * DAY).toISOString();
      const submission: Submission = {
        submissionId,
        title: event.title,
        text: event.text,
        ...(event.proposal ? { proposal: event.proposal } : {}),
        ...(event.by ? { submittedBy: event.by } : {}),
        submittedAt: event.at,
        triageBy,
        status: 'awaitingTriage',
      };
      enqueue.assign({
        submissions: keepResolved([...context.submissions, submission], (s) => s.status === 'awaitingTriage'),
        counters: { ...context.counters, submissions: context.counters.submissions + 1 },
      });
      // The timer already set falls due first, unless a policy change shortened the deadline.
      if (context.triageTimerAt && Date.parse(context.triageTimerAt) <= Date.parse(triageBy)) return;
      if (context.triageTimerAt) enqueue(cancel(TRIAGE_TIMER));
      enqueue.assign({ triageTimerAt: triageBy });
      enqueue.raise({ type: 'triage.due' }, { id: TRIAGE_TIMER, delay: delayUntil(triageBy, event.at) });
    }),
    /**
     * Flags every submission past its deadline and tells the secretariat in one notice; the next
     * check is at the next deadline but no sooner than an hour on, so a burst of submissions
     * brings one notice an hour rather than one each.
     */
    markTriageOverdue: enqueueActions(({ context, event, enqueue }) => {
      const now = later(firedAt(event, context.triageTimerAt ?? context.clock), context.clock);
      const late = context.submissions.filter((s) => s.status === 'awaitingTriage' && !s.overdue && Date.parse(s.triageBy) <= Date.parse(now));
      const submissions = context.submissions.map((s) => (late.includes(s) ? { ...s, overdue: true } : s));
      const next = earliestTriageDeadline(submissions);
      const at = next && later(next, new Date(Date.parse(now) + HOUR).toISOString());
      const id = `overdue-${now}`;
      enqueue.assign({ submissions, triageTimerAt: at, clock: now, ...(late.length ? { inFlight: [...context.inFlight, id] } : {}) });
      if (at) enqueue.raise({ type: 'triage.due' }, { id: TRIAGE_TIMER, delay: delayUntil(at, now) });
      if (!late.length) return;
      const ids = late.map((s) => s.submissionId);
      enqueue.spawnChild('notify', {
        id,
        input: {
          notificationId: `triage-overdue-${context.roster.boardId}-${now}`,
          to: context.roster.secretariat,
          subject: `Overdue: ${late.length === 1 ? `submission ${ids[0]} was` : `${late.length} submissions were`} due for triage (${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''})`,
          body: `${late.map((s) => `${s.submissionId} "${s.title}", due ${s.triageBy}`).join('\n')}\nEach is still waiting for an answer. Triage with: govern initiative triage <id> --outcome accepted|merged|declined --reason "…"`,
        } satisfies Notification,
      });
    }),
    triageSubmission: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'submission.triaged') return;
      const s = context.submissions.find((x) => x.submissionId === event.submissionId)!;
      let next: Partial<InitiativeContext> = {};
      let itemId: string | undefined;
      if (event.outcome === 'accepted') {
        const source: Source = { kind: 'public', submissionId: s.submissionId, ...(s.submittedBy ? { by: s.submittedBy } : {}) };
        const item = openItem(context, { title: s.title, text: s.text, proposal: (event.proposal ?? s.proposal)!, source, at: event.at });
        itemId = item.itemId;
        next = place(context, item);
      } else if (event.outcome === 'merged') {
        itemId = event.mergedInto!;
        next = updateItem(context, itemId, (i) => ({ ...i, merged: [...i.merged, s.submissionId] }));
      }
      const triage = { by: event.by, at: event.at, reason: event.reason, ...(itemId ? { itemId } : {}) };
      const publishId = `publish-triage-${s.submissionId}`;
      enqueue.assign({
        ...next,
        submissions: keepResolved(
          context.submissions.map((x) => (x === s ? { ...x, status: event.outcome, triage } : x)),
          (x) => x.status === 'awaitingTriage',
        ),
        inFlight: [...context.inFlight, publishId],
      });
      enqueue.spawnChild('publishDecision', {
        id: publishId,
        input: {
          decisionId: triageDecisionId(s.submissionId),
          kind: 'submissionTriage',
          boardId: context.roster.boardId,
          submissionId: s.submissionId,
          title: s.title,
          outcome: event.outcome,
          reason: event.reason,
          ...(itemId ? { itemId } : {}),
          triagedBy: event.by,
          triagedAt: event.at,
          ...(s.submittedBy ? { notify: [s.submittedBy] } : {}),
        } satisfies TriageRecord,
      });
    }),
    /** Counts the flag; the flag that hides the submission tells the secretariat, who decides what becomes of it. */
    flagSubmission: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'submission.flagged') return;
      const s = context.submissions.find((x) => x.submissionId === event.submissionId)!;
      const moderation = withFlag(s.moderation, { by: event.by, reason: event.reason, at: event.at }, flagsToHideOf(context.policy));
      const hides = moderation.hiddenSince !== undefined && !s.moderation?.hiddenSince;
      const id = `hidden-${s.submissionId}-${moderation.flags.length}`;
      // Tracked as in flight, as every notice the board sends, so that the run does not continue as new before it is out.
      enqueue.assign({ submissions: context.submissions.map((x) => (x === s ? { ...x, moderation } : x)), ...(hides ? { inFlight: [...context.inFlight, id] } : {}) });
      if (hides)
        enqueue.spawnChild('notify', {
          id,
          input: {
            notificationId: id,
            to: context.roster.secretariat,
            boardId: context.roster.boardId,
            subject: `Hidden until you look: submission ${s.submissionId} was flagged ${moderation.counting} times`,
            body: `"${s.title}" is hidden from the public. Keep it, merge it into the one it repeats, or remove it, with a reason the register publishes: govern initiative moderate ${s.submissionId} --outcome kept|merged|removed --reason "…"`,
            link: '/secretariat/moderation',
          } satisfies Notification,
        });
    }),
    /**
     * The secretariat's decision, published with its reason and told to the author. Removing drops what
     * the submission said from the board's state (it may be the personal data flagged) and, if it was
     * waiting, answers it: declined, the moderation decision its published answer.
     */
    moderateSubmission: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'submission.moderated') return;
      const s = context.submissions.find((x) => x.submissionId === event.submissionId)!;
      const before = s.moderation ?? { flags: [], counting: 0, decisions: [] };
      const decisionId = moderationDecisionId(s.submissionId, before.decisions.length + 1);
      const decision = { outcome: event.outcome, by: event.by, at: event.at, reason: event.reason, ...(event.into ? { into: event.into } : {}), decisionId };
      const moderation = withDecision(before, decision);
      const removed = event.outcome === 'removed';
      const answered = removed && s.status === 'awaitingTriage';
      const { proposal: _dropped, ...kept } = s;
      const after: Submission = removed
        ? { ...kept, title: '', text: '', moderation, ...(answered ? { status: 'declined' as const, triage: { by: event.by, at: event.at, reason: event.reason, decisionId } } : {}) }
        : { ...s, moderation };
      const publishId = `publish-${decisionId}`;
      enqueue.assign({
        submissions: keepResolved(
          context.submissions.map((x) => (x === s ? after : x)),
          (x) => x.status === 'awaitingTriage',
        ),
        inFlight: [...context.inFlight, publishId],
      });
      enqueue.spawnChild('publishDecision', {
        id: publishId,
        input: moderationRecord({ boardId: context.roster.boardId, subject: 'submission', subjectId: s.submissionId }, moderation, decision, s.submittedBy),
      });
    }),
    proposeItem: assign(({ context, event }) => {
      if (event.type !== 'item.proposed') return {};
      const source: Source = event.referredBy ? { kind: 'productBoard', by: event.by } : { kind: isMember(context.roster, event.by) ? 'member' : 'secretariat', by: event.by };
      return place(context, openItem(context, { title: event.title, text: event.text, proposal: event.proposal, source, at: event.at }));
    }),
    declareInterest: assign(({ context, event }) =>
      event.type !== 'interest.declared'
        ? {}
        : updateItem(context, event.itemId, (i) => ({
            ...i,
            recusals: [...i.recusals, { by: event.by, interest: event.interest, at: event.at }],
            // A recused member's earlier vote no longer counts.
            votes: i.votes.filter((v) => v.by !== event.by),
          })),
    ),
    recordVote: assign(({ context, event }) => {
      if (event.type !== 'vote.cast' && event.type !== 'vote.changed') return {};
      return updateItem(context, event.itemId, (i) => ({ ...i, votes: withVote(i.votes, voteFrom(event)) }));
    }),
    /** Tells the voter, and only the voter, what was recorded; each vote and change is numbered on its item. */
    confirmVote: enqueueActions(({ context, event, enqueue }) => {
      if (!context.notices || (event.type !== 'vote.cast' && event.type !== 'vote.changed')) return;
      const item = context.agenda.find((i) => i.itemId === event.itemId);
      if (!item) return;
      const n = (item.votesRecorded ?? 0) + 1;
      // A vote taken after the meeting's end, before its timer was handled (an outage), still counts: it is told so.
      const stillOpen = Date.parse(event.at) < Date.parse(meetingClosesAt(context));
      const notice = voteConfirmation(voteSubjectOf(context, item), voteFrom(event), n, stillOpen);
      enqueue.assign({ ...updateItem(context, item.itemId, (i) => ({ ...i, votesRecorded: n })), inFlight: [...context.inFlight, notice.notificationId] });
      enqueue.spawnChild('notify', { id: notice.notificationId, input: notice });
    }),
    /**
     * Sets this quarter's closing-soon reminder, as a run begins (a run starts with no timers) and as
     * each quarter opens; or sends it at once when its moment has passed unsent (see reminderPlan).
     */
    armVotingReminder: enqueueActions(({ context, enqueue }) => {
      const plan = reminderPlan(context);
      if (plan === undefined) return;
      enqueue(cancel(VOTING_REMINDER));
      if (plan === 'now') enqueue.raise({ type: 'voting.reminderDue' });
      else enqueue.raise({ type: 'voting.reminderDue' }, { id: VOTING_REMINDER, delay: plan.delay });
    }),
    /** The members who may vote on an item and have not are reminded of it, once a meeting; when all have voted, no one is. */
    remindVoters: enqueueActions(({ context, event, enqueue }) => {
      if (!context.notices || context.votingReminderSentFor === context.quarter.meetingId) return;
      const now = later(firedAt(event, reminderDueAt(context)), context.clock);
      enqueue.assign({ votingReminderSentFor: context.quarter.meetingId, clock: now });
      // Fired only after the meeting ended (an outage): voting has closed, and a reminder would come too late.
      if (Date.parse(now) >= Date.parse(meetingClosesAt(context))) return;
      const notices = votingReminders(context);
      if (!notices.length) return;
      enqueue.assign({ inFlight: [...context.inFlight, ...notices.map((n) => n.notificationId)] });
      for (const notice of notices) enqueue.spawnChild('notify', { id: notice.notificationId, input: notice });
    }),
    /**
     * An item's first quorum within its late-quorum hours of the meeting's end moves the end of voting, once a
     * meeting: while the meeting sits, its end's timer is cancelled and one set for the new end; before, the
     * meeting's timer is set for the new end when it starts. Items opened without the rule have no `lateQuorum`,
     * so in every board whose policy never set it this does nothing at all.
     */
    watchLateQuorum: enqueueActions(({ context, event, enqueue }) => {
      // A removal changes the count of every item voting as a recusal does that item's (machines/kernel/eligibility.ts).
      const itemIds =
        event.type === 'vote.cast' || event.type === 'vote.changed' || event.type === 'interest.declared'
          ? [event.itemId]
          : event.type === 'member.removed'
            ? context.agenda.filter((i) => i.electorate).map((i) => i.itemId)
            : [];
      if (!itemIds.length || !('at' in event)) return;
      let ctx = context;
      for (const itemId of itemIds) ctx = lateQuorumAfter(ctx, itemId, event.at);
      if (ctx === context) return;
      enqueue.assign({ agenda: ctx.agenda, later: ctx.later, ...(ctx.closeMoved ? { closeMoved: ctx.closeMoved } : {}) });
      if (ctx.closeMoved === context.closeMoved || !ctx.closeMoved) return;
      if (!context.papersCirculated || Date.parse(context.clock) < Date.parse(context.quarter.startsAt)) return;
      enqueue.cancel(MEETING_END_TIMER);
      enqueue.raise({ type: 'meeting.extendedCloseDue' }, { id: EXTENDED_CLOSE, delay: delayUntil(ctx.closeMoved.closesAt, event.at) });
    }),
    recordCastingVote: assign(({ context, event }) =>
      event.type !== 'castingVote.cast'
        ? {}
        : updateItem(context, event.itemId, (i) => ({ ...i, castingVote: { by: event.by, choice: event.choice, at: event.at, ...(event.reason ? { reason: event.reason } : {}) } })),
    ),
    recordAttendance: assign({
      attendance: ({ context, event }) => (event.type === 'attendance.recorded' ? { present: event.present, recordedBy: event.by, at: event.at } : context.attendance),
    }),
    commissionResearch: assign(({ context, event }) =>
      event.type !== 'research.commissioned'
        ? {}
        : updateItem(context, event.itemId, (i) => ({
            ...i,
            research: { commissionedBy: event.by, commissionedAt: event.at, researcher: event.researcher, question: event.question, dueAt: event.dueAt },
          })),
    ),
    reportResearch: assign(({ context, event }) =>
      event.type !== 'research.reported'
        ? {}
        : updateItem(context, event.itemId, (i) => ({
            ...i,
            research: { ...i.research!, report: { by: event.by, report: event.report, at: event.at, ...(event.summary ? { summary: event.summary } : {}) } },
          })),
    ),
    recordAction: assign(({ context, event }) => {
      if (event.type !== 'action.recorded') return {};
      const actionId = initiativeActionId(context.roster.boardId, context.counters.actions + 1);
      const action: Action = { actionId, text: event.text, owner: event.owner, recordedAt: event.at, recordedBy: event.by, ...(event.itemId ? { itemId: event.itemId } : {}), ...(event.dueAt ? { dueAt: event.dueAt } : {}) };
      return { actions: keepResolved([...context.actions, action], (a) => !a.completed), counters: { ...context.counters, actions: context.counters.actions + 1 } };
    }),
    /** This quarter's figure for a KPI of the strategy in force; a second one this quarter corrects the first. */
    recordKpiProgress: assign(({ context, event }) => {
      if (event.type !== 'kpi.progressRecorded' || !context.strategy) return {};
      const record = { kpi: event.kpi, meetingId: context.quarter.meetingId, value: event.value, evidence: event.evidence, by: event.by, at: event.at };
      return { strategy: { ...context.strategy, progress: withProgress(context.strategy.progress ?? [], record) } };
    }),
    completeAction: assign(({ context, event }) =>
      event.type !== 'action.completed'
        ? {}
        : { actions: keepResolved(context.actions.map((a) => (a.actionId === event.actionId ? { ...a, completed: { by: event.by, at: event.at, evidence: event.evidence } } : a)), (a) => !a.completed) },
    ),
    appointMember: assign(({ context, event }) => {
      if (event.type !== 'member.appointed') return {};
      const roster = { ...context.roster, members: [...context.roster.members, event.member] };
      const composition = compositionStatus(roster, context.policy.composition);
      return {
        roster,
        composition,
        ...changed(context, { at: event.at, by: event.by, change: `Appointed ${event.member.name} (${event.member.id}). ${describeComposition(composition)}`, ...(event.reference ? { reference: event.reference } : {}) }),
      };
    }),
    removeMember: assign(({ context, event }) => {
      if (event.type !== 'member.removed') return {};
      const roster = { ...context.roster, members: context.roster.members.filter((m) => m.id !== event.memberId) };
      const composition = compositionStatus(roster, context.policy.composition);
      // Items voting with a frozen roster: the member leaves it, and a vote they cast no longer counts (machines/kernel/eligibility.ts).
      const reached = context.agenda.filter((i) => i.electorate && removalApplies(i.electorate, event.memberId)).map((i) => i.itemId);
      const left = (i: InitiativeItem): InitiativeItem =>
        !reached.includes(i.itemId) ? i : { ...i, electorate: withRemoval(i.electorate!, { memberId: event.memberId, at: event.at }), votes: i.votes.filter((v) => v.by !== event.memberId) };
      const told = reached.length ? ` Voting on ${reached.join(', ')} goes on without them.` : '';
      return {
        roster,
        composition,
        ...(reached.length ? { agenda: context.agenda.map(left) } : {}),
        ...changed(context, { at: event.at, by: event.by, change: `Removed ${event.memberId}: ${event.reason}. ${describeComposition(composition)}${told}` }),
      };
    }),
    appointChair: assign(({ context, event }) =>
      event.type !== 'chair.appointed'
        ? {}
        : {
            roster: { ...context.roster, chair: event.memberId },
            ...changed(context, { at: event.at, by: event.by, change: `Appointed ${event.memberId} as chair.`, ...(event.reference ? { reference: event.reference } : {}) }),
          },
    ),
    subscribe: assign({
      subscribers: ({ context, event }) => (event.type === 'stakeholder.subscribed' ? [...context.subscribers.filter((s) => s.id !== event.by), { id: event.by, level: event.level }] : context.subscribers),
    }),
    unsubscribe: assign({ subscribers: ({ context, event }) => ('by' in event ? context.subscribers.filter((s) => s.id !== event.by) : context.subscribers) }),
    // Timers set the clock to when they fired, so after an outage the quarter catches up instead of running late by it.
    circulatePapers: enqueueActions(({ context, event, enqueue }) => {
      const id = papersNoticeId(context.quarter.meetingId);
      const at = later(firedAt(event, context.quarter.papersDeadline), context.clock);
      // On a board that tracks them, the owner of each action overdue by now is told too.
      const overdue = context.kpiTracking ? overdueActions(context.actions, at).map((a) => overdueNotice(context, a)) : [];
      enqueue.assign({ papersCirculated: true, clock: at, inFlight: [...context.inFlight, id, ...overdue.map((n) => n.notificationId)] });
      enqueue.spawnChild('notify', { id, input: papersNotice(context, context.kpiTracking ? at : context.clock) });
      for (const notice of overdue) enqueue.spawnChild('notify', { id: notice.notificationId, input: notice });
    }),
    startMeeting: assign({ clock: ({ context, event }) => later(firedAt(event, context.quarter.startsAt), context.clock) }),
    /**
     * The meeting has ended: every item on its agenda is decided or deferred under the rules it was
     * opened with; approved decisions take effect in the order they were opened; the records and
     * the minutes go to the register; what was deferred waits for the next quarter.
     */
    /** The meeting's end: what `closeMeeting` decides is assigned, published and sent on, in that order. */
    closeMeeting: enqueueActions(({ context, event, enqueue }) => {
      const closing = closeMeeting(context, firedAt(event, meetingClosesAt(context)));
      enqueue.assign(closing.assign);
      for (const { id, record } of closing.publish) enqueue.spawnChild('publishDecision', { id, input: record });
      for (const sent of closing.emit) enqueue.emit(sent);
    }),
    openNextQuarter: assign(({ context }) => ({
      quarter: meetingFor(context.roster.boardId, context.policy.meetings, [], new Date(context.clock)),
      // Voting on them opens now: under the one eligibility rule, with the roster as it stands now.
      agenda: context.later.map((i) => openVoting(context, i, context.clock)),
      later: [],
      papersCirculated: false,
      attendance: undefined,
      closeMoved: undefined,
    })),
    settle: assign(({ context, event }) => {
      const id = event.type.replace(/^xstate\.(done|error)\.actor\./, '');
      const failed = event.type.startsWith('xstate.error.') ? (event as ActivityEnded).error?.message ?? 'no reason given' : undefined;
      return {
        inFlight: context.inFlight.filter((x) => x !== id),
        ...(failed ? changed(context, { at: context.clock, by: 'engine', change: `${id} failed: ${failed}. An operator can see it in the history.` }) : {}),
      };
    }),
  },
  delays: {
    untilPapersDeadline: ({ context }) => delayUntil(context.quarter.papersDeadline, context.clock),
    untilMeetingStarts: ({ context }) => delayUntil(context.quarter.startsAt, context.clock),
    // Where a late quorum moved the close, a run that continues the quarter as new sets its timer for the moved one.
    untilMeetingEnds: ({ context }) => delayUntil(meetingClosesAt(context), context.clock),
  },
}).createMachine({
  id: 'initiativeBoard',
  context: ({ input }) => {
    // Whether the notices, the one eligibility rule and the cards are on is this run's to say, not the previous run's.
    const notices = {
      ...(input.notices ? { notices: true } : {}),
      ...(input.oneEligibilityRule ? { oneEligibilityRule: true as const } : {}),
      ...(input.goodDataCards ? { goodDataCards: true as const } : {}),
      ...(input.kpiTracking ? { kpiTracking: true as const } : {}),
    };
    if (input.resume) {
      const { notices: _previous, oneEligibilityRule: _before, goodDataCards: _cards, kpiTracking: _tracking, ...resumed } = input.resume;
      return { ...resumed, ...notices, clock: later(input.resume.clock, input.openedAt), runStartedAtQuarter: input.resume.quartersHeld };
    }
    const { roster, policy, principles, productBoardId } = input.config;
    return {
      ...notices,
      roster,
      policy,
      principles,
      ...(productBoardId ? { productBoardId } : {}),
      composition: compositionStatus(roster, policy.composition),
      recognised: [],
      withdrawn: [],
      funding: [],
      subscribers: [],
      quarter: meetingFor(roster.boardId, policy.meetings, [], new Date(input.openedAt)),
      agenda: [],
      later: [],
      papersCirculated: false,
      submissions: [],
      actions: [],
      changes: [{ at: input.openedAt, by: input.openedBy, change: `Opened the board with ${roster.members.length} of ${roster.seats} seats filled.` }],
      inFlight: [],
      counters: { items: 0, submissions: 0, actions: 0 },
      quartersHeld: 0,
      runStartedAtQuarter: 0,
      runs: 0,
      clock: input.openedAt,
    };
  },
  // Taken at any point of the quarter: what arrives after the papers deadline waits for the next one.
  on: {
    'submission.made': { actions: ['tick', 'recordSubmission'] },
    'submission.triaged': { guard: 'commandAllowed', actions: ['tick', 'triageSubmission'] },
    'submission.flagged': { guard: 'commandAllowed', actions: ['tick', 'flagSubmission'] },
    'submission.moderated': { guard: 'commandAllowed', actions: ['tick', 'moderateSubmission'] },
    'item.proposed': { guard: 'commandAllowed', actions: ['tick', 'proposeItem'] },
    'interest.declared': { guard: 'commandAllowed', actions: ['tick', 'declareInterest', 'watchLateQuorum'] },
    'research.commissioned': { guard: 'commandAllowed', actions: ['tick', 'commissionResearch'] },
    'research.reported': { guard: 'commandAllowed', actions: ['tick', 'reportResearch'] },
    'action.recorded': { guard: 'commandAllowed', actions: ['tick', 'recordAction'] },
    'action.completed': { guard: 'commandAllowed', actions: ['tick', 'completeAction'] },
    'kpi.progressRecorded': { guard: 'commandAllowed', actions: ['tick', 'recordKpiProgress'] },
    'member.appointed': { guard: 'commandAllowed', actions: ['tick', 'appointMember'] },
    'member.removed': { guard: 'commandAllowed', actions: ['tick', 'removeMember', 'watchLateQuorum'] },
    'chair.appointed': { guard: 'commandAllowed', actions: ['tick', 'appointChair'] },
    'stakeholder.subscribed': { guard: 'commandAllowed', actions: ['tick', 'subscribe'] },
    'stakeholder.unsubscribed': { guard: 'commandAllowed', actions: ['tick', 'unsubscribe'] },
    'triage.due': { actions: 'markTriageOverdue' },
    'xstate.done.actor.*': { actions: 'settle' },
    'xstate.error.actor.*': { actions: 'settle' },
  },
  initial: 'resuming',
  states: {
    resuming: {
      description: 'Starts the board, or picks up the quarter where the previous run left off, with its triage timers and its closing-soon reminder set again.',
      entry: ['rearmTriageTimer', 'armVotingReminder'],
      always: [
        { guard: 'papersOut', target: 'cycle.papersCirculated' },
        { guard: 'sitting', target: 'cycle.inSession' },
        { target: 'cycle' },
      ],
    },
    cycle: {
      description: "This quarter's cycle: members vote on the agenda's items at or before the meeting.",
      initial: 'agendaOpen',
      on: {
        // The late quorum is watched before the vote is confirmed, so that a vote that moves the close is told the new one.
        'vote.cast': { guard: 'commandAllowed', actions: ['tick', 'recordVote', 'watchLateQuorum', 'confirmVote'] },
        'vote.changed': { guard: 'commandAllowed', actions: ['tick', 'recordVote', 'watchLateQuorum', 'confirmVote'] },
        'castingVote.cast': { guard: 'commandAllowed', actions: ['tick', 'recordCastingVote'] },
        'voting.reminderDue': { actions: 'remindVoters' },
      },
      states: {
        agendaOpen: {
          description: "Items join this quarter's agenda until the papers deadline.",
          after: { untilPapersDeadline: { target: 'papersCirculated', actions: 'circulatePapers' } },
        },
        papersCirculated: {
          description: 'The papers went to every member; new items wait for the next quarter.',
          after: { untilMeetingStarts: { target: 'inSession', actions: 'startMeeting' } },
        },
        inSession: {
          description: 'The meeting sits: the secretariat records attendance; votes close when it ends.',
          on: {
            'attendance.recorded': { guard: 'commandAllowed', actions: ['tick', 'recordAttendance'] },
            'meeting.extendedCloseDue': { target: '#initiativeBoard.publishing', actions: 'closeMeeting' },
          },
          // A moved close's timer outlives nothing: the state's exit cancels it (nothing to cancel where no late quorum moved it).
          exit: cancel(EXTENDED_CLOSE),
          after: { untilMeetingEnds: { target: '#initiativeBoard.publishing', actions: 'closeMeeting' } },
        },
      },
    },
    publishing: {
      description: 'The decisions and minutes are going to the register; then the next quarter opens.',
      always: { guard: 'allPublished', target: 'cycle', actions: ['openNextQuarter', 'armVotingReminder'] },
    },
  },
});

export type InitiativeBoardMachine = typeof initiativeBoardMachine;
export type InitiativeSnapshot = SnapshotFrom<InitiativeBoardMachine>;

/** A quarter has passed in this run and nothing is under way: the host may continue as new. */
export const quarterTurned = (snapshot: InitiativeSnapshot): boolean =>
  snapshot.matches({ cycle: 'agendaOpen' }) && snapshot.context.quartersHeld > snapshot.context.runStartedAtQuarter && snapshot.context.inFlight.length === 0;

