import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keptRegisterFiles } from '../../../server/portal/openData';
import { appendToRegister } from '../../../store/register';
import { verifyExport } from '../../../store/verify';
import { freshStore, type TestStore } from '../../support/postgres';
import { decision } from '../../support/registerRecords';

let store: TestStore;
beforeAll(async () => {
  store = await freshStore();
}, 60_000);
afterAll(() => store?.db.destroy());

describe("the register's open-data files", () => {
  it('are made again only when the register has grown, and each version verifies with its last hash and key', async () => {
    const files = keptRegisterFiles(store.db);
    const empty = await files();
    expect(empty).toMatchObject({ entries: 0, publicKeys: [] });
    expect(empty.last).toBeUndefined();
    expect(verifyExport(empty.jsonl)).toMatchObject({ ok: true, entries: 0 });

    const { entry } = await appendToRegister(store, decision('gr-open-1'));
    const one = await files();
    expect(one).toMatchObject({ entries: 1, last: { seq: entry.seq, hash: entry.hash }, publicKeys: [store.signer.publicKey] });
    expect(verifyExport(one.jsonl, { publicKeys: [store.signer.publicKey] })).toMatchObject({ ok: true, entries: 1, lastHash: entry.hash });
    expect(one.csv.split('\r\n').filter(Boolean)).toHaveLength(2);
    expect(await files(), 'nothing appended: the same files').toBe(one);

    await appendToRegister(store, decision('gr-open-2'));
    const two = await files();
    expect(two.entries).toBe(2);
    expect(verifyExport(two.jsonl, { publicKeys: [store.signer.publicKey] })).toMatchObject({ ok: true, entries: 2 });
  });
});
