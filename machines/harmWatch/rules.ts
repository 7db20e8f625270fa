/**
 * The rules of watching a live product for benefits and harms, as pure
 * functions: when the next review falls, what a report needs, what each
 * severity sets in motion. Roles are checked by the board before an event
 * gets here; these rules answer what the watch itself knows.
 */
import type { BoardRoster } from '../kernel/roster';
import { later } from '../kernel/clock';
import { keepOpen, type Window } from '../kernel/size';
import { harmReportId, harmReviewId } from '../kernel/ids';
import type { Notification } from '../kernel/effects';
import { addDays, addWorkingDays, reviewDate, type HarmPolicy } from './policy';
import type { HarmLevel, HarmWatchCommand, Remedy, Severity } from './schema';
import type { GateRequestPayload } from '../product/schema';
import { flagRefusal, moderationRefusal, type Moderation } from '../kernel/moderation';

export interface ActionPlan {
  readonly description: string;
  readonly dueAt: string;
  readonly owner?: string;
  readonly completed?: { readonly by: string; readonly at: string; readonly evidence: string };
  /** The due date passed with the plan not done: the board was told. */
  readonly missed?: boolean;
}

export type ReportStatus = 'awaitingTriage' | 'carriedToReview' | 'actionPlan' | 'escalated' | 'closed';

export interface HarmReport {
  readonly reportId: string;
  /** Absent for an anonymous report. */
  readonly reportedBy?: string;
  readonly summary: string;
  readonly details?: string;
  readonly reportedAt: string;
  /** Triage is due by then (working days after the report). */
  readonly triageBy: string;
  readonly triageOverdue?: boolean;
  readonly triage?: { readonly by: string; readonly at: string; readonly severity: Severity; readonly note: string; readonly remedy?: Remedy };
  readonly actionPlan?: ActionPlan;
  readonly status: ReportStatus;
  /** The review that took up a low harm. */
  readonly addressedIn?: string;
  /** Flags and the secretariat's moderation (machines/kernel/moderation.ts), once anyone flags it: they decide what the public sees, never what the board does. */
  readonly moderation?: Moderation;
}

export interface ReviewInProgress {
  readonly reviewId: string;
  readonly scheduledFor: string;
  readonly dueAt: string;
  readonly evidence?: Evidence;
  readonly overdue?: boolean;
}

/** What the evidence-gathering activity found for a review. */
export interface Evidence {
  readonly gatheredAt: string;
  readonly items: readonly { readonly source: string; readonly summary: string; readonly at: string }[];
  /** Set when the sources could not be read; the reviewer decides with what there is. */
  readonly problem?: string;
}

/** What the escalation activity needs to put a harm to the product board. */
export interface Escalation {
  readonly productId: string;
  readonly boardId: string;
  /** The report or review that found the harm. */
  readonly subjectId: string;
  readonly severity: 'high' | 'critical';
  /** The decision put to the board: a suspension unless the triage asked for a roll back. */
  readonly remedy: Remedy;
  readonly summary: string;
  /** The written procedure's deadline. */
  readonly decideBy: string;
}

/** What the register keeps of a benefit and harm review. */
export interface HarmReviewRecord {
  readonly decisionId: string;
  readonly kind: 'harmReview';
  readonly boardId: string;
  readonly product: { readonly id: string; readonly name: string };
  readonly scheduledFor: string;
  readonly dueAt: string;
  readonly recordedAt: string;
  readonly recordedBy: string;
  readonly overdue: boolean;
  readonly benefits: readonly string[];
  readonly harms: readonly string[];
  readonly worstHarm: HarmLevel;
  /** What the reviewer asked the board to decide on a high or critical harm. */
  readonly remedy?: Remedy;
  readonly summary?: string;
  readonly evidence?: Evidence;
  /** Low harms reported since the last review, which this review took up. */
  readonly reportsTakenUp: readonly { readonly reportId: string; readonly summary: string }[];
  /** Who is told when the review is published (the board's subscribers); the register does not keep it. */
  readonly notify?: readonly string[];
}

export interface HarmWatchContext {
  readonly product: { readonly id: string; readonly name: string };
  readonly boardId: string;
  readonly policy: HarmPolicy;
  /** The engine's time as of the last event or timer: the machine reads no clock. */
  readonly clock: string;
  /** Going live, or the latest iteration: reviews are counted from here. */
  readonly anchor: string;
  readonly reviewsSinceAnchor: number;
  readonly reviewsDone: number;
  readonly current?: ReviewInProgress;
  /** The recorded review, while it is being published. */
  readonly pendingRecord?: HarmReviewRecord;
  readonly reviews: readonly HarmReviewRecord[];
  /** Whether the watch applies the stricter rules (see `HarmWatchInput.strict`): then it alone names reports. */
  readonly strict?: boolean;
  /** Reports made so far, whether shown or not: numbers the next report's id (absent in runs before it). */
  readonly reportsMade?: number;
  /**
   * Whether a published review is told to the board's subscribers: set as each run opens (the patch
   * HARM_REVIEWS_TO_SUBSCRIBERS_PATCH), absent in runs before it, whose histories replay as they ran.
   */
  readonly reviewsToSubscribers?: boolean;
  readonly reports: readonly HarmReport[];
  readonly suspended: boolean;
  readonly retired: boolean;
  /** How many times this watch has continued as new: its history restarts each time. */
  readonly runs: number;
  /** Moderation decisions being published (absent before moderation existed): the watch does not continue as new while any is. */
  readonly moderationsInFlight?: readonly string[];
}

/**
 * Closed reports the watch shows: the newest 50 that fit in 40 KB. Open ones are always kept (the rules
 * decide on them); a closed one dropped is in the review that took it up, or in the history.
 */
export const CLOSED_REPORTS_KEPT: Window = { count: 50, bytes: 40_000 };

export const nextReviewAt = (ctx: HarmWatchContext): string => reviewDate(ctx.anchor, ctx.reviewsSinceAnchor, ctx.policy);

export const reportOf = (ctx: HarmWatchContext, reportId: string) => ctx.reports.find((r) => r.reportId === reportId);

export const openReports = (ctx: HarmWatchContext) => ctx.reports.filter((r) => r.status !== 'closed');

/** Keeps every open report and the newest closed ones; older ones stay in the register and history. */
export const keepReports = (reports: readonly HarmReport[]): HarmReport[] => keepOpen(reports, (r) => r.status !== 'closed', CLOSED_REPORTS_KEPT);

/**
 * The id the report `e` gets: the watch's next number (`harm-<product>-R<n>`), or, in a run whose
 * history is older than the stricter rules, the one the reporter chose (ids then were chosen by the client).
 */
export const reportIdFor = (ctx: HarmWatchContext, e: Extract<HarmWatchCommand, { type: 'harm.reported' }>): string =>
  e.reportId ?? harmReportId(ctx.product.id, `R${(ctx.reportsMade ?? 0) + 1}`);

export const newReport = (ctx: HarmWatchContext, e: Extract<HarmWatchCommand, { type: 'harm.reported' }>): HarmReport => ({
  reportId: reportIdFor(ctx, e),
  ...(e.by ? { reportedBy: e.by } : {}),
  summary: e.summary,
  ...(e.details ? { details: e.details } : {}),
  reportedAt: e.at,
  triageBy: addWorkingDays(e.at, ctx.policy.triageWorkingDays),
  status: 'awaitingTriage',
});

/** Where a triaged report goes: low waits for the next review, medium gets a plan, high and critical go to the board. */
export const statusAfterTriage = (severity: Severity): ReportStatus =>
  severity === 'low' ? 'carriedToReview' : severity === 'medium' ? 'actionPlan' : 'escalated';

/** A review begins on its date, or on return from a suspension it fell in; the reviewer's time counts from then. */
export const startReview = (ctx: HarmWatchContext): ReviewInProgress => {
  const scheduledFor = nextReviewAt(ctx);
  return { reviewId: harmReviewId(ctx.product.id, ctx.reviewsDone + 1), scheduledFor, dueAt: addDays(later(ctx.clock, scheduledFor), ctx.policy.reviewDueDays) };
};

type CommandOf<T extends HarmWatchCommand['type']> = Extract<HarmWatchCommand, { type: T }>;

const unknownReport = (ctx: HarmWatchContext, reportId: string) =>
  `There is no harm report ${reportId} on ${ctx.product.name}; follow your report with the id you were given.`;

export const harmWatchRules = {
  'harm.reported': (ctx: HarmWatchContext, e: CommandOf<'harm.reported'>) => {
    if (ctx.strict && e.reportId !== undefined)
      return `The harm watch names each report itself; send the report without reportId (you were sending "${e.reportId}"), and keep the id its receipt gives you to follow it.`;
    const id = reportIdFor(ctx, e);
    return reportOf(ctx, id) ? `A harm report ${id} already exists; nothing was recorded. Report again without choosing an id.` : undefined;
  },

  'harm.triaged': (ctx: HarmWatchContext, e: CommandOf<'harm.triaged'>) => {
    const report = reportOf(ctx, e.reportId);
    if (!report) return unknownReport(ctx, e.reportId);
    if (report.triage) return `Harm report ${e.reportId} was triaged by ${report.triage.by} at ${report.triage.at} as ${report.triage.severity}.`;
    if (e.actionPlan && Date.parse(e.actionPlan.dueAt) <= Date.parse(e.at)) return `The action plan's due date ${e.actionPlan.dueAt} is not in the future.`;
    return undefined;
  },

  'action.completed': (ctx: HarmWatchContext, e: CommandOf<'action.completed'>) => {
    const report = reportOf(ctx, e.reportId);
    if (!report) return unknownReport(ctx, e.reportId);
    if (!report.actionPlan) return `Harm report ${e.reportId} has no action plan to complete.`;
    if (report.actionPlan.completed) return `The action plan for ${e.reportId} was completed by ${report.actionPlan.completed.by} at ${report.actionPlan.completed.at}.`;
    return undefined;
  },

  'harm.flagged': (ctx: HarmWatchContext, e: CommandOf<'harm.flagged'>) => {
    const report = reportOf(ctx, e.reportId);
    return report ? flagRefusal(report.moderation, e.by, `harm report ${e.reportId}`) : unknownReport(ctx, e.reportId);
  },

  'harm.moderated': (ctx: HarmWatchContext, e: CommandOf<'harm.moderated'>) => {
    const report = reportOf(ctx, e.reportId);
    if (!report) return unknownReport(ctx, e.reportId);
    return (
      moderationRefusal(report.moderation, `Harm report ${e.reportId}`, e.outcome) ??
      (e.into === e.reportId ? `A report cannot repeat itself: name the earlier report ${e.reportId} repeats.` : undefined) ??
      (e.into && !reportOf(ctx, e.into) ? unknownReport(ctx, e.into) : undefined)
    );
  },

  'review.recorded': (ctx: HarmWatchContext) =>
    ctx.current?.evidence ? undefined : `No review of ${ctx.product.name} is waiting to be recorded; the next falls on ${nextReviewAt(ctx)}.`,

  'lifecycle.changed': () => undefined,
} satisfies { [K in HarmWatchCommand['type']]: (ctx: HarmWatchContext, e: CommandOf<K>) => string | undefined };

export function harmWatchRuleRefusal(ctx: HarmWatchContext, event: HarmWatchCommand): string | undefined {
  const rule = harmWatchRules[event.type] as (c: HarmWatchContext, e: HarmWatchCommand) => string | undefined;
  return rule(ctx, event);
}

/** Whether this run tells the board's subscribers of each review it publishes (see `HarmWatchContext.reviewsToSubscribers`). */
export const tellsSubscribers = (ctx: HarmWatchContext): boolean => ctx.reviewsToSubscribers === true;

/** The review as the watch keeps it once published: the register has the evidence, and who was told stays with the publication. */
export const keptReview = ({ evidence: _evidence, notify: _notify, ...record }: HarmReviewRecord): HarmReviewRecord => record;

/**
 * The review's record for the register, with the low harms it took up, and, in a run that tells them,
 * the board's subscribers the role check answered (a board with none tells no one).
 */
export function reviewRecord(ctx: HarmWatchContext, e: CommandOf<'review.recorded'>): HarmReviewRecord {
  const current = ctx.current!;
  const subscribers = tellsSubscribers(ctx) ? (e.subscribers ?? []) : [];
  return {
    decisionId: current.reviewId,
    kind: 'harmReview',
    boardId: ctx.boardId,
    product: ctx.product,
    scheduledFor: current.scheduledFor,
    dueAt: current.dueAt,
    recordedAt: e.at,
    recordedBy: e.by,
    overdue: Date.parse(e.at) > Date.parse(current.dueAt),
    benefits: e.benefits,
    harms: e.harms,
    worstHarm: e.worstHarm,
    ...(e.remedy ? { remedy: e.remedy } : {}),
    ...(e.summary ? { summary: e.summary } : {}),
    ...(current.evidence ? { evidence: current.evidence } : {}),
    reportsTakenUp: ctx.reports.filter((r) => r.status === 'carriedToReview').map((r) => ({ reportId: r.reportId, summary: r.summary })),
    ...(subscribers.length ? { notify: subscribers } : {}),
  };
}

// ---------------------------------------------------------------- escalation

/** Puts the harm that `subjectId` found to the board, with the decision due the policy's days after `from`. */
export const escalation = (ctx: HarmWatchContext, subjectId: string, severity: Escalation['severity'], remedy: Remedy | undefined, summary: string, from: string): Escalation => ({
  productId: ctx.product.id,
  boardId: ctx.boardId,
  subjectId,
  severity,
  remedy: remedy ?? 'suspension',
  summary,
  decideBy: addDays(from, ctx.policy.escalationDecisionDays),
});

/** What each remedy asks of the board, in words. */
export const remedyWords: Record<Remedy, string> = {
  suspension: 'suspend the product until a reinstatement decision',
  rollback: 'roll it back to the version before its latest change, keeping it live',
};

/** The remedy an escalation asks for: escalations scheduled before roll back existed carry none, and asked for a suspension. */
export const remedyOf = (e: Escalation): Remedy => (e.remedy as Remedy | undefined) ?? 'suspension';

/** The item an escalation puts to the product board: the remedy, by written procedure, decided by the escalation's deadline. */
export const escalationRequest = (e: Escalation, chair: string): GateRequestPayload => ({
  by: chair,
  gate: remedyOf(e),
  procedure: 'written',
  deadline: e.decideBy,
  papers: [],
  selfAssessment: [],
});

/** What both boards are told of an escalation, with the other remedy left open to the product board. */
/**
 * The notice to both boards. `refused` is the product's reason when the item could not be put to
 * the board (another item is before it, say): the notice then says so, and what the chair can do.
 */
export function escalationNotice(e: Escalation, roster: BoardRoster, reviewId?: string, refused?: string): Notification {
  const asked = remedyOf(e);
  const other: Remedy = asked === 'rollback' ? 'suspension' : 'rollback';
  const placed = refused
    ? `To ask of the board: ${remedyWords[asked]}. The engine could not put it before the board: ${refused}\nThe chair can request the ${asked} or ${other} gate by written procedure once the product can take it (govern request --product ${e.productId} --gate ${asked} --written --deadline …).`
    : `Put to the board: ${remedyWords[asked]}. Vote by ${e.decideBy}${reviewId ? ` on ${reviewId}` : ''}.\n` +
      `Or ${remedyWords[other]}: reject this item, and the chair requests the ${other} gate by written procedure.`;
  return {
    notificationId: `escalation-${e.subjectId}`,
    to: [...roster.members.map((m) => m.id), ...roster.secretariat, 'initiative-board'],
    subject: `Escalated ${e.severity} harm on ${e.productId}: the product board decides by written procedure whether to suspend it or roll it back`,
    body: `${e.summary}\n${placed}`,
  };
}
