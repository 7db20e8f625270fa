/**
 * Signed heads: at each publication, the Ed25519 signature of `{ seq, hash }` of the entry just
 * appended, by a key kept outside the database, with the public key that checks it. Someone who
 * rewrites the register in the database cannot make heads that verify. Append-only like the entries.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('register_heads')
    .addColumn('seq', 'bigint', (c) => c.primaryKey().references('register_entries.seq'))
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('signed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create trigger register_heads_append_only before update or delete on register_heads for each row execute function register_refuse_change()`.execute(db);
  await sql`create trigger register_heads_no_truncate before truncate on register_heads for each statement execute function register_refuse_change()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('register_heads').execute();
}
