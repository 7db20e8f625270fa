/**
 * What a test file started and must stop when it ends, registered by the module that started it
 * (./postgres.ts registers its PostgreSQL) and stopped by ./setup.ts after the file. A file that
 * imports none of them, as the pure machine tests, loads nothing heavy for it.
 */
const stops: (() => Promise<void>)[] = [];

/** Registers `stop` to run after this test file. */
export const stopAfterFile = (stop: () => Promise<void>): void => void stops.push(stop);

/** Runs every registered stop (in the order registered). */
export async function stopAll(): Promise<void> {
  for (const stop of stops.splice(0)) await stop();
}
