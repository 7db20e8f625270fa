/** The schema's migrations, on a real PostgreSQL: from an empty database, and from the previous version. */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { entryHash, GENESIS_HASH } from '../../store/chain';
import { snapshotRegister, toJsonLines } from '../../store/export';
import { migrateTo, migrateToLatest, migrations } from '../../store/migrations';
import { appendToRegister, readRegister, registerChain } from '../../store/register';
import { verifyExport } from '../../store/verify';
import { freshStore } from '../support/postgres';
import { decision } from '../support/registerRecords';

const tables = async (store: Awaited<ReturnType<typeof freshStore>>) =>
  (await sql<{ tablename: string }>`select tablename from pg_tables where schemaname = 'public' and tablename like 'register%' order by tablename`.execute(store.db)).rows.map((r) => r.tablename);

const mailTables = async (store: Awaited<ReturnType<typeof freshStore>>) =>
  (await sql<{ tablename: string }>`select tablename from pg_tables where schemaname = 'public' and tablename not like 'register%' and tablename not like 'kysely%' order by tablename`.execute(store.db)).rows.map((r) => r.tablename);

describe('migrations', () => {
  it('build the schema from an empty database, and change nothing when run again', async () => {
    const store = await freshStore({ migrate: false });
    expect(await migrateToLatest(store.db)).toEqual(Object.keys(migrations));
    expect(await tables(store)).toEqual(['register_entries', 'register_heads']);
    expect(await mailTables(store)).toEqual(['account_identities', 'accounts', 'deliveries', 'delivery_notices', 'delivery_preferences', 'mailbox', 'notices', 'people', 'sessions', 'sign_in_codes', 'sign_in_waits']);
    expect(await migrateToLatest(store.db)).toEqual([]);
  });

  it('upgrade a register made by the first version, keeping its entries and continuing its chain', async () => {
    const store = await freshStore({ migrate: false });
    await migrateTo(store.db, '0001_register_entries');
    expect(await tables(store)).toEqual(['register_entries']);
    // What the first version wrote: entries, no heads yet.
    let prevHash = GENESIS_HASH;
    for (const [seq, id] of [[1, 'gr-old-1'], [2, 'gr-old-2']] as const) {
      const record = JSON.parse(JSON.stringify(decision(id)));
      const body = { seq, decisionId: id, kind: 'gateReview', publishedAt: `2026-0${seq}-01T09:00:00.000Z`, record, prevHash };
      const hash = entryHash(body);
      await sql`insert into register_entries (seq, decision_id, kind, record, published_at, prev_hash, hash) values (${seq}, ${id}, 'gateReview', ${JSON.stringify(record)}, ${body.publishedAt}, ${prevHash}, ${hash})`.execute(store.db);
      await sql`select setval(pg_get_serial_sequence('register_entries', 'seq'), ${seq})`.execute(store.db);
      prevHash = hash;
    }

    expect(await migrateToLatest(store.db)).toEqual(['0002_register_heads', '0003_people_and_notices', '0004_accounts_and_sign_in']);
    const { entry } = await appendToRegister(store, decision('gr-new'));
    expect(entry).toMatchObject({ seq: 3, prevHash });
    expect((await readRegister(store.db)).map((e) => e.decisionId)).toEqual(['gr-old-1', 'gr-old-2', 'gr-new']);
    expect((await registerChain(store.db)).map((e) => e.seq)).toEqual([1, 2, 3]);
    // The entries from before heads existed are covered by the first head signed after them.
    expect(verifyExport(toJsonLines(await snapshotRegister(store.db)))).toMatchObject({ ok: true, entries: 3 });
  });

  it('add people, notices and their delivery to a register of the second version, keeping the register', async () => {
    const store = await freshStore({ migrate: false });
    await migrateTo(store.db, '0002_register_heads');
    await appendToRegister(store, decision('gr-before-mail'));
    expect(await mailTables(store)).toEqual([]);

    expect(await migrateTo(store.db, '0003_people_and_notices')).toEqual(['0003_people_and_notices']);
    expect((await readRegister(store.db)).map((e) => e.decisionId)).toEqual(['gr-before-mail']);
    await sql`insert into people (person_id, email) values ('p-zoe', 'zoe@example.org')`.execute(store.db);
    const zone = await sql<{ time_zone: string }>`select time_zone from people where person_id = 'p-zoe'`.execute(store.db);
    expect(zone.rows[0]!.time_zone).toBe('Europe/London');
    // One notice per notification and recipient, by constraint.
    const insert = () => sql`insert into notices (notification_id, person_id, subject, body, schedule) values ('decision-gr-1', 'p-zoe', 's', 'b', 'immediate')`.execute(store.db);
    await insert();
    await expect(insert()).rejects.toThrow(/notices_once_per_recipient/);
    await expect(sql`insert into people (person_id, email) values ('p-bad', 'not an address')`.execute(store.db)).rejects.toThrow(/people_email_is_an_address/);
    await expect(sql`insert into delivery_preferences (person_id, board_id, frequency) values ('p-zoe', 'product-board', 'hourly')`.execute(store.db)).rejects.toThrow(/check/);

    // And back down to the second version, leaving the register as it was.
    await migrateTo(store.db, '0002_register_heads');
    expect(await mailTables(store)).toEqual([]);
    expect((await readRegister(store.db)).map((e) => e.decisionId)).toEqual(['gr-before-mail']);
  });

  it('add accounts and signing in to people and notices of the third version, keeping both', async () => {
    const store = await freshStore({ migrate: false });
    await migrateTo(store.db, '0003_people_and_notices');
    await appendToRegister(store, decision('gr-before-accounts'));
    await sql`insert into people (person_id, email, name) values ('m-ben', 'Ben@Example.org', 'Ben Carter'), ('p-zoe', 'zoe@example.org', null)`.execute(store.db);
    await sql`insert into notices (notification_id, person_id, subject, body, schedule) values ('decision-gr-1', 'm-ben', 's', 'b', 'immediate')`.execute(store.db);

    expect(await migrateToLatest(store.db)).toEqual(['0004_accounts_and_sign_in']);
    expect((await readRegister(store.db)).map((e) => e.decisionId)).toEqual(['gr-before-accounts']);
    expect((await sql<{ person_id: string; email: string }>`select person_id, email from people order by person_id`.execute(store.db)).rows).toEqual([
      { person_id: 'm-ben', email: 'Ben@Example.org' },
      { person_id: 'p-zoe', email: 'zoe@example.org' },
    ]);
    expect((await sql`select count(*)::int as n from notices`.execute(store.db)).rows).toEqual([{ n: 1 }]);

    // People already recorded sign in as themselves: their accounts are made from the people and rosters, keyed by the same ids.
    await sql`insert into accounts (person_id, origin) values ('m-ben', 'roster')`.execute(store.db);
    await expect(sql`insert into accounts (person_id, origin) values ('p-zoe', 'admin')`.execute(store.db)).rejects.toThrow(/check/);
    // Codes and tokens are kept only as 64-hex hashes: anything else is refused by the database.
    await expect(sql`insert into sign_in_codes (address_hash, code_hash, expires_at) values (${'a'.repeat(64)}, '123456', now())`.execute(store.db)).rejects.toThrow(/check/);
    await expect(sql`insert into sessions (token_hash, person_id, client, method, expires_at) values ('govern_plaintoken', 'm-ben', 'cli', 'email', now())`.execute(store.db)).rejects.toThrow(/check/);
    await expect(sql`insert into sessions (token_hash, person_id, client, method, expires_at) values (${'b'.repeat(64)}, 'nobody', 'cli', 'email', now())`.execute(store.db)).rejects.toThrow(/foreign key/);
    await sql`insert into sessions (token_hash, person_id, client, method, expires_at) values (${'b'.repeat(64)}, 'm-ben', 'cli', 'email', now())`.execute(store.db);

    // And back down to the third version, leaving people, notices and the register as they were.
    await migrateTo(store.db, '0003_people_and_notices');
    expect(await mailTables(store)).toEqual(['deliveries', 'delivery_notices', 'delivery_preferences', 'mailbox', 'notices', 'people']);
    expect((await sql`select count(*)::int as n from people`.execute(store.db)).rows).toEqual([{ n: 2 }]);
    expect((await readRegister(store.db)).map((e) => e.decisionId)).toEqual(['gr-before-accounts']);
  });
});
