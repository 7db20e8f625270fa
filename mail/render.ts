/**
 * A message finished for its reader: the notice's own words with its dates written in the reader's
 * zone, the link to act on under the public address, the ids only as references at the end, and how
 * to choose how often such mail comes. A digest is the same for several notices of one board.
 */
import type { Person } from '../store/people';
import type { NoticeRow } from '../store/schema';
import { dayInWords, fillDates } from './dates';
import { linkUnder } from './settings';

export interface Rendered {
  readonly subject: string;
  readonly text: string;
}

type NoticeText = Pick<NoticeRow, 'notification_id' | 'subject' | 'body' | 'dates' | 'link' | 'board_id'>;

const greeting = (person: Person) => `Dear ${person.name ?? person.personId},`;

function footer(person: Person, boardId: string | null, how: string): string {
  if (!boardId) return '';
  const choose = `govern mail preferences --as ${person.personId} --board ${boardId} immediate|daily|weekly|none`;
  return `\n\n--\nYou get ${boardId}'s notices ${how}. To choose another way: ${choose}`;
}

function part(notice: NoticeText, person: Person, publicUrl: string): { subject: string; lines: string[] } {
  const subject = fillDates(notice.subject, notice.dates, person.timeZone);
  const lines = [fillDates(notice.body, notice.dates, person.timeZone)];
  if (notice.link) lines.push(`What to do next: open ${linkUnder(publicUrl, notice.link)}`);
  lines.push(`Reference: ${notice.notification_id}`);
  return { subject, lines };
}

/**
 * One notice as one message to `person`.
 *
 * @example
 * renderNotice(notice, { personId: 'm-ada', timeZone: 'Europe/London' }, 'https://governance.example.org')
 */
export function renderNotice(notice: NoticeText, person: Person, publicUrl: string): Rendered {
  const { subject, lines } = part(notice, person, publicUrl);
  return { subject, text: `${greeting(person)}\n\n${lines.join('\n\n')}${footer(person, notice.board_id, 'as they happen')}\n` };
}

/**
 * Several notices of one board as one digest to `person`, oldest first, dated `at` in their zone.
 *
 * @example
 * renderDigest(notices, person, 'daily', 'product-board', at, publicUrl).subject // 'Your daily digest from product-board, Tuesday 12 January 2027: 3 notices'
 */
export function renderDigest(notices: readonly NoticeText[], person: Person, kind: 'daily' | 'weekly', boardId: string | null, at: Date, publicUrl: string): Rendered {
  const count = `${notices.length} notice${notices.length === 1 ? '' : 's'}`;
  const subject = `Your ${kind} digest from ${boardId ?? 'the governance engine'}, ${dayInWords(at, person.timeZone)}: ${count}`;
  const parts = notices.map((n, i) => {
    const { subject: title, lines } = part(n, person, publicUrl);
    return `${i + 1}. ${title}\n\n${lines.map((l) => l.replace(/^/gm, '   ')).join('\n\n')}`;
  });
  const intro = `Since your last ${kind} digest, ${count} from ${boardId ?? 'the governance engine'}:`;
  return { subject, text: `${greeting(person)}\n\n${intro}\n\n${parts.join('\n\n')}${footer(person, boardId, `in a ${kind} digest`)}\n` };
}
