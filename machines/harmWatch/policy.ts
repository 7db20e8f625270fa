/**
 * How the engine looks for a live product's benefits and harms (shared/domain.md,
 * "Post-deployment benefit and harm reviews"), as data a board can change.
 * Dates are computed here, never read from a clock: the caller says when "now" is.
 */
import { z } from 'zod';
import { DAY } from '../kernel/clock';
import { atMost, limits, list } from '../kernel/input';

export const harmPolicySchema = z.strictObject({
  /** Reviews this many days after going live (or after an iteration)… (fractions allowed, for drills) */
  firstReviewsAfterDays: list(z.number().positive().check(atMost(limits.numbers.reviewAfterDays, "a first review's number of days after going live", 'ten years')), 'first reviews', { max: limits.lists.firstReviews }).min(1),
  /** …then one every this many months while live. */
  thenEveryMonths: z.number().int().min(1).max(24),
  /** The reviewer has this long to record a review once its evidence is gathered. */
  reviewDueDays: z.number().int().min(1).max(90),
  /** A reminder goes to the reviewers this many days before a review is due. */
  reviewReminderDays: z.number().int().min(0).max(30),
  /** A harm report must be triaged within this many working days (Monday to Friday). */
  triageWorkingDays: z.number().int().min(1).max(30),
  /** The written procedure on a high or critical harm gives the board this many days to decide. */
  escalationDecisionDays: z.number().int().min(1).max(30),
});

export type HarmPolicy = z.output<typeof harmPolicySchema>;

export const defaultHarmPolicy: HarmPolicy = {
  firstReviewsAfterDays: [30, 90],
  thenEveryMonths: 6,
  reviewDueDays: 14,
  reviewReminderDays: 3,
  triageWorkingDays: 5,
  escalationDecisionDays: 3,
};

export const addDays = (iso: string, days: number): string => new Date(Date.parse(iso) + days * DAY).toISOString();

/** `days` working days (Monday–Friday, UTC) after `iso`, at the same time of day. */
export function addWorkingDays(iso: string, days: number): string {
  const date = new Date(iso);
  let left = days;
  while (left > 0) {
    date.setUTCDate(date.getUTCDate() + 1);
    const weekday = date.getUTCDay();
    if (weekday !== 0 && weekday !== 6) left -= 1;
  }
  return date.toISOString();
}

/** When the review numbered `n` (0-based) after `anchor` (going live, or an iteration) falls due. */
export function reviewDate(anchor: string, n: number, policy: HarmPolicy): string {
  const first = policy.firstReviewsAfterDays;
  if (n < first.length) return addDays(anchor, first[n]!);
  const last = new Date(addDays(anchor, first.at(-1)!));
  last.setUTCMonth(last.getUTCMonth() + (n - first.length + 1) * policy.thenEveryMonths);
  return last.toISOString();
}
