/**
 * `govern register verify`'s check, offline, on real exports of a real register: it passes an export
 * as written and names the first entry that was edited, removed, inserted or reordered.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { entryHash, type ChainEntry, type SignedHead } from '../../store/chain';
import { snapshotRegister, toJsonLines } from '../../store/export';
import { appendToRegister } from '../../store/register';
import { ephemeralSigner } from '../../store/signing';
import { verifyExport } from '../../store/verify';
import { freshStore, type TestStore } from '../support/postgres';
import { decision } from '../support/registerRecords';

type Line = { type: 'register' } | ({ type: 'entry' } & ChainEntry<Record<string, unknown>>) | ({ type: 'head' } & SignedHead);

let store: TestStore;
let exported: string;

beforeAll(async () => {
  store = await freshStore();
  for (let i = 1; i <= 5; i++) await appendToRegister(store, decision(`gr-${i}`), `2026-06-0${i}T10:00:00Z`);
  exported = toJsonLines(await snapshotRegister(store.db));
});

const lines = (): Line[] => exported.trimEnd().split('\n').map((l) => JSON.parse(l) as Line);
const text = (ls: readonly Line[]) => ls.map((l) => JSON.stringify(l)).join('\n') + '\n';
const entryAt = (ls: Line[], seq: number) => ls.findIndex((l) => l.type === 'entry' && l.seq === seq);
const headAt = (ls: Line[], seq: number) => ls.findIndex((l) => l.type === 'head' && l.seq === seq);
const entry = (ls: Line[], seq: number) => ls[entryAt(ls, seq)] as Extract<Line, { type: 'entry' }>;

/** An entry made to look like the register's: its own hash right, chained where it is put. */
function forged(seq: number, prevHash: string, id = 'gr-forged'): Extract<Line, { type: 'entry' }> {
  const body = { seq, decisionId: id, kind: 'gateReview', publishedAt: '2026-06-03T12:00:00.000Z', record: { ...JSON.parse(JSON.stringify(decision(id))), outcome: 'approved' }, prevHash };
  return { type: 'entry', ...body, hash: entryHash(body) };
}

describe('verifying an export', () => {
  it('passes the export as written, and says what it checked', () => {
    const result = verifyExport(exported);
    expect(result).toMatchObject({ ok: true, entries: 5, lastSeq: 5, publicKeys: [store.signer.publicKey] });
    expect(result.ok && result.summary).toContain('The export verifies: 5 entries, seq 1 to 5, each chained to the one before it from the start of the register;');
    expect(verifyExport(exported, { publicKeys: [store.signer.publicKey] })).toMatchObject({ ok: true });
  });

  it('names an edited entry', () => {
    const ls = lines();
    entry(ls, 3).record.outcome = 'rejected';
    expect(verifyExport(text(ls))).toMatchObject({ ok: false, problem: 'edited', seq: 3, decisionId: 'gr-3', message: expect.stringContaining('Entry seq 3 (gr-3, line 6) was edited') });
  });

  it('names an edited entry even when the chain after it was recomputed', () => {
    const ls = lines();
    entry(ls, 3).record.outcome = 'rejected';
    for (let seq = 3; seq <= 5; seq++) {
      const e = entry(ls, seq);
      const prevHash = seq === 1 ? e.prevHash : entry(ls, seq - 1).hash;
      ls[entryAt(ls, seq)] = { ...e, prevHash, hash: entryHash({ ...e, prevHash }) };
    }
    expect(verifyExport(text(ls))).toMatchObject({ ok: false, problem: 'edited', seq: 3, message: expect.stringContaining('is not the entry signed for seq 3') });
  });

  it('names a removed entry', () => {
    const ls = lines();
    ls.splice(entryAt(ls, 3), 1);
    expect(verifyExport(text(ls))).toMatchObject({ ok: false, problem: 'removed', message: expect.stringMatching(/^Entry seq 3, signed on .*, was removed/) });
  });

  it('names where an entry was removed with its signed head', () => {
    const ls = lines();
    ls.splice(entryAt(ls, 3), 2);
    expect(verifyExport(text(ls))).toMatchObject({ ok: false, problem: 'removed', seq: 4, message: expect.stringContaining('An entry between seq 2 and seq 4 was removed') });
  });

  it('names a removed last entry by its signed head', () => {
    const ls = lines();
    ls.splice(entryAt(ls, 5), 1);
    expect(verifyExport(text(ls))).toMatchObject({ ok: false, problem: 'removed', seq: 5, message: expect.stringContaining('Entry seq 5, signed on') });
  });

  it('names an inserted entry', () => {
    const ls = lines();
    ls.splice(entryAt(ls, 3), 0, forged(3, entry(ls, 2).hash));
    expect(verifyExport(text(ls))).toMatchObject({ ok: false, problem: 'inserted', seq: 3, decisionId: 'gr-forged', message: expect.stringContaining('Entry seq 3 (gr-forged, line 6) was inserted') });
  });

  it('names an entry inserted at the end, which no signed head covers', () => {
    const ls = lines();
    ls.push(forged(6, entry(ls, 5).hash));
    expect(verifyExport(text(ls))).toMatchObject({ ok: false, problem: 'inserted', seq: 6, decisionId: 'gr-forged', message: expect.stringContaining('no signed head covers it') });
  });

  it('names a reordered entry', () => {
    const ls = lines();
    const [second, third] = [entryAt(ls, 2), entryAt(ls, 3)];
    [ls[second], ls[third]] = [ls[third]!, ls[second]!];
    expect(verifyExport(text(ls))).toMatchObject({ ok: false, problem: 'reordered', seq: 3, message: expect.stringContaining('Entry seq 3 (gr-3, line 4) is out of order: it was published after entry seq 2') });
  });

  it('refuses a head that was altered, or signed by another key', () => {
    const altered = lines();
    const head = altered[headAt(altered, 2)] as Extract<Line, { type: 'head' }>;
    altered[headAt(altered, 2)] = { ...head, signature: head.signature.replace(/^./, (c) => (c === '0' ? '1' : '0')) };
    expect(verifyExport(text(altered))).toMatchObject({ ok: false, problem: 'forged', seq: 2, message: expect.stringContaining('does not verify') });

    // Someone who rewrote the register and signed its heads with a key of their own.
    const other = ephemeralSigner();
    const resigned = lines().map((l) => (l.type === 'head' && l.seq >= 4 ? { ...l, publicKey: other.publicKey, signature: other.sign(l) } : l));
    expect(verifyExport(text(resigned))).toMatchObject({ ok: false, problem: 'forged', seq: 4, message: expect.stringContaining('heads by another key were made outside the engine') });
    const allResigned = lines().map((l) => (l.type === 'head' ? { ...l, publicKey: other.publicKey, signature: other.sign(l) } : l));
    expect(verifyExport(text(allResigned), { publicKeys: [store.signer.publicKey] })).toMatchObject({ ok: false, problem: 'forged', seq: 1, message: expect.stringContaining('not a key you gave') });
  });

  it('says what is wrong with a file that is not an export', () => {
    expect(verifyExport('seq,published_at,decision_id\n1,2026,gr-1\n')).toMatchObject({ ok: false, problem: 'malformed', message: expect.stringContaining('not the CSV') });
    expect(verifyExport(exported.replace(/\n[^\n]*\n$/, '\n{"type":"entry"\n'))).toMatchObject({ ok: false, problem: 'malformed', message: expect.stringContaining('is not JSON') });
  });
});
