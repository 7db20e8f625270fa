/** What people see of a harm watch: refusals, and the status a query returns. */
import type { HarmWatchEvent, HarmWatchSnapshot, HarmWatchState } from './machine';
import { harmWatchRuleRefusal, nextReviewAt, openReports, type HarmReport, type HarmReviewRecord, type ReviewInProgress } from './rules';
import type { HarmWatchCommand } from './schema';

const isCommand = (event: HarmWatchEvent): event is HarmWatchCommand => 'at' in event;

export function explainHarmWatchRefusal(snapshot: HarmWatchSnapshot, event: HarmWatchEvent): string | undefined {
  const { context } = snapshot;
  // A finished machine still answers can(); a retired product's watch takes nothing more.
  if (snapshot.status !== 'active') return `${context.product.name} is retired; its harm watch has stopped. Nothing was recorded.`;
  if (snapshot.can(event)) return undefined;
  if (!isCommand(event)) return `${event.type} is the engine's own event.`;
  return harmWatchRuleRefusal(context, event) ?? `The harm watch of ${context.product.name} cannot take ${event.type} now.`;
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
