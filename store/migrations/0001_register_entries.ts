/**
 * The decision register's entries: append-only, each carrying the SHA-256 of its canonical form
 * chained to the previous entry's. A decision is there once (unique `decision_id`) and the chain
 * cannot fork (unique `prev_hash`: no two entries follow the same one).
 *
 * Append-only is a trigger rather than REVOKE: the engine connects as the table's owner, who could
 * grant itself the rights back; the trigger refuses UPDATE, DELETE and TRUNCATE to whoever asks,
 * and what a superuser can still do by disabling it, the hash chain and the signed heads show.
 */
import { sql, type Kysely } from 'kysely';

// Migrations see the database as it was when they were written, not as store/schema.ts types it now.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('register_entries')
    .addColumn('seq', 'bigserial', (c) => c.primaryKey())
    .addColumn('decision_id', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('record', 'jsonb', (c) => c.notNull())
    .addColumn('published_at', 'timestamptz', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull().unique())
    .addColumn('hash', 'text', (c) => c.notNull().unique())
    .addCheckConstraint('register_entries_hashes_are_sha256', sql`hash ~ '^[0-9a-f]{64}$' and prev_hash ~ '^[0-9a-f]{64}$'`)
    .execute();
  await sql`
    create function register_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'The decision register is append-only: % on % is refused', tg_op, tg_table_name
        using errcode = 'insufficient_privilege', hint = 'Publish a new record instead; entries are never changed or removed.';
    end
    $$`.execute(db);
  await sql`create trigger register_entries_append_only before update or delete on register_entries for each row execute function register_refuse_change()`.execute(db);
  await sql`create trigger register_entries_no_truncate before truncate on register_entries for each statement execute function register_refuse_change()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('register_entries').execute();
  await sql`drop function register_refuse_change()`.execute(db);
}
