/** What people see of a harm watch: refusals, and the status a query returns. */
import type { HarmWatchEvent, HarmWatchSnapshot, HarmWatchState } from './machine';
import { harmWatchRuleRefusal, nextReviewAt, openReports, reportIdFor, type HarmReport, type HarmReviewRecord, type ReviewInProgress } from './rules';
import type { HarmWatchCommand } from './schema';
import { explainRefusal, type RefusalWords } from '../kernel/admission';

const isCommand = (event: HarmWatchEvent): event is HarmWatchCommand => 'at' in event;

const words: RefusalWords<HarmWatchSnapshot, HarmWatchEvent> = {
  rule: (snapshot, event) => (isCommand(event) ? harmWatchRuleRefusal(snapshot.context, event) : undefined),
  ownEvent: (event) => (isCommand(event) ? undefined : `${event.type} is the engine's own event.`),
  // A retired product's watch has finished: it takes nothing more.
  states: { stopped: (s: HarmWatchSnapshot) => `${s.context.product.name} is retired; its harm watch has stopped. Nothing was recorded.` } satisfies Partial<Record<HarmWatchState, unknown>>,
  otherwise: (snapshot, event) => `The harm watch of ${snapshot.context.product.name} cannot take ${event.type} now.`,
};

export const explainHarmWatchRefusal = (snapshot: HarmWatchSnapshot, event: HarmWatchEvent): string | undefined => explainRefusal(snapshot, event, words);

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
  readonly reports: readonly HarmReport[];
  readonly openReports: readonly HarmReport[];
  /** How many runs the watch has had: it continues as new to keep its history short. */
  readonly run: number;
}

export function harmWatchView(snapshot: HarmWatchSnapshot): HarmWatchView {
  const { context } = snapshot;
  const value = snapshot.value as HarmWatchState;
  return {
    productId: context.product.id,
    productName: context.product.name,
    boardId: context.boardId,
    state: value,
    liveSinceOrIterated: context.anchor,
    ...(value === 'watching' ? { nextReviewAt: nextReviewAt(context) } : {}),
    ...(context.current ? { current: context.current } : {}),
    reviews: context.reviews,
    reports: context.reports,
    openReports: openReports(context),
    run: context.runs + 1,
  };
}

/** What an accepted command's receipt names as created: the report it took, or the review it recorded. */
export function harmWatchReceipt(_after: HarmWatchSnapshot, before: HarmWatchSnapshot, event: HarmWatchEvent): { created?: string } {
  if (event.type === 'harm.reported') return { created: reportIdFor(before.context, event) };
  if (event.type === 'review.recorded' && before.context.current) return { created: before.context.current.reviewId };
  return {};
}
