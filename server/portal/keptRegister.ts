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

/** An answer kept for a while: `forget()` drops it, so that the next call asks again. */
export type Kept<T> = (() => Promise<T>) & { forget(): void };

/**
 * `ask`, answered from what it last answered for `ms`: for what may be a few seconds old (the menu's
 * roles: each page asks the roster itself before it shows or does anything). Calls while it is being
 * asked share the one answer; `forget()` is for a change this server made itself, which must show at once.
 */
export function keptFor<T>(ms: number, ask: () => Promise<T>): Kept<T> {
  let kept: { readonly until: number; readonly value: Promise<T> } | undefined;
  const read = () => {
    const now = Date.now();
    if (!kept || kept.until <= now) {
      const value = ask();
      const mine = { until: now + ms, value };
      kept = mine;
      // A failed answer is not kept: the next page asks again.
      value.catch(() => {
        if (kept === mine) kept = undefined;
      });
    }
    return kept.value;
  };
  return Object.assign(read, { forget: () => void (kept = undefined) });
}

/** One kept answer for each key (a reader), the oldest let go past `max`; `forget()` drops them all. */
export type KeptEach<T> = ((key: string) => Promise<T>) & { forget(): void };

/**
 * keptFor, for an answer that is not the same for everyone: the initiative board's view for one reader,
 * whose `may` says what that reader may send. Kept per key for `ms`, at most `max` keys at once.
 */
export function keptForEach<T>(ms: number, ask: (key: string) => Promise<T>, max = 1_000): KeptEach<T> {
  const kept = new Map<string, Kept<T>>();
  const read = (key: string) => {
    let one = kept.get(key);
    if (!one) {
      if (kept.size >= max) kept.delete(kept.keys().next().value!);
      one = keptFor(ms, () => ask(key));
      kept.set(key, one);
    }
    return one();
  };
  return Object.assign(read, { forget: () => kept.clear() });
}

/**
 * How old the home page's list of open reviews may be. Each review's view is a query answered by the
 * worker, and the list is Temporal's visibility store: asked on every home page, they were most of its
 * cost. Kept this long it stays right for the person looking: their own vote forgets it before its
 * confirmation is drawn; the review's own page and every vote read the review afresh, so the list only
 * decides which links the home page shows; anything else (another member's vote, a vote by the API or
 * by another server behind the same address, voting closing on time) shows within this long.
 */
export const openReviewsMs = 1_000;
