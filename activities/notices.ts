/**
 * What people are told when a record they follow is published: a subject and
 * a body in plain words, with where to read the whole record.
 */
import { moderationNoticeSubject, moderationSentence } from '../machines/kernel/moderation';
import type { MinutesRecord } from '../machines/boardMeeting/machine';
import type { Notification } from '../machines/kernel/effects';
import { reviewNotice } from '../machines/harmWatch/notices';
import type { PublishedRecord } from './decisionRegister';

// Each body names a govern command that exists: the initiative board's records are read with
// "govern initiative minutes" (govern register has no --board option).

/** A notice's words; `dates` name the `{moments}` delivery writes in each reader's zone, `boardId` whose delivery choice applies. */
export type NoticeWords = Pick<Notification, 'subject' | 'body'> & Partial<Pick<Notification, 'dates' | 'boardId'>>;

/**
 * The words for a published record, by its kind. Every kind has its own case: a new kind without one
 * is a type error here, not a generic line in someone's mail.
 *
 * @throws Error for a record of a kind this code does not know (only a record from a newer worker can be one):
 *   a bug, which the publishing activity reports and Temporal retries until a worker that knows it runs.
 * @example
 * noticeOf(minutes).subject // 'Minutes of the product-board meeting on {meeting}'
 */
export function noticeOf(record: PublishedRecord): NoticeWords {
  switch (record.kind) {
    case 'gateReview':
      return {
        subject: `Decision ${record.decisionId}: ${record.outcome} (${record.product.name ?? record.product.id}, ${record.gate})`,
        body: `${record.explanation}\nRead it in the register: govern register --product ${record.product.id}`,
      };
    case 'minutes':
      return minutesNotice(record);
    case 'harmReview':
      return reviewNotice(record);
    case 'initiativeDecision':
      return {
        subject: `Initiative board decision ${record.decisionId}: ${record.outcome} (${record.title})`,
        body: `${record.explanation}${record.effect ? `\n${record.effect}` : ''}\nRead it in the register: govern initiative minutes`,
      };
    case 'initiativeMinutes':
      return {
        subject: `Minutes of the ${record.boardId} meeting on ${record.meeting.startsAt}`,
        body: `${record.items.map((i) => `${i.itemId} ${i.title}: ${i.outcome}`).join('\n') || 'No items.'}\n${record.compositionSummary}\nRead them in the register: govern initiative minutes`,
      };
    case 'submissionTriage':
      return {
        subject: `Your submission ${record.submissionId} was ${record.outcome}`,
        body: `"${record.title}": ${record.reason}${record.itemId ? `\nIt is now agenda item ${record.itemId}.` : ''}\nFollow it with: govern initiative follow ${record.submissionId}`,
      };
    case 'moderation':
      return {
        subject: moderationNoticeSubject(record),
        body: `${moderationSentence(record)}\nThe decision and its reason are published in the register (${record.decisionId}).`,
      };
    default:
      return unworded(record);
  }
}

/** Reached only by a kind the switch does not name: `never` makes leaving one out a compile error. */
function unworded(record: never): never {
  throw new Error(`No notice words for a published record of kind "${(record as { kind?: unknown }).kind}" (${(record as { decisionId?: unknown }).decisionId})`);
}

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * A product board meeting's minutes: when it met, what was on its agenda, who came. The items' outcomes
 * are not in the minutes (each item is decided in its own review as the meeting ends), so the notice
 * says where each decision is, which subscribers are sent as well.
 */
function minutesNotice(record: MinutesRecord): NoticeWords {
  const item = (i: MinutesRecord['agenda'][number]) =>
    `- ${i.productId}: the ${i.gate} gate (item ${i.itemId}${i.carriedOverFrom ? `, carried over from item ${i.carriedOverFrom}` : ''}); its decision: govern register --product ${i.productId}`;
  const items = record.agenda.length
    ? `On the agenda:\n${record.agenda.map(item).join('\n')}\nEach item is decided in its own review as the meeting ends; its decision, with the votes and reasons, is published and sent to you on its own.`
    : 'There were no items on the agenda.';
  const present = record.attendance?.present ?? [];
  const attendance = record.attendance
    ? `Present: ${count(present.length, 'member')} (${present.join(', ')}). Apologies: ${record.apologies.length ? `${count(record.apologies.length, 'member')} (${record.apologies.join(', ')})` : 'none'}.`
    : 'Attendance was not recorded.';
  return {
    subject: `Minutes of the ${record.boardId} meeting on {meeting}`,
    body: [
      `The ${record.boardId} met on {meeting}.`,
      items,
      attendance,
      record.compositionSummary,
      `Read the minutes in the register: govern register (entry ${record.decisionId}), or the meeting: govern meeting ${record.meeting.meetingId}`,
    ].join('\n'),
    dates: { meeting: record.meeting.startsAt },
    boardId: record.boardId,
  };
}
