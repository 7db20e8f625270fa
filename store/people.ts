/**
 * People's contact details and delivery choices: the one place an email address is kept. Workflows
 * name people by id; delivery looks the address and zone up here when it sends.
 */
import { sql } from 'kysely';
import type { Db } from './database';
import type { Frequency, PersonRow } from './schema';

export const frequencies = ['immediate', 'daily', 'weekly', 'none'] as const satisfies readonly Frequency[];

export interface Person {
  readonly personId: string;
  readonly name?: string;
  readonly email?: string;
  readonly timeZone: string;
}

const toPerson = (row: PersonRow): Person => ({
  personId: row.person_id,
  ...(row.name ? { name: row.name } : {}),
  ...(row.email ? { email: row.email } : {}),
  timeZone: row.time_zone,
});

/**
 * Sets what is given of a person's details (the rest stays as it was); creates the person when new.
 * `email: null` removes the address. The caller validates (client/cli/peopleCommands.ts).
 *
 * @example
 * await setPerson(db, 'p-zoe', { email: 'zoe@example.org', timeZone: 'Europe/Paris' });
 */
export async function setPerson(db: Db, personId: string, details: { readonly name?: string; readonly email?: string | null; readonly timeZone?: string }): Promise<Person> {
  const changes = {
    ...(details.name !== undefined ? { name: details.name } : {}),
    ...(details.email !== undefined ? { email: details.email } : {}),
    ...(details.timeZone !== undefined ? { time_zone: details.timeZone } : {}),
  };
  const row = await db
    .insertInto('people')
    .values({ person_id: personId, name: null, email: null, ...changes })
    .onConflict((oc) => oc.column('person_id').doUpdateSet({ ...changes, updated_at: sql`now()` }))
    .returningAll()
    .executeTakeFirstOrThrow();
  return toPerson(row);
}

/**
 * Records the names the board files give, so a message greets "Dear Ben Carter," rather than an id.
 * Only people with no name yet are named: a name set with `govern person set` is never overwritten.
 * Answers how many were named now.
 *
 * @example
 * await nameUnnamed(db, [{ personId: 'm-ben', name: 'Ben Carter' }]);
 */
export async function nameUnnamed(db: Db, people: readonly { readonly personId: string; readonly name: string }[]): Promise<number> {
  if (!people.length) return 0;
  const named = await db
    .insertInto('people')
    .values(people.map((p) => ({ person_id: p.personId, name: p.name, email: null })))
    .onConflict((oc) => oc.column('person_id').doUpdateSet({ name: sql`excluded.name`, updated_at: sql`now()` }).where('people.name', 'is', null))
    .returning('person_id')
    .execute();
  return named.length;
}

/** The person's details; an unknown person has no address and the default zone. */
export async function personOf(db: Db, personId: string): Promise<Person> {
  const row = await db.selectFrom('people').selectAll().where('person_id', '=', personId).executeTakeFirst();
  return row ? toPerson(row) : { personId, timeZone: 'Europe/London' };
}

/** Sets how often `personId` gets `boardId`'s notices; applies to notices made from now on. */
export async function setPreference(db: Db, personId: string, boardId: string, frequency: Frequency): Promise<void> {
  await db
    .insertInto('delivery_preferences')
    .values({ person_id: personId, board_id: boardId, frequency })
    .onConflict((oc) => oc.columns(['person_id', 'board_id']).doUpdateSet({ frequency, updated_at: sql`now()` }))
    .execute();
}

/** The person's choice per board (boards not listed: immediate). */
export async function preferencesOf(db: Db, personId: string): Promise<Record<string, Frequency>> {
  const rows = await db.selectFrom('delivery_preferences').select(['board_id', 'frequency']).where('person_id', '=', personId).orderBy('board_id').execute();
  return Object.fromEntries(rows.map((r) => [r.board_id, r.frequency]));
}

/** The people other than `personId` recorded with `email` (any case): an address must name one person, or it cannot sign them in. */
export async function othersWithAddress(db: Db, email: string, personId: string): Promise<string[]> {
  const rows = await db.selectFrom('people').select('person_id').where(sql<string>`lower(email)`, '=', email.trim().toLowerCase()).where('person_id', '<>', personId).limit(5).execute();
  return rows.map((r) => r.person_id);
}
