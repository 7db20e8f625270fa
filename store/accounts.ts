/**
 * Accounts: who may sign in. Every person a board names has one (made from the rosters), and so does
 * anyone who signs up with an address. An account is a person id, the id the processes use; its
 * address and name are the person's in `people` (./people.ts), their one place.
 */
import { randomInt } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Db } from './database';
import type { AccountOrigin, Tables } from './schema';

export interface Account {
  readonly personId: string;
  readonly origin: AccountOrigin;
  readonly createdAt: string;
  readonly name?: string;
  readonly email?: string;
}

/** More than one person has this address, so it cannot say who is signing in. */
export class AddressShared extends Error {
  override name = 'AddressShared';
}

/**
 * Makes an account for each of `personIds` that has none (those with one keep theirs); answers how many were made.
 *
 * @example
 * await ensureAccounts(db, ['m-ben', 's-jo'], 'roster');
 */
export async function ensureAccounts(db: Db, personIds: readonly string[], origin: AccountOrigin): Promise<number> {
  if (!personIds.length) return 0;
  const made = await db
    .insertInto('accounts')
    .values([...new Set(personIds)].map((person_id) => ({ person_id, origin })))
    .onConflict((oc) => oc.column('person_id').doNothing())
    .returning('person_id')
    .execute();
  return made.length;
}

/** The account of `personId`, with the person's name and address, or undefined. */
export async function accountOf(db: Db | Transaction<Tables>, personId: string): Promise<Account | undefined> {
  const row = await db
    .selectFrom('accounts')
    .leftJoin('people', 'people.person_id', 'accounts.person_id')
    .select(['accounts.person_id', 'accounts.origin', 'accounts.created_at', 'people.name', 'people.email'])
    .where('accounts.person_id', '=', personId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    personId: row.person_id,
    origin: row.origin,
    createdAt: row.created_at.toISOString(),
    ...(row.name ? { name: row.name } : {}),
    ...(row.email ? { email: row.email } : {}),
  };
}

/** A fresh id for a member of the public: p- and ten letters or digits, as unguessable as it need be to stay unique. */
const publicPersonId = () => `p-${Array.from({ length: 10 }, () => 'abcdefghijkmnpqrstuvwxyz23456789'[randomInt(32)]).join('')}`;

/**
 * The account whose person has `email` (any case): theirs if they have one, one made now if the person
 * is known but had none (someone the secretariat recorded), or a new person and account for an
 * address nobody has (a member of the public signing up, `name` if they gave one). Two sign-ins for
 * one new address at once make one account: the address is locked for the transaction.
 *
 * @throws AddressShared when more than one person has the address.
 * @example
 * const { account, created } = await accountForAddress(db, 'zoe@example.org');
 */
export async function accountForAddress(db: Db, email: string, options: { readonly name?: string } = {}): Promise<{ account: Account; created: boolean }> {
  const address = email.trim();
  return db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`address:${address.toLowerCase()}`}))`.execute(tx);
    const people = await tx.selectFrom('people').select('person_id').where(sql<string>`lower(email)`, '=', address.toLowerCase()).limit(2).execute();
    if (people.length > 1)
      throw new AddressShared('More than one person is recorded with this address, so it cannot say who you are. Ask the secretariat to correct the addresses (govern person set), then sign in again.');
    let personId = people[0]?.person_id;
    let created = false;
    if (!personId) {
      personId = publicPersonId();
      await tx.insertInto('people').values({ person_id: personId, email: address, name: options.name ?? null }).execute();
    }
    const made = await tx.insertInto('accounts').values({ person_id: personId, origin: 'public' }).onConflict((oc) => oc.column('person_id').doNothing()).returning('person_id').execute();
    created = made.length > 0;
    return { account: (await accountOf(tx, personId))!, created };
  });
}

/** The person an identity provider's (issuer, subject) was linked to, or undefined. */
export async function personOfIdentity(db: Db, issuer: string, subject: string): Promise<string | undefined> {
  const row = await db.selectFrom('account_identities').select('person_id').where('issuer', '=', issuer).where('subject', '=', subject).executeTakeFirst();
  return row?.person_id;
}

/** Links an identity provider's (issuer, subject) to `personId`; a link already made stays as it is. */
export async function linkIdentity(db: Db, issuer: string, subject: string, personId: string): Promise<void> {
  await db.insertInto('account_identities').values({ issuer, subject, person_id: personId }).onConflict((oc) => oc.columns(['issuer', 'subject']).doNothing()).execute();
}
