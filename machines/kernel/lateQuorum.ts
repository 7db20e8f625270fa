/**
 * Late-quorum protection (OpenZeppelin's GovernorPreventLateQuorum): when a vote first becomes quorate
 * within `hours` of its close, the close moves `hours` later, once, so that members who were absent can
 * still react to a vote that only just became decidable. Off unless the board's policy sets the hours.
 */
import { HOUR } from './clock';
import { plural } from './voting';

/** The rule as a vote keeps it from its opening, and what happened under it. */
export interface LateQuorum {
  /** How far a late quorum moves the close, and how near the close counts as late. */
  readonly hours: number;
  /** When the votes first made a quorum. */
  readonly reachedAt?: string;
  /** Set when that was late: the close it moved from, and the close it moved to. */
  readonly extendedFrom?: string;
  readonly closesAt?: string;
}

/**
 * The rule after a vote (or a declared interest) at `at` left the count `quorate`, with voting due to
 * close at `closesAt`. Only the first quorum counts: once reached, later votes change nothing, so the
 * close moves at most once however often the count dips and comes back.
 */
export function afterCount(rule: LateQuorum, quorate: boolean, at: string, closesAt: string): LateQuorum {
  if (rule.reachedAt !== undefined || !quorate) return rule;
  const left = Date.parse(closesAt) - Date.parse(at);
  if (left <= 0 || left > rule.hours * HOUR) return { ...rule, reachedAt: at };
  return { ...rule, reachedAt: at, extendedFrom: closesAt, closesAt: new Date(Date.parse(closesAt) + rule.hours * HOUR).toISOString() };
}

/** Whether a late quorum moved the close. */
export const closeMoved = (rule: LateQuorum | undefined): rule is Required<LateQuorum> => rule?.closesAt !== undefined;

/** The sentence a decision record adds when the close moved. */
export const extensionWords = (rule: LateQuorum): string =>
  rule.closesAt && rule.extendedFrom && rule.reachedAt
    ? ` Voting was extended by ${plural(rule.hours, 'hour')}, from ${rule.extendedFrom} to ${rule.closesAt}: quorum was first reached at ${rule.reachedAt}, within ${plural(rule.hours, 'hour')} of the close.`
    : '';
