/**
 * Accounts and signing in: an account for every person the boards name and for anyone who signs up,
 * the identities an organisation's provider vouches for, one-time sign-in codes, and sessions (browser
 * cookies and the CLI's tokens).
 *
 * Nothing here can be used if the table is read: a code is kept as its HMAC under the server's secret
 * (a six-digit code's plain SHA-256 is found by trying a million), the address that asked for it as
 * its HMAC too (the address itself stays in `people`, its one place), and a session or token as the
 * SHA-256 of 32 random bytes. Waits are their own table so that asking for a new code cannot end one.
 */
import { sql, type Kysely } from 'kysely';

const hex64 = (column: string) => sql.raw(`${column} ~ '^[0-9a-f]{64}$'`);

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('accounts')
    .addColumn('person_id', 'text', (c) => c.primaryKey())
    // roster: named by a board (member, chair, secretariat); public: signed up with an address.
    .addColumn('origin', 'text', (c) => c.notNull().check(sql`origin in ('roster', 'public')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // Sign-in looks a person up by address, whatever its case.
  await sql`create index people_by_email on people (lower(email)) where email is not null`.execute(db);

  await db.schema
    .createTable('account_identities')
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull().references('accounts.person_id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('account_identities_pk', ['issuer', 'subject'])
    .execute();

  await db.schema
    .createTable('sign_in_codes')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('address_hash', 'text', (c) => c.notNull().check(hex64('address_hash')))
    .addColumn('code_hash', 'text', (c) => c.notNull().check(hex64('code_hash')))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('wrong_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    // Set once: signed in with it, or ended by too many wrong attempts.
    .addColumn('used_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('sign_in_codes_by_address').on('sign_in_codes').columns(['address_hash', 'created_at']).execute();

  await db.schema
    .createTable('sign_in_waits')
    .addColumn('address_hash', 'text', (c) => c.primaryKey().check(hex64('address_hash')))
    .addColumn('until', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique().check(hex64('token_hash')))
    .addColumn('person_id', 'text', (c) => c.notNull().references('accounts.person_id'))
    // browser: a cookie; cli: a bearer token from govern login.
    .addColumn('client', 'text', (c) => c.notNull().check(sql`client in ('browser', 'cli')`))
    .addColumn('method', 'text', (c) => c.notNull().check(sql`method in ('email', 'oidc')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_used_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('revoked_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('sessions_by_person').on('sessions').columns(['person_id', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['sessions', 'sign_in_waits', 'sign_in_codes', 'account_identities', 'accounts']) await db.schema.dropTable(table).execute();
  await sql`drop index people_by_email`.execute(db);
}
