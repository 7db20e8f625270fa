/**
 * The one-off import of the file register of earlier versions (one JSON file per record in a folder,
 * `.data/register` by default) into PostgreSQL, so that nothing published before is lost. Entries go
 * in in the order the file register read them (publication time, then id), each keeping its time of
 * publication. Safe to repeat: a record already in the register is left as it is.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RegisteredRecord, RegisterEntry } from './records';
import { appendToRegister, registerSize, type Store } from './register';

export interface Imported {
  /** Records in the folder. */
  readonly found: number;
  /** Records this import appended. */
  readonly imported: number;
  /** Records that were in the register already. */
  readonly present: number;
}

/** A file of the folder that cannot be imported; nothing was imported. */
export class ImportError extends Error {
  override name = 'ImportError';
}

/** Every record of a file register folder, oldest publication first; none when the folder does not exist. */
export async function readRegisterFolder(dir: string): Promise<RegisterEntry[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json') && !n.startsWith('.'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const entries: RegisterEntry[] = [];
  for (const name of names) {
    let entry: Partial<RegisterEntry>;
    try {
      entry = JSON.parse(await readFile(join(dir, name), 'utf8')) as Partial<RegisterEntry>;
    } catch (err) {
      throw new ImportError(`Cannot import ${join(dir, name)}: ${(err as Error).message}. Nothing was imported; fix or move the file and import again.`);
    }
    if (!entry?.decisionId || !entry.kind || !entry.publishedAt || Number.isNaN(Date.parse(entry.publishedAt)))
      throw new ImportError(`Cannot import ${join(dir, name)}: it is not a register entry (it needs a decisionId, a kind and a publishedAt date). Nothing was imported; move the file and import again.`);
    entries.push(entry as RegisterEntry);
  }
  return entries.sort((a, b) => a.publishedAt.localeCompare(b.publishedAt) || a.decisionId.localeCompare(b.decisionId));
}

/**
 * Appends every record of the folder `dir` to the register, each with its own publication time.
 *
 * @throws ImportError, before appending anything, when a file is not a register entry; the database's errors.
 * @example
 * const { imported, present } = await importRegisterFolder(store, '.data/register');
 */
export async function importRegisterFolder(store: Store, dir: string): Promise<Imported> {
  const entries = await readRegisterFolder(dir);
  let imported = 0;
  for (const { publishedAt, ...record } of entries) if ((await appendToRegister(store, record as RegisteredRecord, publishedAt)).appended) imported += 1;
  return { found: entries.length, imported, present: entries.length - imported };
}

/**
 * On first start: imports the folder when the register in PostgreSQL is still empty and the folder has records.
 * Returns what it imported, or undefined when it had nothing to do.
 */
export async function importRegisterFolderOnce(store: Store, dir: string): Promise<Imported | undefined> {
  if ((await registerSize(store.db)) > 0) return undefined;
  const result = await importRegisterFolder(store, dir);
  return result.found ? result : undefined;
}
