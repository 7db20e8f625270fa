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
    expect(await mailTables(store)).toEqual(['deliveries', 'delivery_notices', 'delivery_preferences', 'mailbox', 'notices', 'people']);
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

    expect(await migrateToLatest(store.db)).toEqual(['0002_register_heads', '0003_people_and_notices']);
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

    expect(await migrateToLatest(store.db)).toEqual(['0003_people_and_notices']);
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
});
