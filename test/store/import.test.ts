/** The one-off import of a file register (one JSON file per record) into the register in PostgreSQL. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { snapshotRegister, toJsonLines } from '../../store/export';
import { importRegisterFolder, importRegisterFolderOnce } from '../../store/importFolder';
import { appendToRegister, readRegister, registerChain } from '../../store/register';
import { verifyExport } from '../../store/verify';
import { freshStore } from '../support/postgres';
import { decision } from '../support/registerRecords';

/** A folder as the file register of earlier versions wrote it: `<id>.json` holding the record and its publication time. */
function fileRegister(entries: readonly [string, string][]): string {
  const dir = mkdtempSync(join(tmpdir(), 'governance-file-register-'));
  for (const [id, publishedAt] of entries) writeFileSync(join(dir, `${encodeURIComponent(id)}.json`), JSON.stringify({ ...decision(id), publishedAt }, null, 2) + '\n');
  return dir;
}

describe('importing a file register', () => {
  it('brings every record in, in publication order, each with its own publication time', async () => {
    const store = await freshStore();
    const dir = fileRegister([['gr-late', '2026-03-01T10:00:00.000Z'], ['gr-early', '2026-01-01T10:00:00.000Z'], ['gr-middle', '2026-02-01T10:00:00.000Z']]);
    expect(await importRegisterFolder(store, dir)).toEqual({ found: 3, imported: 3, present: 0 });
    expect((await readRegister(store.db)).map((e) => [e.decisionId, e.publishedAt])).toEqual([
      ['gr-early', '2026-01-01T10:00:00.000Z'],
      ['gr-middle', '2026-02-01T10:00:00.000Z'],
      ['gr-late', '2026-03-01T10:00:00.000Z'],
    ]);
    expect((await readRegister(store.db))[0]).toEqual({ ...JSON.parse(JSON.stringify(decision('gr-early'))), publishedAt: '2026-01-01T10:00:00.000Z' });
    expect(verifyExport(toJsonLines(await snapshotRegister(store.db)))).toMatchObject({ ok: true, entries: 3 });
  });

  it('is safe to repeat: what is in the register already stays as it is', async () => {
    const store = await freshStore();
    const dir = fileRegister([['gr-1', '2026-01-01T10:00:00.000Z'], ['gr-2', '2026-01-02T10:00:00.000Z']]);
    await importRegisterFolder(store, dir);
    const before = await registerChain(store.db);
    expect(await importRegisterFolder(store, dir)).toEqual({ found: 2, imported: 0, present: 2 });
    expect(await registerChain(store.db)).toEqual(before);
  });

  it('imports on first start only, into an empty register', async () => {
    const store = await freshStore();
    const dir = fileRegister([['gr-1', '2026-01-01T10:00:00.000Z']]);
    expect(await importRegisterFolderOnce(store, join(dir, 'no-such-folder'))).toBeUndefined();
    expect(await importRegisterFolderOnce(store, dir)).toEqual({ found: 1, imported: 1, present: 0 });
    const other = fileRegister([['gr-2', '2026-01-02T10:00:00.000Z']]);
    expect(await importRegisterFolderOnce(store, other)).toBeUndefined();
    await appendToRegister(store, decision('gr-3'));
    expect((await readRegister(store.db)).map((e) => e.decisionId)).toEqual(['gr-1', 'gr-3']);
  });

  it('refuses a folder with a file that is not a register entry, importing nothing', async () => {
    const store = await freshStore();
    const dir = fileRegister([['gr-1', '2026-01-01T10:00:00.000Z']]);
    writeFileSync(join(dir, 'notes.json'), JSON.stringify({ note: 'not a decision' }));
    await expect(importRegisterFolder(store, dir)).rejects.toThrow(`Cannot import ${join(dir, 'notes.json')}: it is not a register entry (it needs a decisionId, a kind and a publishedAt date). Nothing was imported`);
    expect(await readRegister(store.db)).toEqual([]);
  });
});
