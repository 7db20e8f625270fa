/**
 * Opening the store as the worker does: connect, bring the schema up to date, load the key that
 * signs the register's heads.
 */
import { connectDatabase, type DatabaseSettings } from './database';
import { migrateToLatest } from './migrations';
import type { Store } from './register';
import { signerFromKeyFile } from './signing';

export interface OpenStore extends Store {
  /** The migrations this opening ran (none when the database was up to date). */
  readonly migrated: readonly string[];
  close(): Promise<void>;
}

/**
 * Connects to the database in `settings`, migrates it to the latest version and loads (or, the first
 * time, makes) the signing key in `keyFile`.
 *
 * @throws DatabaseUnavailable when the database cannot be reached; a migration's error; RegisterKeyError
 * for an unusable key file. Nothing is left open when it throws.
 * @example
 * const store = await openStore(databaseSettings(), registerKeyFile());
 * try { … } finally { await store.close(); }
 */
export async function openStore(settings: DatabaseSettings, keyFile: string): Promise<OpenStore> {
  const db = await connectDatabase(settings);
  try {
    const migrated = await migrateToLatest(db);
    const signer = await signerFromKeyFile(keyFile);
    return { db, signer, migrated, close: () => db.destroy() };
  } catch (err) {
    await db.destroy();
    throw err;
  }
}
