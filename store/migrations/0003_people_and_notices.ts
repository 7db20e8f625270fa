/**
 * People, their delivery choices, the notices sent to them and the mail that carries those notices.
 *
 * Emails live here and nowhere else: workflows name people by id, and a notice is finished for its
 * recipient (their zone, their address) only when it is delivered.
 *
 * Exactly once by constraint, not by code alone: a notice is one row per notification id and
 * recipient (a retried activity, or a second worker, inserts nothing), and a notice is carried by at
 * most one message (`delivery_notices.notice_id` is unique), so an immediate message and a digest
 * can never both carry it.
 */
import { sql, type Kysely } from 'kysely';

const frequencies = sql`('immediate', 'daily', 'weekly', 'none')`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('people')
    .addColumn('person_id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text')
    .addColumn('email', 'text')
    .addColumn('time_zone', 'text', (c) => c.notNull().defaultTo('Europe/London'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('people_email_is_an_address', sql`email is null or (length(email) <= 254 and email ~ '^[^@\\s]+@[^@\\s]+$')`)
    .execute();

  await db.schema
    .createTable('delivery_preferences')
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('board_id', 'text', (c) => c.notNull())
    .addColumn('frequency', 'text', (c) => c.notNull().check(sql`frequency in ${frequencies}`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('delivery_preferences_pk', ['person_id', 'board_id'])
    .execute();

  // `schedule` is the recipient's choice when the notice was made: a later change applies to later notices.
  await db.schema
    .createTable('notices')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('notification_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('board_id', 'text')
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('dates', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('link', 'text')
    .addColumn('schedule', 'text', (c) => c.notNull().check(sql`schedule in ${frequencies}`))
    // Set on a notice telling the secretariat that a message could not be delivered: its own failure is not reported again.
    .addColumn('reports_delivery', 'bigint')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('notices_once_per_recipient', ['notification_id', 'person_id'])
    .execute();
  await db.schema.createIndex('notices_by_person').on('notices').columns(['person_id', 'created_at']).execute();

  await db.schema
    .createTable('deliveries')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('board_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('immediate', 'daily', 'weekly')`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending').check(sql`status in ('pending', 'retrying', 'sent', 'failed')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('transport', 'text', (c) => c.check(sql`transport in ('smtp', 'local')`))
    .addColumn('message_id', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .execute();
  await sql`create index deliveries_due on deliveries (next_attempt_at) where status in ('pending', 'retrying')`.execute(db);
  await db.schema
    .alterTable('notices')
    .addForeignKeyConstraint('notices_reports_delivery_fk', ['reports_delivery'], 'deliveries', ['id'])
    .execute();

  await db.schema
    .createTable('delivery_notices')
    .addColumn('delivery_id', 'bigint', (c) => c.notNull().references('deliveries.id'))
    .addColumn('notice_id', 'bigint', (c) => c.notNull().unique().references('notices.id'))
    .addPrimaryKeyConstraint('delivery_notices_pk', ['delivery_id', 'notice_id'])
    .execute();

  // What each person was sent, as they received it; with no SMTP_URL, the only place it goes.
  await db.schema
    .createTable('mailbox')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('delivery_id', 'bigint', (c) => c.notNull().unique().references('deliveries.id'))
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('transport', 'text', (c) => c.notNull().check(sql`transport in ('smtp', 'local')`))
    .addColumn('sent_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mailbox_by_person').on('mailbox').columns(['person_id', 'sent_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['mailbox', 'delivery_notices', 'notices', 'deliveries', 'delivery_preferences', 'people']) await db.schema.dropTable(table).execute();
}
