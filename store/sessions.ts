/**
 * Sessions: a browser's cookie or the CLI's token, each a secret of 32 random bytes that the holder
 * shows with every request. Only its SHA-256 is kept, so the table cannot be used to sign in; each
 * ends at its expiry or when revoked (signing out, `govern logout`), whichever comes first.
 */
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from './database';
import type { SessionClient, SignInMethod } from './schema';

export interface Session {
  readonly id: string;
  readonly personId: string;
  readonly client: SessionClient;
  readonly method: SignInMethod;
  readonly createdAt: string;
  readonly expiresAt: string;
}

/** How a secret is kept: 32 random bytes need no salt or slow hash, only not to be kept as they are. */
export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Tokens read as what they are (the CLI's are `govern_…`), and carry 256 bits. */
const newToken = (client: SessionClient) => `${client === 'cli' ? 'govern_' : ''}${randomBytes(32).toString('base64url')}`;

/**
 * Opens a session for `personId` lasting `ttlMs`; answers the secret (shown once, never kept) and the session.
 *
 * @example
 * const { token } = await openSession(db, { personId: 'm-ben', client: 'cli', method: 'email', ttlMs: 90 * 86_400_000 });
 */
export async function openSession(db: Db, options: { readonly personId: string; readonly client: SessionClient; readonly method: SignInMethod; readonly ttlMs: number }): Promise<{ token: string; session: Session }> {
  const token = newToken(options.client);
  const row = await db
    .insertInto('sessions')
    .values({ token_hash: tokenHash(token), person_id: options.personId, client: options.client, method: options.method, expires_at: sql<Date>`now() + ${`${Math.round(options.ttlMs)} milliseconds`}::interval` as unknown as Date })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { token, session: toSession(row) };
}

const toSession = (row: { id: string; person_id: string; client: SessionClient; method: SignInMethod; created_at: Date; expires_at: Date }): Session => ({
  id: row.id,
  personId: row.person_id,
  client: row.client,
  method: row.method,
  createdAt: row.created_at.toISOString(),
  expiresAt: row.expires_at.toISOString(),
});

/** How often a session's last use is written: a page reads its session on every request, and need not write it each time. */
export const touchEveryMs = 60_000;

/**
 * The live session `token` opens (not expired, not revoked: read afresh on every request, so an
 * ending shows at once) as the CTE `live`, noting its use at most once every touchEveryMs (the CTE
 * `touched`, which PostgreSQL runs whether or not the query reads it).
 */
const liveTouched = (db: Db, token: string) =>
  db
    .with('live', (q) =>
      q.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash(token)).where('revoked_at', 'is', null).where('expires_at', '>', sql<Date>`now()`),
    )
    .with('touched', (q) =>
      q
        .updateTable('sessions')
        .set({ last_used_at: sql`now()` })
        .where('id', 'in', (eb) => eb.selectFrom('live').select('live.id'))
        .where('last_used_at', '<', sql<Date>`now() - ${`${touchEveryMs} milliseconds`}::interval`)
        .returning('id'),
    );

/** The live session `token` opens (not expired, not revoked), or undefined; notes that it was used (at most once a minute). */
export async function sessionOf(db: Db, token: string): Promise<Session | undefined> {
  // Bounded before hashing: a header of any length is hashed in time proportional to it.
  if (token.length > 200) return undefined;
  const row = await liveTouched(db, token).selectFrom('live').selectAll('live').executeTakeFirst();
  return row ? toSession(row) : undefined;
}

/**
 * sessionOf with the name the person gave, if any, in one query: what every signed-in page needs
 * to say who is signed in, asked on every page.
 */
export async function sessionWithNameOf(db: Db, token: string): Promise<{ session: Session; name?: string; timeZone?: string } | undefined> {
  if (token.length > 200) return undefined;
  const row = await liveTouched(db, token)
    .selectFrom('live')
    .leftJoin('people', 'people.person_id', 'live.person_id')
    .selectAll('live')
    .select(['people.name', 'people.time_zone'])
    .executeTakeFirst();
  return row ? { session: toSession(row), ...(row.name ? { name: row.name } : {}), ...(row.time_zone ? { timeZone: row.time_zone } : {}) } : undefined;
}

/** Ends the session `token` opens; answers whether one was live. */
export async function revokeSession(db: Db, token: string): Promise<boolean> {
  if (token.length > 200) return false;
  const rows = await db.updateTable('sessions').set({ revoked_at: sql`now()` }).where('token_hash', '=', tokenHash(token)).where('revoked_at', 'is', null).returning('id').execute();
  return rows.length > 0;
}
