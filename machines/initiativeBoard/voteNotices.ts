/**
 * What the initiative board tells members about their votes, on top of the papers and the decisions:
 * each voter, alone, that their vote was recorded, and the members who have not voted on an item,
 * `votingReminderHours` before voting on it closes (Loomio's "closing soon"). Voting on every item of a
 * quarter's agenda closes when that quarter's meeting ends, so one reminder moment serves the whole
 * agenda, read from the board's policy as the papers deadline is. The board has no written procedure
 * (its items are decided at its meetings), so there is none to announce.
 *
 * Sent only by runs opened with `notices` on (see InitiativeInput), so that a quarter recorded before
 * replays as it ran. The words and ids are the ones both boards share (machines/kernel/voteNotices.ts).
 */
import type { Notification } from '../kernel/effects';
import { HOUR } from '../kernel/clock';
import { initiativeDecisionId } from '../kernel/ids';
import { notVoted, reminderDelay, votingReminder, type VoteSubject } from '../kernel/voteNotices';
import { votingReminderHoursOf } from '../productBoard/policy';
import { itemVoters, meetingClosesAt } from './decisions';
import type { InitiativeContext, InitiativeItem } from './types';

/** Where people see an item and vote on it, under the deployment's public address. */
export const itemLink = (itemId: string): string => `/initiative/items/${itemId}`;

/**
 * An item as the vote notices name it. Their ids are keyed by the item's decision at this quarter's
 * meeting: an item deferred to the next quarter is voted on afresh there, and reminded and confirmed afresh.
 */
export function voteSubjectOf(ctx: InitiativeContext, item: InitiativeItem): VoteSubject {
  return {
    id: item.itemId,
    noticeKey: initiativeDecisionId(ctx.quarter.meetingId, item.itemId),
    what: `the item "${item.title}"`,
    boardId: ctx.roster.boardId,
    closesAt: meetingClosesAt(ctx),
    link: itemLink(item.itemId),
    voteCommand: (voter) => `govern initiative vote ${item.itemId} --as ${voter} --choice CHOICE`,
  };
}

/** Members who may vote on the item and have not: its voters (`itemVoters`), no vote in. */
export const membersYetToVote = (ctx: InitiativeContext, item: InitiativeItem): string[] => notVoted(itemVoters(ctx, item), item.votes);

/** When this quarter's reminder is due: `votingReminderHours` before its meeting ends. */
export const reminderDueAt = (ctx: InitiativeContext): string => new Date(Date.parse(ctx.quarter.endsAt) - votingReminderHoursOf(ctx.policy) * HOUR).toISOString();

/**
 * What to do about this quarter's reminder as a run begins or a quarter opens: set a timer for it, send
 * it now, or nothing. It is sent now when its moment has passed with voting still open and it has not gone:
 * a run that continues the quarter as new after the moment (its first task late, say) must not lose it.
 */
export function reminderPlan(ctx: InitiativeContext): { readonly delay: number } | 'now' | undefined {
  if (!ctx.notices || ctx.votingReminderSentFor === ctx.quarter.meetingId) return undefined;
  const delay = reminderDelay(ctx.quarter.endsAt, votingReminderHoursOf(ctx.policy), ctx.clock);
  if (delay !== undefined) return { delay };
  return Date.parse(ctx.clock) < Date.parse(ctx.quarter.endsAt) ? 'now' : undefined;
}

/** One reminder per item on this quarter's agenda, to its members yet to vote; none for an item everyone has voted on. */
export const votingReminders = (ctx: InitiativeContext): Notification[] =>
  ctx.agenda.flatMap((item) => {
    const to = membersYetToVote(ctx, item);
    return to.length ? [votingReminder(voteSubjectOf(ctx, item), to)] : [];
  });
