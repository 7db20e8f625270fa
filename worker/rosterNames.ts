/**
 * The members' names from the board files, recorded in the store at `npm start` so that mail greets
 * people by name ("Dear Ben Carter,"). Secretariats are listed by id only in a roster, so they keep
 * their id until `govern person set --name` gives one. A name set that way is never overwritten.
 */
import { loadBoard } from '../client/boardConfig';
import { loadInitiativeBoard } from '../client/initiativeConfig';
import type { Db } from '../store/database';
import { nameUnnamed } from '../store/people';

type Named = { readonly members: readonly { readonly id: string; readonly name: string }[] };

/** Each file read on its own: one that cannot be read gives no names (opening its board has said why). */
function rosters(): Named[] {
  const read: (() => Named)[] = [() => loadBoard().roster, () => loadInitiativeBoard().roster];
  return read.flatMap((roster) => {
    try {
      return [roster()];
    } catch {
      return [];
    }
  });
}

/**
 * Names the people of both board files who have no name in the store yet; answers how many.
 *
 * @example
 * const named = await recordRosterNames(store.db);
 */
export async function recordRosterNames(db: Db): Promise<number> {
  const people = rosters().flatMap((roster) => roster.members.map((m) => ({ personId: m.id, name: m.name })));
  return nameUnnamed(db, people);
}
