/**
 * The notices a vote brings, shared by both boards: the reminder to members
 * who have not voted before voting closes (Loomio's "closing soon"), and the
 * confirmation to a voter that their vote was recorded (decidim/decidim#5712).
 * Each names people by id and the closing time as `{closes}`, which delivery
 * writes in words in each recipient's time zone (see `Notification`).
 */
import type { Notification } from './effects';
import { HOUR } from './clock';
import { voteRecordedNoticeId, votingReminderNoticeId } from './ids';
import { voteChoices, type Vote, type VoteChoice } from './voting';

/** What a vote is about, in the words a notice uses: "the alpha gate of Benefits map (review gr-benefits-map-alpha-1)". */
export interface VoteSubject {
  /** The review's or item's id: a reference, and the notices' ids unless `noticeKey` is given. */
  readonly id: string;
  /**
   * What the notices' ids are made from when a subject is voted on more than once: an initiative item
   * carried to a later meeting is voted on afresh there, and a notice id is delivered once per person,
   * so each meeting's reminder and confirmations need ids of their own. Absent for a gate review.
   */
  readonly noticeKey?: string;
  /** A short description that reads after "on": "Benefits map moving to alpha". */
  readonly what: string;
  readonly boardId: string;
  readonly closesAt: string;
  /** Where to vote, under the public address: `/reviews/gr-1`. */
  readonly link: string;
  /** The command that casts a vote as `voter`, for someone who reads the notice at a terminal. */
  readonly voteCommand: (voter: string) => string;
}

const choiceWords: Record<VoteChoice, string> = {
  approve: 'approve',
  approveWithConditions: 'approve with conditions',
  reject: 'reject',
  abstain: 'abstain',
};

/**
 * When the reminder goes, `leadHours` before voting closes, as a delay from `now`; none when that moment
 * is not after `now` (an item opened with less time left than the lead is announced, not reminded).
 */
export function reminderDelay(closesAt: string, leadHours: number, now: string): number | undefined {
  const delay = Date.parse(closesAt) - leadHours * HOUR - Date.parse(now);
  return delay > 0 ? delay : undefined;
}

/** Those of `eligible` who have not voted; the reminder goes to them alone, and not at all when there is no one. */
export const notVoted = (eligible: readonly string[], votes: readonly Pick<Vote, 'by'>[]): string[] => {
  const voted = new Set(votes.map((v) => v.by));
  return eligible.filter((id) => !voted.has(id));
};

/** The choices as the vote command takes them, for a notice that says how to vote. */
export const choicesToType = `CHOICE is one of ${voteChoices.join(', ')}`;

export function votingReminder(subject: VoteSubject, to: readonly string[]): Notification {
  return {
    notificationId: votingReminderNoticeId(subject.noticeKey ?? subject.id),
    to,
    subject: `Voting closes soon: you have not voted on ${subject.what}`,
    body:
      `Voting on ${subject.what} closes {closes}, and your vote is not in yet.\n` +
      `To vote: ${subject.voteCommand('YOUR_ID')}\n` +
      `(${choicesToType}; a reason is welcome). If you have an interest in it, declare it instead and you will not be counted.\n` +
      `Reference: ${subject.id}.`,
    dates: { closes: subject.closesAt },
    link: subject.link,
    boardId: subject.boardId,
  };
}

/**
 * Told only to the voter, so it may say what they chose. `n` counts the votes recorded on the subject so
 * far, a changed vote included, so each confirmation has an id of its own.
 */
export function voteConfirmation(subject: VoteSubject, vote: Vote, n: number, stillOpen: boolean): Notification {
  const conditions = vote.conditions?.length ? `, on these conditions: ${vote.conditions.map((c) => `"${c}"`).join('; ')}` : '';
  const reason = vote.reason ? `\nYour reason: "${vote.reason}".` : '';
  return {
    notificationId: voteRecordedNoticeId(subject.noticeKey ?? subject.id, vote.by, n),
    to: [vote.by],
    subject: `Your vote on ${subject.what} was recorded`,
    body:
      `Your vote was recorded: ${choiceWords[vote.choice]}${conditions}.${reason}\n` +
      (stillOpen
        ? `You can change it until voting closes {closes}: ${subject.voteCommand(vote.by)} --change\n`
        : `Voting closed {closes}; until the decision is made you can still change it: ${subject.voteCommand(vote.by)} --change\n`) +
      `Only you are told what you chose. Reference: ${subject.id}.`,
    dates: { closes: subject.closesAt },
    link: subject.link,
    boardId: subject.boardId,
  };
}
