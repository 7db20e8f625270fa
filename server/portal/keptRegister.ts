/**
 * The register as the portal's pages read it, kept between requests. The register only grows (each
 * entry is appended once and never changed: store/register.ts), so while its size is unchanged what
 * was read still stands: a request costs one count, not every record read and parsed again. Every
 * server behind one address shares the database, so a count sees what any of them appended.
 */
import type { Db } from '../../store/database';
import type { RegisterEntry } from '../../store/records';
import { readRegister, registerSize } from '../../store/register';

/**
 * Reads the register (oldest first) as `prepare` makes it, from what was kept while nothing was
 * appended. Requests that find the same new size share one read.
 */
export function keptRegister<T>(db: Db, prepare: (entries: readonly RegisterEntry[]) => T): () => Promise<T> {
  let kept: { readonly size: number; readonly value: Promise<T> } | undefined;
  return async () => {
    const size = await registerSize(db);
    if (kept && kept.size === size) return kept.value;
    const reading = readRegister(db).then(prepare);
    const mine = { size, value: reading };
    kept = mine;
    // A failed read is not kept: the next request reads again.
    reading.catch(() => {
      if (kept === mine) kept = undefined;
    });
    return reading;
  };
}

/**
 * `ask`, answered from what it last answered for `ms`: for what may be a few seconds old (the menu's
 * roles: each page asks the roster itself before it shows or does anything).
 */
export function keptFor<T>(ms: number, ask: () => Promise<T>): () => Promise<T> {
  let kept: { readonly until: number; readonly value: Promise<T> } | undefined;
  return () => {
    const now = Date.now();
    if (!kept || kept.until <= now) {
      const value = ask();
      kept = { until: now + ms, value };
      // A failed answer is not kept: the next page asks again.
      value.catch(() => (kept = undefined));
    }
    return kept.value;
  };
}
