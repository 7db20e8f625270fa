/** Reading a person's notices and mail needs no Temporal connection: they are in PostgreSQL. */
import { fillDates } from '../mail/dates';
import { connectDatabase, type Db } from '../store/database';
import { readNotices, type Notice } from '../store/notices';
import { personOf } from '../store/people';
import type { RegisterReader } from '../store/register';
import { databaseSettings } from './settings';

/** Runs `read` on `store`'s database when given, else on a connection made for this read alone. */
export async function withDatabase<T>(store: RegisterReader | undefined, read: (db: Db) => Promise<T>): Promise<T> {
  if (store) return read(store.db);
  const db = await connectDatabase(databaseSettings(), { max: 1 });
  try {
    return await read(db);
  } finally {
    await db.destroy();
  }
}

/**
 * What the engine has told `personId`, oldest first, with dates in words in their zone: `zone` when
 * the caller has read it already (a portal page has it with the session), else read here.
 *
 * @throws DatabaseUnavailable when the database cannot be reached.
 * @example
 * for (const n of await readNotifications(db, 'p-zoe')) console.log(n.subject);
 */
export async function readNotifications(db: Db, personId: string, zone?: string): Promise<Notice[]> {
  const [timeZone, notices] = await Promise.all([zone ?? personOf(db, personId).then((p) => p.timeZone), readNotices(db, personId)]);
  return notices.map((n) => ({ ...n, subject: fillDates(n.subject, n.dates, timeZone), body: fillDates(n.body, n.dates, timeZone) }));
}
