/**
 * The messages waiting to go, in PostgreSQL, and what becomes of each: claimed by one worker at a
 * time (`FOR UPDATE SKIP LOCKED`: two workers on one database take different messages and never
 * the same one), then sent, retried later, or failed.
 *
 * A claim lasts as long as its transaction: the worker sends while holding the row, and commits the
 * outcome with it. A worker that dies mid-send drops its connection, the row is free again, and the
 * message is tried once more; a message is never lost, and sent twice only when a worker dies between
 * the SMTP server's acceptance and the commit (its Message-ID lets a mail server see the repeat).
 */
import { sql } from 'kysely';
import type { Db } from './database';
import type { DeliveryRow, Frequency, MailboxRow, NoticeRow, Transport } from './schema';

/**
 * Takes up to `limit` messages due at `now` and not held by another worker, locking them until
 * `trx` ends. Oldest due first.
 */
export async function claimDue(trx: Db, now: Date, limit = 1): Promise<DeliveryRow[]> {
  return trx
    .selectFrom('deliveries')
    .selectAll()
    .where('status', 'in', ['pending', 'retrying'])
    .where('next_attempt_at', '<=', now)
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

/** The notices a message carries, oldest first. */
export async function noticesIn(db: Db, deliveryId: string): Promise<NoticeRow[]> {
  return db
    .selectFrom('notices')
    .innerJoin('delivery_notices', 'delivery_notices.notice_id', 'notices.id')
    .selectAll('notices')
    .where('delivery_notices.delivery_id', '=', deliveryId)
    .orderBy('notices.created_at')
    .orderBy('notices.id')
    .execute();
}

/** Marks a message sent and keeps what was sent in the person's mailbox. */
export async function markSent(trx: Db, delivery: DeliveryRow, sent: { readonly transport: Transport; readonly messageId: string; readonly subject: string; readonly text: string; readonly at: Date }): Promise<void> {
  await trx
    .updateTable('deliveries')
    .set({ status: 'sent', attempts: delivery.attempts + 1, transport: sent.transport, message_id: sent.messageId, finished_at: sent.at, last_error: null })
    .where('id', '=', delivery.id)
    .execute();
  await trx
    .insertInto('mailbox')
    .values({ delivery_id: delivery.id, person_id: delivery.person_id, subject: sent.subject, text: sent.text, transport: sent.transport, sent_at: sent.at })
    .execute();
}

/** Counts a failed attempt: tried again at `retryAt`, or, with none, failed for good. */
export async function markAttemptFailed(trx: Db, delivery: DeliveryRow, error: string, retryAt: Date | undefined, now: Date): Promise<void> {
  await trx
    .updateTable('deliveries')
    .set({
      attempts: delivery.attempts + 1,
      last_error: error.slice(0, 2000),
      ...(retryAt ? { status: 'retrying' as const, next_attempt_at: retryAt } : { status: 'failed' as const, finished_at: now }),
    })
    .where('id', '=', delivery.id)
    .execute();
}

/** A notice waiting for its recipient's digest, with the zone its timing is reckoned in. */
export interface DigestCandidate {
  readonly noticeId: string;
  readonly personId: string;
  readonly boardId: string;
  readonly kind: Exclude<Frequency, 'immediate' | 'none'>;
  readonly timeZone: string;
  readonly createdAt: Date;
}

/** Every notice that waits for a digest and is in no message yet. */
export async function awaitingDigest(db: Db): Promise<DigestCandidate[]> {
  const rows = await db
    .selectFrom('notices')
    .leftJoin('people', 'people.person_id', 'notices.person_id')
    .select(['notices.id', 'notices.person_id', 'notices.board_id', 'notices.schedule', 'notices.created_at', 'people.time_zone'])
    .where('notices.schedule', 'in', ['daily', 'weekly'])
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('delivery_notices').select('delivery_notices.notice_id').whereRef('delivery_notices.notice_id', '=', 'notices.id'))))
    .execute();
  return rows.map((r) => ({
    noticeId: r.id,
    personId: r.person_id,
    boardId: r.board_id ?? '',
    kind: r.schedule as DigestCandidate['kind'],
    timeZone: r.time_zone ?? 'Europe/London',
    createdAt: r.created_at,
  }));
}

/** Makes one message carrying `noticeIds`, due at `now`. */
export async function createDigest(trx: Db, digest: { readonly personId: string; readonly boardId: string; readonly kind: DigestCandidate['kind']; readonly noticeIds: readonly string[] }, now: Date): Promise<string> {
  const { id } = await trx
    .insertInto('deliveries')
    .values({ person_id: digest.personId, board_id: digest.boardId || null, kind: digest.kind, next_attempt_at: now, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('delivery_notices')
    .values(digest.noticeIds.map((notice_id) => ({ delivery_id: id, notice_id })))
    .execute();
  return id;
}

/** The advisory lock the digest scheduler holds ("gov" "dig"), so that one worker at a time makes digests. */
const digestLock = 0x676f76_646967;

/** Runs `work` in a transaction when no other worker is making digests; otherwise does nothing. */
export async function whileMakingDigests<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T | undefined> {
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${digestLock}) as locked`.execute(trx);
    return rows[0]?.locked ? work(trx) : undefined;
  });
}

/**
 * What `personId` was sent, newest first, at most `limit` messages.
 *
 * @example
 * const messages = await readMailbox(db, 'p-zoe', 20);
 */
export async function readMailbox(db: Db, personId: string, limit = 20): Promise<MailboxRow[]> {
  return newestMail(db).where('person_id', '=', personId).limit(limit).execute();
}

const newestMail = (db: Db) => db.selectFrom('mailbox').selectAll().orderBy('sent_at', 'desc').orderBy('id', 'desc');

/**
 * Everyone's messages, newest first, at most `limit`: the local mailbox page on one's own machine.
 *
 * @example
 * const latest = await readWholeMailbox(db, 50);
 */
export async function readWholeMailbox(db: Db, limit = 50): Promise<MailboxRow[]> {
  return newestMail(db).limit(limit).execute();
}

/** How many messages are in each state (benchmarks and fault tests print it). */
export async function deliveryCounts(db: Db): Promise<Record<string, number>> {
  const rows = await db.selectFrom('deliveries').select(['status', (eb) => eb.fn.countAll<string>().as('count')]).groupBy('status').execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.count)]));
}
