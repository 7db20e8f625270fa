/**
 * Notices in PostgreSQL: what the machines ask to tell people, one row per notification and
 * recipient, and the message that will carry each.
 *
 * Exactly once however often an activity retries and however many workers run: the insert does
 * nothing for a (notification id, recipient) already there (a unique constraint), and only the rows
 * it did insert get a message. A recipient who chose a digest for the notice's board gets none now:
 * the digest scheduler (mail/digests.ts) gathers their notices later; one who chose "none" gets no
 * mail, and still finds the notice in `govern notifications`.
 */
import { sql } from 'kysely';
import type { Notification } from '../machines/kernel/effects';
import type { Db } from './database';
import type { Frequency } from './schema';

/** A notice as its recipient's list shows it. */
export interface Notice {
  readonly notificationId: string;
  readonly to: string;
  readonly subject: string;
  readonly body: string;
  readonly boardId?: string;
  readonly link?: string;
  readonly dates?: Readonly<Record<string, string>>;
  /** When the engine made it (ISO). */
  readonly createdAt: string;
  /** How it reaches the person: at once, in a digest, or not by mail. */
  readonly schedule: Frequency;
}

/** Runs `work` in `db`'s transaction when it is one, else in a new one. */
export function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

/**
 * Records `notification` for each of its recipients, once; returns how many notices were new.
 * `reportsDelivery` marks a notice that reports an undeliverable message (its own failure is not reported).
 *
 * @throws the database's errors; the transaction is rolled back, so a retry starts afresh.
 * @example
 * await recordNotification(db, { notificationId: 'decision-gr-1', to: ['p-zoe'], subject: 'Decided', body: '…' });
 */
export async function recordNotification(db: Db, notification: Notification, options: { readonly now?: Date; readonly reportsDelivery?: string } = {}): Promise<number> {
  const recipients = [...new Set(notification.to)];
  if (!recipients.length) return 0;
  const now = options.now ?? new Date();
  const boardId = notification.boardId ?? null;
  return inTransaction(db, async (trx) => {
    const chosen = boardId
      ? await trx.selectFrom('delivery_preferences').select(['person_id', 'frequency']).where('board_id', '=', boardId).where('person_id', 'in', recipients).execute()
      : [];
    const choice = new Map(chosen.map((p) => [p.person_id, p.frequency]));
    const inserted = await trx
      .insertInto('notices')
      .values(
        recipients.map((to) => ({
          notification_id: notification.notificationId,
          person_id: to,
          board_id: boardId,
          subject: notification.subject,
          body: notification.body,
          dates: JSON.stringify(notification.dates ?? {}),
          link: notification.link ?? null,
          schedule: choice.get(to) ?? 'immediate',
          reports_delivery: options.reportsDelivery ?? null,
          created_at: now,
        })),
      )
      .onConflict((oc) => oc.constraint('notices_once_per_recipient').doNothing())
      .returning(['id', 'schedule'])
      .execute();
    const immediate = inserted.filter((n) => n.schedule === 'immediate').map((n) => n.id);
    // One message per new immediate notice; a recipient appears once per notification, so person_id pairs them.
    if (immediate.length)
      await sql`
        with made as (
          insert into deliveries (person_id, board_id, kind, next_attempt_at)
          select person_id, board_id, 'immediate', ${now} from notices where id = any(${immediate}::bigint[])
          returning id, person_id
        )
        insert into delivery_notices (delivery_id, notice_id)
        select made.id, n.id from made join notices n on n.person_id = made.person_id and n.id = any(${immediate}::bigint[])`.execute(trx);
    return inserted.length;
  });
}

/**
 * A person's notices, oldest first, as the machines wrote them (dates still named `{name}`).
 *
 * @example
 * const list = await readNotices(db, 'p-zoe');
 */
export async function readNotices(db: Db, personId: string): Promise<Notice[]> {
  const rows = await db.selectFrom('notices').selectAll().where('person_id', '=', personId).orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => ({
    notificationId: r.notification_id,
    to: r.person_id,
    subject: r.subject,
    body: r.body,
    ...(r.board_id ? { boardId: r.board_id } : {}),
    ...(r.link ? { link: r.link } : {}),
    ...(Object.keys(r.dates).length ? { dates: r.dates } : {}),
    createdAt: r.created_at.toISOString(),
    schedule: r.schedule,
  }));
}

/** How many notices there are in all (benchmarks and fault tests count them). */
export async function noticeCount(db: Db): Promise<number> {
  const { count } = await db.selectFrom('notices').select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow();
  return Number(count);
}
