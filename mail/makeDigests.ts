/**
 * Gathering the notices that wait for a digest into messages, when their time has come
 * (mail/digestSchedule.ts decides which and when). One worker at a time does it (an advisory lock);
 * each notice can join one message only (a unique constraint), so two workers never make two digests
 * of the same notices.
 */
import type { Db } from '../store/database';
import { awaitingDigest, createDigest, whileMakingDigests } from '../store/deliveries';
import { dueDigests } from './digestSchedule';

/**
 * Makes the digests due at `now`; answers how many it made (0 also when another worker is making them).
 *
 * @example
 * await makeDigests(db, new Date());
 */
export async function makeDigests(db: Db, now: Date): Promise<number> {
  const made = await whileMakingDigests(db, async (trx) => {
    const due = dueDigests(await awaitingDigest(trx), now);
    for (const digest of due) await createDigest(trx, digest, now);
    return due.length;
  });
  return made ?? 0;
}
