/**
 * The register in a real PostgreSQL: one entry per decision however often it is appended, one chain
 * however many connections append at once, and no entry ever changed or removed.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { entryHash, GENESIS_HASH } from '../../store/chain';
import { isDecision } from '../../store/records';
import { appendToRegister, readRegister, registerChain, signedHeads } from '../../store/register';
import { verifyHeadSignature } from '../../store/signing';
import { freshStore } from '../support/postgres';
import { decision } from '../support/registerRecords';

describe('the register in PostgreSQL', () => {
  it('appends a decision once, and an append of the same id returns the entry already there', async () => {
    const store = await freshStore();
    const first = await appendToRegister(store, decision('gr-1'), '2026-06-01T10:00:00Z');
    const retry = await appendToRegister(store, decision('gr-1'), '2026-06-01T10:05:00Z');
    expect(first.appended).toBe(true);
    expect(retry).toEqual({ entry: first.entry, appended: false });
    expect(first.entry).toMatchObject({ seq: 1, decisionId: 'gr-1', kind: 'gateReview', publishedAt: '2026-06-01T10:00:00.000Z', prevHash: GENESIS_HASH });
    expect(await registerChain(store.db)).toEqual([first.entry]);
    expect(await signedHeads(store.db)).toHaveLength(1);
  });

  it('chains each entry to the one before it and signs a head at each publication', async () => {
    const store = await freshStore();
    for (const id of ['gr-a', 'gr-b', 'gr-c']) await appendToRegister(store, decision(id));
    const chain = await registerChain(store.db);
    const heads = await signedHeads(store.db);
    expect(chain.map((e) => e.seq)).toEqual([1, 2, 3]);
    chain.forEach((entry, i) => {
      expect(entry.prevHash).toBe(i === 0 ? GENESIS_HASH : chain[i - 1]!.hash);
      expect(entryHash(entry)).toBe(entry.hash);
    });
    expect(heads.map((h) => [h.seq, h.hash, h.publicKey])).toEqual(chain.map((e) => [e.seq, e.hash, store.signer.publicKey]));
    expect(heads.every(verifyHeadSignature)).toBe(true);
  });

  it('makes one valid chain when two connections append at once, each decision once', async () => {
    const store = await freshStore();
    const other = { db: store.connect(), signer: store.signer };
    const ids = Array.from({ length: 20 }, (_, i) => `gr-race-${i}`);
    // Every decision is appended by both connections at the same moment, as two workers retrying would.
    const results = await Promise.all(ids.flatMap((id) => [appendToRegister(store, decision(id)), appendToRegister(other, decision(id))]));
    for (let i = 0; i < results.length; i += 2) expect(results[i]!.entry).toEqual(results[i + 1]!.entry);
    expect(results.filter((r) => r.appended)).toHaveLength(ids.length);

    const chain = await registerChain(store.db);
    expect(chain.map((e) => e.seq)).toEqual(ids.map((_, i) => i + 1));
    expect(new Set(chain.map((e) => e.decisionId))).toEqual(new Set(ids));
    chain.forEach((entry, i) => expect(entry.prevHash).toBe(i === 0 ? GENESIS_HASH : chain[i - 1]!.hash));
    expect((await signedHeads(store.db)).map((h) => h.seq)).toEqual(chain.map((e) => e.seq));
  });

  it('reads every record back with its publication time, oldest first, and a product’s alone', async () => {
    const store = await freshStore();
    await appendToRegister(store, decision('gr-b'), '2026-06-02T00:00:00Z');
    await appendToRegister(store, decision('gr-a'), '2026-06-03T00:00:00Z');
    const entries = await readRegister(store.db);
    expect(entries.filter(isDecision).map((e) => [e.decisionId, e.outcome, e.tally.approve, e.publishedAt])).toEqual([
      ['gr-b', 'approved', 3, '2026-06-02T00:00:00.000Z'],
      ['gr-a', 'approved', 3, '2026-06-03T00:00:00.000Z'],
    ]);
    expect(entries[0]).toEqual({ ...JSON.parse(JSON.stringify(decision('gr-b'))), publishedAt: '2026-06-02T00:00:00.000Z' });
    expect((await readRegister(store.db, { productId: 'benefits-map' })).map((e) => e.decisionId)).toEqual(['gr-b', 'gr-a']);
    expect(await readRegister(store.db, { productId: 'another-product' })).toEqual([]);
  });

  it('reads an empty register when nothing has been published', async () => {
    expect(await readRegister((await freshStore()).db)).toEqual([]);
  });

  it('refuses to change or remove an entry or a head, even by hand', async () => {
    const store = await freshStore();
    await appendToRegister(store, decision('gr-kept'));
    const attempts = {
      'edit an entry': sql`update register_entries set record = jsonb_set(record, '{outcome}', '"rejected"')`,
      'delete an entry': sql`delete from register_entries`,
      'truncate the entries': sql`truncate register_entries cascade`,
      're-sign a head': sql`update register_heads set signature = repeat('0', 128)`,
      'delete a head': sql`delete from register_heads`,
      'truncate the heads': sql`truncate register_heads`,
    };
    for (const [what, statement] of Object.entries(attempts))
      await expect(statement.execute(store.db), what).rejects.toThrow(/The decision register is append-only: (UPDATE|DELETE|TRUNCATE) on register_(entries|heads) is refused/);
    expect((await readRegister(store.db)).map((e) => [e.decisionId, 'outcome' in e && e.outcome])).toEqual([['gr-kept', 'approved']]);
    expect(await signedHeads(store.db)).toHaveLength(1);
  });

  it('refuses a record without an id', async () => {
    await expect(appendToRegister(await freshStore(), { ...decision('x'), decisionId: '' })).rejects.toThrow('A record without a decisionId cannot be registered');
  });
});
