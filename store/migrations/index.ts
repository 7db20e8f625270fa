/**
 * Every migration, by name; Kysely's Migrator runs them in name order, each once, in a transaction,
 * holding a lock so that two workers starting at once do not both migrate. A new migration is a new
 * file here, never an edit of one that has run.
 */
import type { Kysely } from 'kysely';
import { Migrator, type Migration, type MigrationResultSet } from 'kysely/migration';
import * as registerEntries from './0001_register_entries';
import * as registerHeads from './0002_register_heads';
import * as peopleAndNotices from './0003_people_and_notices';
import * as accountsAndSignIn from './0004_accounts_and_sign_in';

export const migrations = {
  '0001_register_entries': registerEntries,
  '0002_register_heads': registerHeads,
  '0003_people_and_notices': peopleAndNotices,
  '0004_accounts_and_sign_in': accountsAndSignIn,
} as const satisfies Readonly<Record<string, Migration>>;

export type MigrationName = keyof typeof migrations;

// Migrations work on the database whatever its tables: Kysely's own examples type it `Kysely<any>`.
type AnyDb = Kysely<any>;

const migratorFor = (db: AnyDb) => new Migrator({ db, provider: { getMigrations: async () => ({ ...migrations }) } });

/**
 * Brings the database to the latest migration; returns the names of those it ran (none when it was up to date).
 *
 * @throws the first migration's error; that migration is rolled back and none after it runs.
 * @example
 * const ran = await migrateToLatest(db);
 */
export async function migrateToLatest(db: AnyDb): Promise<string[]> {
  return ran(await migratorFor(db).migrateToLatest());
}

/** Brings the database up or down to `name` (tests of upgrades start from an older version). */
export async function migrateTo(db: AnyDb, name: MigrationName): Promise<string[]> {
  return ran(await migratorFor(db).migrateTo(name));
}

function ran({ error, results }: MigrationResultSet): string[] {
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`Migrating the database failed${failed ? ` at ${failed}` : ''}: ${(error as Error).message}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
