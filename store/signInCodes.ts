/**
 * One-time sign-in codes, kept as HMACs (the server makes them: server/signIn/codes.ts), and the
 * rules that make guessing one hopeless: only the latest code sent to an address works, for a short
 * time, once; a few wrong tries across that address's open codes (so asking for a new code does not
 * start the count again) end them all and make the address wait; only so many codes are sent to one address in a while. Each step runs in a transaction that
 * holds the address, so two tries at once count as two. Times are the database's.
 */
import { timingSafeEqual } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Db } from './database';
import type { Tables } from './schema';

/** The numbers the rules use; server/signIn/policy.ts holds the engine's. */
export interface CodeRules {
  /** How long a code works. */
  readonly codeTtlMs: number;
  /** Wrong tries, across the codes an address was sent within `windowMs`, before it must wait. */
  readonly maxWrong: number;
  /** How long it waits then. */
  readonly waitMs: number;
  /** Codes one address may be sent within `windowMs`. */
  readonly maxCodes: number;
  readonly windowMs: number;
}

export type CodeRecorded = { readonly recorded: true; readonly id: string; readonly expiresAt: Date } | { readonly recorded: false; readonly why: 'waiting' | 'tooManyCodes'; readonly until: Date };

export type CodeTried =
  | { readonly outcome: 'right' }
  | { readonly outcome: 'wrong'; readonly triesLeft: number }
  | { readonly outcome: 'nowWaiting' | 'waiting'; readonly until: Date }
  | { readonly outcome: 'expired' | 'none' };

const interval = (ms: number) => sql`${`${Math.round(ms)} milliseconds`}::interval`;

async function holdAddress(tx: Transaction<Tables>, addressHash: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`sign-in:${addressHash}`}))`.execute(tx);
}

async function waitingUntil(tx: Transaction<Tables>, addressHash: string): Promise<Date | undefined> {
  const row = await tx.selectFrom('sign_in_waits').select('until').where('address_hash', '=', addressHash).where('until', '>', sql<Date>`now()`).executeTakeFirst();
  return row?.until;
}

/**
 * Keeps a new code for an address, unless the address must wait or has been sent enough codes lately.
 *
 * @example
 * const kept = await recordCode(db, { addressHash, codeHash }, rules);
 */
export async function recordCode(db: Db, code: { readonly addressHash: string; readonly codeHash: string }, rules: CodeRules): Promise<CodeRecorded> {
  return db.transaction().execute(async (tx) => {
    await holdAddress(tx, code.addressHash);
    const until = await waitingUntil(tx, code.addressHash);
    if (until) return { recorded: false, why: 'waiting', until };
    const recent = await tx
      .selectFrom('sign_in_codes')
      .select('created_at')
      .where('address_hash', '=', code.addressHash)
      .where('created_at', '>', sql<Date>`now() - ${interval(rules.windowMs)}`)
      .orderBy('created_at')
      .execute();
    if (recent.length >= rules.maxCodes) return { recorded: false, why: 'tooManyCodes', until: new Date(recent[0]!.created_at.getTime() + rules.windowMs) };
    const row = await tx
      .insertInto('sign_in_codes')
      .values({ address_hash: code.addressHash, code_hash: code.codeHash, expires_at: sql<Date>`now() + ${interval(rules.codeTtlMs)}` as unknown as Date })
      .returning(['id', 'expires_at'])
      .executeTakeFirstOrThrow();
    return { recorded: true, id: row.id, expiresAt: row.expires_at };
  });
}

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Tries `codeHash` against the latest code the address was sent: right (the code is used up), wrong
 * (with the tries left), or, at the last wrong try, every open code of the address ended and a wait begun.
 *
 * @example
 * const tried = await tryCode(db, { addressHash, codeHash }, rules);
 */
export async function tryCode(db: Db, attempt: { readonly addressHash: string; readonly codeHash: string }, rules: CodeRules): Promise<CodeTried> {
  return db.transaction().execute(async (tx): Promise<CodeTried> => {
    await holdAddress(tx, attempt.addressHash);
    const until = await waitingUntil(tx, attempt.addressHash);
    if (until) return { outcome: 'waiting', until };
    const latest = await tx
      .selectFrom('sign_in_codes')
      .select(['id', 'code_hash', 'used_at', sql<boolean>`expires_at <= now()`.as('expired')])
      .where('address_hash', '=', attempt.addressHash)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!latest || latest.used_at) return { outcome: 'none' };
    if (latest.expired) return { outcome: 'expired' };
    if (same(latest.code_hash, attempt.codeHash)) {
      // Every open code of the address ends with it, and their wrong tries with them.
      await tx.updateTable('sign_in_codes').set({ used_at: sql`now()` }).where('address_hash', '=', attempt.addressHash).where('used_at', 'is', null).execute();
      return { outcome: 'right' };
    }
    await tx.updateTable('sign_in_codes').set({ wrong_attempts: sql`wrong_attempts + 1` }).where('id', '=', latest.id).execute();
    const { wrong } = await tx
      .selectFrom('sign_in_codes')
      .select(sql<number>`coalesce(sum(wrong_attempts), 0)::int`.as('wrong'))
      .where('address_hash', '=', attempt.addressHash)
      .where('used_at', 'is', null)
      .where('created_at', '>', sql<Date>`now() - ${interval(rules.windowMs)}`)
      .executeTakeFirstOrThrow();
    if (wrong < rules.maxWrong) return { outcome: 'wrong', triesLeft: rules.maxWrong - wrong };
    await tx.updateTable('sign_in_codes').set({ used_at: sql`now()` }).where('address_hash', '=', attempt.addressHash).where('used_at', 'is', null).execute();
    const wait = await tx
      .insertInto('sign_in_waits')
      .values({ address_hash: attempt.addressHash, until: sql<Date>`now() + ${interval(rules.waitMs)}` as unknown as Date })
      .onConflict((oc) => oc.column('address_hash').doUpdateSet({ until: sql`excluded.until` }))
      .returning('until')
      .executeTakeFirstOrThrow();
    return { outcome: 'nowWaiting', until: wait.until };
  });
}
