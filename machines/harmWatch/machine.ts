/**
 * Watching a live product for its benefits and harms, for as long as it is
 * live: reviews on a schedule (30 and 90 days after going live or after an
 * iteration, then every 6 months), each gathering evidence and assessed by a
 * reviewer; harm reports from anyone at any time, triaged within working days;
 * a medium harm gets a tracked action plan, a high or critical one goes to the
 * product board at once, to decide whether to suspend or roll back the product.
 * Paused while the product is suspended, started over when it is rolled back
 * (as after an iteration), stopped when it is retired.
 */
import { assign, cancel, enqueueActions, setup, type SnapshotFrom } from 'xstate';
import { DAY, delayUntil, firedAt, later } from '../kernel/clock';
import { effect, type Notification, type Publication } from '../kernel/effects';
import { newestFitting, type Window } from '../kernel/size';
import { defaultHarmPolicy, type HarmPolicy } from './policy';
import { flagsToHideOf, moderationDecisionId, moderationRecord, withDecision, withFlag, type ModerationRecord } from '../kernel/moderation';
import type { HarmWatchCommand, Remedy } from './schema';
import {
  escalation,
  harmWatchRuleRefusal,
  keepReports,
  keptReview,
  newReport,
  nextReviewAt,
  reportOf,
  reviewRecord,
  startReview,
  statusAfterTriage,
  type Escalation,
  type Evidence,
  type HarmReport,
  type HarmReviewRecord,
  type HarmWatchContext,
} from './rules';

export type { Escalation } from './rules';

export interface HarmWatchInput {
  readonly product: { readonly id: string; readonly name: string };
  readonly boardId: string;
  readonly policy?: HarmPolicy;
  /** When the product went live: the schedule counts from here. */
  readonly liveSince: string;
  /** The state carried over when the watch continues as new. */
  readonly resume?: HarmWatchContext;
  /** When this run started (set by the engine): timers count from here, not from a date in the past. */
  readonly openedAt?: string;
  /**
   * Set by the engine for every run started since its rules got stricter (the host's STRICT_RULES_PATCH):
   * the watch names each report itself and refuses an id chosen by the reporter. Off for runs whose
   * history is older, so that they replay as they ran.
   */
  readonly strict?: boolean;
  /**
   * Set by the engine as each run opens: on for runs started since the board's subscribers are told of
   * each published review (HARM_REVIEWS_TO_SUBSCRIBERS_PATCH), a continued run included; off for runs whose
   * history is older. Taken from this run's input, never from the state it resumes.
   */
  readonly reviewsToSubscribers?: boolean;
}


/** The timer that marks a report's triage overdue, and the one that marks its action plan missed. */
const triageTimerId = (reportId: string) => `triage-${reportId}`;
const actionTimerId = (reportId: string) => `action-${reportId}`;
const triageTimer = (r: HarmReport, now: string) =>
  [{ type: 'triage.due', reportId: r.reportId } as const, { id: triageTimerId(r.reportId), delay: delayUntil(r.triageBy, now) }] as const;
const actionTimer = (reportId: string, dueAt: string, now: string) =>
  [{ type: 'action.due', reportId } as const, { id: actionTimerId(reportId), delay: delayUntil(dueAt, now) }] as const;

export interface EvidenceRequest {
  readonly productId: string;
  readonly since: string;
  readonly until: string;
}

type Timer =
  | { readonly type: 'triage.due'; readonly reportId: string }
  | { readonly type: 'action.due'; readonly reportId: string }
  | { readonly type: 'review.reminderDue' }
  | { readonly type: 'review.overdue' };
type ActorDone =
  | { readonly type: 'xstate.done.actor.gatherEvidence'; readonly output: Evidence }
  | { readonly type: 'xstate.error.actor.gatherEvidence'; readonly error: { message: string } }
  | { readonly type: 'xstate.done.actor.publishDecision'; readonly output: Publication }
  | { readonly type: 'xstate.error.actor.publishDecision'; readonly error: { message: string } }
  | { readonly type: `xstate.done.actor.moderation.${string}`; readonly output: Publication }
  | { readonly type: `xstate.error.actor.moderation.${string}`; readonly error: { message: string } };

export type HarmWatchEvent = HarmWatchCommand | Timer | ActorDone;

/** Past reviews the watch shows (without their evidence): the newest 10 that fit in 40 KB; the register keeps them all. The latest is always kept: the next review's evidence is gathered from its date. */
export const REVIEWS_KEPT: Window = { count: 10, bytes: 40_000 };

function notice(id: string, to: readonly string[], subject: string, body: string, link?: string): { id: string; input: Notification } {
  return { id, input: { notificationId: id, to, subject, body, ...(link ? { link } : {}) } };
}

/** Back to where the product stands once a review's record is out. */
const afterPublishing = [
  { guard: 'isSuspended', target: 'suspended', actions: 'finishReview' },
  { target: 'watching', actions: 'finishReview' },
] as const;

export const harmWatchMachine = setup({
  types: {
    context: {} as HarmWatchContext,
    events: {} as HarmWatchEvent,
    input: {} as HarmWatchInput,
  },
  actors: {
    gatherEvidence: effect<Evidence, EvidenceRequest>('gatherEvidence'),
    publishDecision: effect<Publication, HarmReviewRecord | ModerationRecord>('publishDecision'),
    notify: effect<void, Notification>('notify'),
    escalateHarm: effect<void, Escalation>('escalateHarm'),
  },
  guards: {
    commandAllowed: ({ context, event }) => !context.retired && 'at' in event && harmWatchRuleRefusal(context, event as HarmWatchCommand) === undefined,
    watching: ({ context }) => !context.retired,
    retirement: ({ event }) => event.type === 'lifecycle.changed' && event.change === 'retired',
    suspension: ({ event }) => event.type === 'lifecycle.changed' && event.change === 'suspended',
    reinstatement: ({ event }) => event.type === 'lifecycle.changed' && event.change === 'reinstated',
    /** An iteration or a roll back: people now use another version, so its reviews start over. */
    versionChanged: ({ event }) => event.type === 'lifecycle.changed' && (event.change === 'iterated' || event.change === 'rolledBack'),
    isRetired: ({ context }) => context.retired,
    isSuspended: ({ context }) => context.suspended,
  },
  actions: {
    tick: assign({ clock: ({ context, event }) => later(context.clock, 'at' in event ? event.at : undefined) }),
    /** Re-arms the timers of open reports: after continuing as new, a run starts with none. */
    rearmReportTimers: enqueueActions(({ context, enqueue }) => {
      for (const report of context.reports) {
        if (report.status === 'awaitingTriage' && !report.triageOverdue) enqueue.raise(...triageTimer(report, context.clock));
        const plan = report.actionPlan;
        if (plan && !plan.completed && !plan.missed) enqueue.raise(...actionTimer(report.reportId, plan.dueAt, context.clock));
      }
    }),
    recordReport: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'harm.reported') return;
      const report = newReport(context, event);
      enqueue.assign({ reports: keepReports([...context.reports, report]), reportsMade: (context.reportsMade ?? 0) + 1 });
      enqueue.raise(...triageTimer(report, event.at));
      const n = notice(`harm-reported-${report.reportId}`, [context.boardId], `Harm reported on ${context.product.name}: ${report.reportId}`, `${report.summary}\nTriage is due by ${report.triageBy}.`);
      enqueue.spawnChild('notify', n);
    }),
    triage: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'harm.triaged') return;
      const status = statusAfterTriage(event.severity);
      const update = (r: HarmReport): HarmReport =>
        r.reportId !== event.reportId
          ? r
          : {
              ...r,
              triage: { by: event.by, at: event.at, severity: event.severity, note: event.note, ...(event.remedy ? { remedy: event.remedy } : {}) },
              status,
              ...(event.actionPlan ? { actionPlan: { ...event.actionPlan } } : {}),
            };
      enqueue.assign({ reports: context.reports.map(update) });
      enqueue(cancel(triageTimerId(event.reportId)));
      const report = reportOf(context, event.reportId)!;
      if (event.actionPlan) enqueue.raise(...actionTimer(event.reportId, event.actionPlan.dueAt, event.at));
      if (event.severity === 'high' || event.severity === 'critical')
        enqueue.spawnChild('escalateHarm', {
          id: `escalate-${event.reportId}`,
          input: escalation(context, event.reportId, event.severity, event.remedy, `${report.summary} (triaged ${event.severity}: ${event.note})`, event.at),
        });
      if (report.reportedBy)
        enqueue.spawnChild('notify', notice(`harm-triaged-${event.reportId}`, [report.reportedBy], `Your harm report ${event.reportId} was triaged: ${event.severity}`, event.note));
    }),
    /** Counts the flag; the flag that hides the report from the public tells the board's secretariat, who decides. */
    flagReport: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'harm.flagged') return;
      const report = reportOf(context, event.reportId)!;
      const moderation = withFlag(report.moderation, { by: event.by, reason: event.reason, at: event.at }, flagsToHideOf(context.policy));
      enqueue.assign({ reports: context.reports.map((r) => (r === report ? { ...r, moderation } : r)) });
      if (moderation.hiddenSince !== undefined && !report.moderation?.hiddenSince)
        enqueue.spawnChild(
          'notify',
          notice(
            `hidden-${report.reportId}-${moderation.flags.length}`,
            [context.boardId],
            `Hidden from the public until you look: harm report ${report.reportId} on ${context.product.name} was flagged ${moderation.counting} times`,
            `The board still sees it, and its triage is still due by ${report.triageBy}. Keep it, merge it into the report it repeats, or remove it from public view, with a reason the register publishes: govern harm moderate ${report.reportId} --product ${context.product.id} --outcome kept|merged|removed --reason "…"`,
            '/secretariat/moderation',
          ),
        );
    }),
    /**
     * The secretariat's decision, published with its reason and told to the reporter. It decides only what
     * the public sees: the board reads a removed report as it was, and its triage goes on, so that
     * moderation can never make a harm disappear.
     */
    moderateReport: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'harm.moderated') return;
      const report = reportOf(context, event.reportId)!;
      const before = report.moderation ?? { flags: [], counting: 0, decisions: [] };
      const decisionId = moderationDecisionId(report.reportId, before.decisions.length + 1);
      const decision = { outcome: event.outcome, by: event.by, at: event.at, reason: event.reason, ...(event.into ? { into: event.into } : {}), decisionId };
      const moderation = withDecision(before, decision);
      // Dots, so that the root's `xstate.done.actor.moderation.*` settles it and no other actor's end.
      const id = `moderation.${decisionId}`;
      enqueue.assign({
        reports: context.reports.map((r) => (r === report ? { ...r, moderation } : r)),
        moderationsInFlight: [...(context.moderationsInFlight ?? []), id],
      });
      enqueue.spawnChild('publishDecision', {
        id,
        input: moderationRecord({ boardId: context.boardId, subject: 'harmReport', subjectId: report.reportId, product: context.product }, moderation, decision, report.reportedBy),
      });
    }),
    settleModeration: assign(({ context, event }) => ({ moderationsInFlight: (context.moderationsInFlight ?? []).filter((id) => `xstate.done.actor.${id}` !== event.type && `xstate.error.actor.${id}` !== event.type) })),
    completeAction: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'action.completed') return;
      enqueue.assign({
        reports: keepReports(
          context.reports.map((r) =>
            r.reportId === event.reportId && r.actionPlan ? { ...r, status: 'closed', actionPlan: { ...r.actionPlan, completed: { by: event.by, at: event.at, evidence: event.evidence } } } : r,
          ),
        ),
      });
      enqueue(cancel(actionTimerId(event.reportId)));
    }),
    markTriageOverdue: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'triage.due') return;
      const report = reportOf(context, event.reportId);
      if (!report || report.triage) return;
      enqueue.assign({ clock: later(context.clock, report.triageBy), reports: context.reports.map((r) => (r.reportId === report.reportId ? { ...r, triageOverdue: true } : r)) });
      enqueue.spawnChild('notify', notice(`triage-overdue-${report.reportId}`, [context.boardId], `Triage overdue: harm report ${report.reportId} on ${context.product.name}`, `It was due by ${report.triageBy}: ${report.summary}`));
    }),
    missAction: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'action.due') return;
      const report = reportOf(context, event.reportId);
      const plan = report?.actionPlan;
      if (!report || !plan || plan.completed) return;
      enqueue.assign({ clock: later(context.clock, plan.dueAt), reports: context.reports.map((r) => (r.reportId === report.reportId ? { ...r, actionPlan: { ...plan, missed: true } } : r)) });
      enqueue.spawnChild(
        'notify',
        notice(`action-missed-${report.reportId}`, [context.boardId, 'initiative-board'], `Escalated: the action plan for harm ${report.reportId} on ${context.product.name} was not done by ${plan.dueAt}`, `${plan.description}\nReported: ${report.summary}`),
      );
    }),
    /**
     * The review keeps the due date its schedule gives; the clock moves to when the host fired the
     * timer, so after an outage the reminder and the deadline fall on their dates, not late by it.
     */
    beginReview: assign(({ context, event }) => {
      const current = startReview(context);
      const fired = firedAt(event, current.scheduledFor);
      return { current, clock: later(context.clock, fired) };
    }),
    recordEvidence: assign({
      current: ({ context, event }) =>
        !context.current
          ? context.current
          : event.type === 'xstate.done.actor.gatherEvidence'
            ? { ...context.current, evidence: event.output }
            : { ...context.current, evidence: { gatheredAt: context.clock, items: [], problem: event.type === 'xstate.error.actor.gatherEvidence' ? event.error.message : 'unknown' } },
    }),
    armReviewTimers: enqueueActions(({ context, enqueue }) => {
      const current = context.current;
      if (!current) return;
      const untilDue = delayUntil(current.dueAt, context.clock);
      const untilReminder = untilDue - context.policy.reviewReminderDays * DAY;
      if (context.policy.reviewReminderDays > 0 && untilReminder > 0) enqueue.raise({ type: 'review.reminderDue' }, { id: 'reviewReminder', delay: untilReminder });
      enqueue.raise({ type: 'review.overdue' }, { id: 'reviewOverdue', delay: untilDue });
    }),
    disarmReviewTimers: enqueueActions(({ enqueue }) => {
      enqueue(cancel('reviewReminder'));
      enqueue(cancel('reviewOverdue'));
    }),
    remindReviewers: enqueueActions(({ context, enqueue }) => {
      const current = context.current;
      if (!current) return;
      enqueue.spawnChild('notify', notice(`review-reminder-${current.reviewId}`, [context.boardId], `Reminder: review ${current.reviewId} of ${context.product.name} is due ${current.dueAt}`, `Record its benefits and harms: govern review record ${context.product.id} …`));
    }),
    markReviewOverdue: enqueueActions(({ context, enqueue }) => {
      const current = context.current;
      if (!current || current.overdue) return;
      enqueue.assign({ current: { ...current, overdue: true }, clock: later(context.clock, current.dueAt) });
      enqueue.spawnChild('notify', notice(`review-overdue-${current.reviewId}`, [context.boardId, 'initiative-board'], `Overdue: review ${current.reviewId} of ${context.product.name} was due ${current.dueAt}`, 'The review has not been recorded.'));
    }),
    recordReview: assign({ pendingRecord: ({ context, event }) => (event.type === 'review.recorded' ? reviewRecord(context, event) : context.pendingRecord) }),
    finishReview: enqueueActions(({ context, enqueue }) => {
      const record = context.pendingRecord;
      const current = context.current;
      if (!record || !current) return;
      const takenUp = new Set(record.reportsTakenUp.map((r) => r.reportId));
      enqueue.assign({
        // The register keeps the evidence; the watch keeps the findings, so its carried state stays small.
        reviews: newestFitting([...context.reviews, keptReview(record)], REVIEWS_KEPT),
        reviewsDone: context.reviewsDone + 1,
        // An iteration or roll back during the review restarted the count; this review belongs to the old schedule.
        reviewsSinceAnchor: current.scheduledFor > context.anchor ? context.reviewsSinceAnchor + 1 : context.reviewsSinceAnchor,
        reports: keepReports(context.reports.map((r) => (takenUp.has(r.reportId) ? { ...r, status: 'closed', addressedIn: record.decisionId } : r))),
        current: undefined,
        pendingRecord: undefined,
      });
      if (record.worstHarm === 'high' || record.worstHarm === 'critical')
        enqueue.spawnChild('escalateHarm', {
          id: `escalate-${record.decisionId}`,
          input: escalation(context, record.decisionId, record.worstHarm, record.remedy, `Review ${record.decisionId} found a ${record.worstHarm} harm: ${record.harms.join('; ')}`, context.clock),
        });
    }),
    applyLifecycle: assign(({ context, event }) => {
      if (event.type !== 'lifecycle.changed') return {};
      switch (event.change) {
        case 'iterated':
        case 'rolledBack':
          return { anchor: event.at, reviewsSinceAnchor: 0, clock: event.at };
        case 'suspended':
          return { suspended: true, clock: event.at };
        case 'reinstated':
          return { suspended: false, clock: event.at };
        case 'retired':
          return { retired: true, clock: event.at };
      }
    }),
  },
  delays: {
    untilNextReview: ({ context }) => delayUntil(nextReviewAt(context), context.clock),
  },
}).createMachine({
  id: 'harmWatch',
  context: ({ input }) =>
    // Whether reviews are told to subscribers is this run's to say, as its stricter rules are: never the resumed state's.
    input.resume ? { ...input.resume, strict: input.strict ?? false, reviewsToSubscribers: input.reviewsToSubscribers ?? false, clock: later(input.resume.clock, input.openedAt) } : {
      product: input.product,
      boardId: input.boardId,
      policy: input.policy ?? defaultHarmPolicy,
      clock: later(input.liveSince, input.openedAt),
      anchor: input.liveSince,
      reviewsSinceAnchor: 0,
      reviewsDone: 0,
      reviews: [],
      reports: [],
      suspended: false,
      retired: false,
      runs: 0,
      strict: input.strict ?? false,
      reportsMade: 0,
      reviewsToSubscribers: input.reviewsToSubscribers ?? false,
    },
  on: {
    'harm.reported': { guard: 'commandAllowed', actions: ['tick', 'recordReport'] },
    'harm.triaged': { guard: 'commandAllowed', actions: ['tick', 'triage'] },
    'action.completed': { guard: 'commandAllowed', actions: ['tick', 'completeAction'] },
    'harm.flagged': { guard: 'commandAllowed', actions: ['tick', 'flagReport'] },
    'harm.moderated': { guard: 'commandAllowed', actions: ['tick', 'moderateReport'] },
    'xstate.done.actor.moderation.*': { actions: 'settleModeration' },
    'xstate.error.actor.moderation.*': { actions: 'settleModeration' },
    'triage.due': { guard: 'watching', actions: 'markTriageOverdue' },
    'action.due': { guard: 'watching', actions: 'missAction' },
    'lifecycle.changed': [{ guard: 'retirement', target: '.stopped', actions: 'applyLifecycle' }, { actions: 'applyLifecycle' }],
    // A notice or an escalation that failed for good is in the worker's log and the history; the watch goes on.
    'xstate.error.actor.*': {},
  },
  initial: 'resuming',
  states: {
    resuming: {
      description: 'Picks up where the previous run left off (or starts): re-arms report timers, then watches.',
      entry: 'rearmReportTimers',
      always: [{ guard: 'isRetired', target: 'stopped' }, { guard: 'isSuspended', target: 'suspended' }, { target: 'watching' }],
    },
    watching: {
      description: 'Waiting for the next scheduled review; reports are taken at any time.',
      after: { untilNextReview: { target: 'gatheringEvidence', actions: 'beginReview' } },
      on: {
        'lifecycle.changed': [
          { guard: 'retirement', target: 'stopped', actions: 'applyLifecycle' },
          { guard: 'suspension', target: 'suspended', actions: 'applyLifecycle' },
          // Re-entering restarts the timer for the first review after the iteration or roll back.
          { guard: 'versionChanged', target: 'watching', reenter: true, actions: 'applyLifecycle' },
        ],
      },
    },
    gatheringEvidence: {
      description: 'Collecting usage and feedback evidence from the product’s sources.',
      invoke: {
        id: 'gatherEvidence',
        src: 'gatherEvidence',
        input: ({ context }): EvidenceRequest => ({
          productId: context.product.id,
          since: context.reviews.at(-1)?.scheduledFor ?? context.anchor,
          until: context.current!.scheduledFor,
        }),
        onDone: { target: 'awaitingReview', actions: 'recordEvidence' },
        onError: { target: 'awaitingReview', actions: 'recordEvidence' },
      },
    },
    awaitingReview: {
      description: 'The evidence is in; a reviewer records benefits, harms and the worst harm by the due date.',
      entry: 'armReviewTimers',
      exit: 'disarmReviewTimers',
      on: {
        'review.recorded': { guard: 'commandAllowed', target: 'publishingReview', actions: ['tick', 'recordReview'] },
        'review.reminderDue': { actions: 'remindReviewers' },
        'review.overdue': { actions: 'markReviewOverdue' },
      },
    },
    publishingReview: {
      invoke: {
        id: 'publishDecision',
        src: 'publishDecision',
        input: ({ context }) => context.pendingRecord!,
        // Published, or refused by the register, the review is done and stays in the watch.
        onDone: afterPublishing,
        onError: afterPublishing,
      },
    },
    suspended: {
      description: 'The product is suspended: no review is scheduled; reports are still taken and triaged.',
      on: {
        'lifecycle.changed': [
          { guard: 'retirement', target: 'stopped', actions: 'applyLifecycle' },
          { guard: 'reinstatement', target: 'watching', actions: 'applyLifecycle' },
        ],
      },
    },
    stopped: { type: 'final', description: 'The product is retired.' },
  },
});

export type HarmWatchMachine = typeof harmWatchMachine;
export type HarmWatchSnapshot = SnapshotFrom<HarmWatchMachine>;
export type HarmWatchState = HarmWatchSnapshot['value'];

/**
 * Between reviews, with nothing of its own in flight: watching or suspended, and no moderation decision still being
 * published (a new run would not hear that it was). The host continues the watch as new only then.
 */
export const betweenReviews = (snapshot: HarmWatchSnapshot): boolean =>
  (snapshot.value === 'watching' || snapshot.value === 'suspended') && !snapshot.context.moderationsInFlight?.length;
