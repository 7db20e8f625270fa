/**
 * How the engine looks for a live product's benefits and harms (shared/domain.md,
 * "Post-deployment benefit and harm reviews"), as data a board can change.
 * Dates are computed here, never read from a clock: the caller says when "now" is.
 */
import { z } from 'zod';
import { DAY } from '../kernel/clock';
import { atMost, limits, list, wholeNumber } from '../kernel/input';
import { flagsToHideSchema } from '../kernel/moderation';

export const harmPolicySchema = z.strictObject({
  /** Reviews this many days after going live (or after an iteration)… (fractions allowed, for drills) */
  firstReviewsAfterDays: list(z.number().positive().check(atMost(limits.numbers.reviewAfterDays, "a first review's number of days after going live", 'ten years')), 'first reviews', { max: limits.lists.firstReviews }).min(1),
  /** …then one every this many months while live. */
  thenEveryMonths: wholeNumber('the months between regular reviews', 1, 24),
  /** The reviewer has this long to record a review once its evidence is gathered. */
  reviewDueDays: wholeNumber('the days a reviewer has to record a review', 1, 90),
  /** A reminder goes to the reviewers this many days before a review is due. */
  reviewReminderDays: wholeNumber('the days before a review is due that its reviewers are reminded', 0, 30),
  /** A harm report must be triaged within this many working days (Monday to Friday). */
  triageWorkingDays: wholeNumber('the working days to triage a harm report', 1, 30),
  /** The written procedure on a high or critical harm gives the board this many days to decide. */
  escalationDecisionDays: wholeNumber('the days the board has to decide on a high or critical harm', 1, 30),
  /** A report this many people flag is hidden from the public, never from the board (machines/kernel/moderation.ts; 3 when left out). */
  flagsToHide: flagsToHideSchema,
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
