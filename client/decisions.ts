/** Reading the decision register needs no Temporal connection: anyone may read it, from PostgreSQL. */
import { connectDatabase } from '../store/database';
import type { RegisterEntry } from '../store/records';
import { readRegister, type RegisterReader } from '../store/register';
import { databaseSettings } from './settings';

/**
 * The published decisions and minutes, oldest first; with `productId`, that product's decisions only.
 * Reads from `store` when given, else connects with the database settings for this read alone.
 *
 * @throws DatabaseUnavailable (where the database was looked for, and what to check) when it cannot be reached.
 * @example
 * const decisions = await readDecisions({ productId: 'benefits-map' });
 */
export async function readDecisions(filter: { productId?: string; store?: RegisterReader } = {}): Promise<RegisterEntry[]> {
  const query = filter.productId ? { productId: filter.productId } : {};
  if (filter.store) return readRegister(filter.store.db, query);
  const db = await connectDatabase(databaseSettings(), { max: 1 });
  try {
    return await readRegister(db, query);
  } finally {
    await db.destroy();
  }
}
