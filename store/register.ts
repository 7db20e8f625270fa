/**
 * The decision register in PostgreSQL: append-only entries, each hashed and chained to the one
 * before it, and a signed head per publication.
 *
 * Exactly one entry per decision however often an activity retries and however many workers run:
 * an append takes a transaction-scoped advisory lock, so appends happen one after another and each
 * chains to the entry committed before it; `decision_id` is unique and an append of an id already
 * there returns the entry there. Two appends that skipped the lock still could not fork the chain:
 * `prev_hash` is unique too.
 */
import { sql } from 'kysely';
import { asJson, entryHash, GENESIS_HASH, type ChainEntry, type SignedHead } from './chain';
import type { Db } from './database';
import type { RegisteredRecord, RegisterEntry } from './records';
import type { RegisterEntryRow, RegisterHeadRow } from './schema';
import type { HeadSigner } from './signing';

/** What the worker writes the register with: the database, and the key that signs its heads. */
export interface Store {
  readonly db: Db;
  readonly signer: HeadSigner;
}

/** What a reader of the register needs: only the database. */
export type RegisterReader = Pick<Store, 'db'>;

/** The advisory lock every append holds until it commits ("gov" "reg" in ASCII, to stay clear of other users of the database). */
const appendLock = 0x676f76_726567;

export interface Appended {
  readonly entry: ChainEntry;
  /** False when the decision was in the register already: `entry` is the one there. */
  readonly appended: boolean;
}

const toEntry = (row: RegisterEntryRow): ChainEntry => ({
  seq: Number(row.seq),
  decisionId: row.decision_id,
  kind: row.kind,
  publishedAt: row.published_at.toISOString(),
  record: row.record,
  prevHash: row.prev_hash,
  hash: row.hash,
});

const toHead = (row: RegisterHeadRow): SignedHead => ({
  seq: Number(row.seq),
  hash: row.hash,
  publicKey: row.public_key,
  signature: row.signature,
  signedAt: row.signed_at.toISOString(),
});

/**
 * Appends `record` to the register, published at `publishedAt`, with a signed head; or, when its
 * decision id is there already, returns the entry there and writes nothing.
 *
 * @throws TypeError for a record without a decision id or a publication time that is not a date; the
 * database's errors otherwise (the transaction is rolled back, so a retry starts afresh).
 * @example
 * const { entry, appended } = await appendToRegister(store, record);
 */
export async function appendToRegister(store: Store, record: RegisteredRecord, publishedAt: string | Date = new Date()): Promise<Appended> {
  if (!record?.decisionId) throw new TypeError('A record without a decisionId cannot be registered');
  const at = new Date(publishedAt);
  if (Number.isNaN(at.getTime())) throw new TypeError(`${record.decisionId} has no valid publication time (${String(publishedAt)})`);
  // The hash is over what comes back from the database: ISO time to the millisecond, the record as JSON.
  const iso = at.toISOString();
  const stored = asJson(record);
  return store.db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${appendLock})`.execute(trx);
    const existing = await trx.selectFrom('register_entries').selectAll().where('decision_id', '=', record.decisionId).executeTakeFirst();
    if (existing) return { entry: toEntry(existing), appended: false };

    const last = await trx.selectFrom('register_entries').select('hash').orderBy('seq', 'desc').limit(1).executeTakeFirst();
    const next = await sql<{ seq: string }>`select nextval(pg_get_serial_sequence('register_entries', 'seq')) as seq`.execute(trx);
    const body = { seq: Number(next.rows[0]!.seq), decisionId: record.decisionId, kind: record.kind, publishedAt: iso, record: stored, prevHash: last?.hash ?? GENESIS_HASH };
    const entry: ChainEntry = { ...body, hash: entryHash(body) };
    await trx
      .insertInto('register_entries')
      .values({ seq: entry.seq, decision_id: entry.decisionId, kind: entry.kind, record: JSON.stringify(stored), published_at: iso, prev_hash: entry.prevHash, hash: entry.hash })
      .execute();
    await trx
      .insertInto('register_heads')
      .values({ seq: entry.seq, hash: entry.hash, public_key: store.signer.publicKey, signature: store.signer.sign(entry) })
      .execute();
    return { entry, appended: true };
  });
}

/**
 * The published records, oldest first; with `productId`, those about that product only.
 *
 * @example
 * for (const e of await readRegister(db)) console.log(e.decisionId, e.publishedAt);
 */
export async function readRegister(db: Db, filter: { readonly productId?: string } = {}): Promise<RegisterEntry[]> {
  let query = db.selectFrom('register_entries').select(['record', 'published_at']).orderBy('seq');
  if (filter.productId) query = query.where(sql<string>`record->'product'->>'id'`, '=', filter.productId);
  const rows = await query.execute();
  return rows.map((row) => ({ ...row.record, publishedAt: row.published_at.toISOString() }) as RegisterEntry);
}

/** Every entry with its place in the chain, oldest first. */
export async function registerChain(db: Db): Promise<ChainEntry[]> {
  return (await db.selectFrom('register_entries').selectAll().orderBy('seq').execute()).map(toEntry);
}

/** Every signed head, oldest first. */
export async function signedHeads(db: Db): Promise<SignedHead[]> {
  return (await db.selectFrom('register_heads').selectAll().orderBy('seq').execute()).map(toHead);
}

/** How many entries the register has. */
export async function registerSize(db: Db): Promise<number> {
  const { count } = await db.selectFrom('register_entries').select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow();
  return Number(count);
}
