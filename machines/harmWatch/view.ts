/** What people see of a harm watch: refusals, and the status a query returns. */
import type { HarmWatchEvent, HarmWatchSnapshot, HarmWatchState } from './machine';
import { harmWatchRuleRefusal, nextReviewAt, openReports, reportIdFor, type HarmReport, type HarmReviewRecord, type ReviewInProgress } from './rules';
import type { HarmWatchCommand } from './schema';
import { explainRefusal, type RefusalWords } from '../kernel/admission';
import { publicModeration, publicSight, type Audience, type Flag, type PublicModeration, type PublicSight } from '../kernel/moderation';

export type { Audience } from '../kernel/moderation';

const isCommand = (event: HarmWatchEvent): event is HarmWatchCommand => 'at' in event;

const words: RefusalWords<HarmWatchSnapshot, HarmWatchEvent> = {
  rule: (snapshot, event) => (isCommand(event) ? harmWatchRuleRefusal(snapshot.context, event) : undefined),
  ownEvent: (event) => (isCommand(event) ? undefined : `${event.type} is the engine's own event.`),
  // A retired product's watch has finished: it takes nothing more.
  states: { stopped: (s: HarmWatchSnapshot) => `${s.context.product.name} is retired; its harm watch has stopped. Nothing was recorded.` } satisfies Partial<Record<HarmWatchState, unknown>>,
  otherwise: (snapshot, event) => `The harm watch of ${snapshot.context.product.name} cannot take ${event.type} now.`,
};

export const explainHarmWatchRefusal = (snapshot: HarmWatchSnapshot, event: HarmWatchEvent): string | undefined => explainRefusal(snapshot, event, words);

/**
 * A harm report as its reader sees it. The board reads every report in full, flags and all: a harm is never
 * hidden from it. The public reads one hidden, merged or removed by moderation as the words that say so
 * (`withheld` says which), and its flags only as a count and their reasons.
 */
export interface HarmReportView extends Omit<HarmReport, 'moderation'> {
  readonly withheld?: Exclude<PublicSight, { shown: true }>['why'];
  readonly moderation?: PublicModeration & { readonly flaggedBy?: readonly Flag[] };
}

export interface HarmWatchView {
  readonly productId: string;
  readonly productName: string;
  readonly boardId: string;
  readonly state: HarmWatchState;
  readonly liveSinceOrIterated: string;
  /** When the next review falls, unless one is under way or the product is suspended or retired. */
  readonly nextReviewAt?: string;
  readonly current?: ReviewInProgress;
  readonly reviews: readonly HarmReviewRecord[];
  readonly reports: readonly HarmReportView[];
  readonly openReports: readonly HarmReportView[];
  /** How many runs the watch has had: it continues as new to keep its history short. */
  readonly run: number;
  /** Whether this is the board's view (every report in full) or the public's. */
  readonly audience: Audience;
}

const reportSeen =
  (audience: Audience) =>
  ({ moderation, ...report }: HarmReport): HarmReportView => {
    const seen = moderation ? { moderation: { ...publicModeration(moderation), ...(audience === 'board' ? { flaggedBy: moderation.flags } : {}) } } : {};
    const sight = publicSight(moderation);
    if (audience === 'board' || sight.shown) return { ...report, ...seen };
    const { details: _withheld, ...shown } = report;
    return { ...shown, summary: sight.words, withheld: sight.why, ...seen };
  };

/** The watch as `audience` reads it: the status query answers the public's, the board status query the board's. */
export function harmWatchView(snapshot: HarmWatchSnapshot, audience: Audience = 'public'): HarmWatchView {
  const { context } = snapshot;
  const value = snapshot.value as HarmWatchState;
  const seen = reportSeen(audience);
  return {
    productId: context.product.id,
    productName: context.product.name,
    boardId: context.boardId,
    state: value,
    liveSinceOrIterated: context.anchor,
    ...(value === 'watching' ? { nextReviewAt: nextReviewAt(context) } : {}),
    ...(context.current ? { current: context.current } : {}),
    reviews: context.reviews,
    reports: context.reports.map(seen),
    openReports: openReports(context).map(seen),
    run: context.runs + 1,
    audience,
  };
}

export const harmWatchBoardView = (snapshot: HarmWatchSnapshot): HarmWatchView => harmWatchView(snapshot, 'board');

/** What an accepted command's receipt names as created: the report it took, or the review it recorded. */
export function harmWatchReceipt(_after: HarmWatchSnapshot, before: HarmWatchSnapshot, event: HarmWatchEvent): { created?: string } {
  if (event.type === 'harm.reported') return { created: reportIdFor(before.context, event) };
  if (event.type === 'review.recorded' && before.context.current) return { created: before.context.current.reviewId };
  return {};
}
