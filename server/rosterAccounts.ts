/**
 * An account for everyone the boards name: members, chairs and secretariat of both boards, by the ids
 * the processes use. The rosters come from the board processes; a board that does not answer (not
 * opened yet, Temporal away) is read from its founding file instead, which names the same ids until
 * the first appointment. An account only lets its person sign in; their roles are asked of the boards
 * at each request (./roles.ts), so an account made from an older roster grants nothing.
 */
import type { BoardRoster } from '../machines/kernel/roster';
import { ensureAccounts } from '../store/accounts';
import type { Db } from '../store/database';
import { peopleOn, type BoardRosters } from './roles';

/**
 * Makes the accounts the rosters call for; answers how many were new.
 *
 * @example
 * await accountsFromRosters(db, rosters, () => [loadBoard().roster]);
 */
export async function accountsFromRosters(db: Db, boards: BoardRosters, founding: (boardId: string) => BoardRoster | undefined): Promise<number> {
  const { answered, silent } = await boards.rosters();
  const rosters = [...answered.map((a) => a.roster), ...silent.map((s) => founding(s.boardId)).filter((r): r is BoardRoster => r !== undefined)];
  return ensureAccounts(db, rosters.flatMap(peopleOn), 'roster');
}

/**
 * Keeps the accounts in step with the rosters: now, then every `everyMs`, until `stop()`, which waits
 * for a round under way (its Temporal calls must end before their connection closes). A failed round
 * is reported and tried again at the next.
 */
export function keepRosterAccounts(db: Db, boards: BoardRosters, founding: (boardId: string) => BoardRoster | undefined, report: (line: string) => void, everyMs = 5 * 60_000): { readonly first: Promise<void>; stop(): Promise<void> } {
  let current: Promise<void> = Promise.resolve();
  const round = () =>
    (current = accountsFromRosters(db, boards, founding).then(
      (made) => {
        if (made) report(`Accounts: ${made} made for people the boards name.`);
      },
      (err: unknown) => report(`Accounts from the boards' rosters could not be made just now (${(err as Error).message}); trying again in ${Math.round(everyMs / 60_000)} minutes.`),
    ));
  const first = round();
  const timer = setInterval(() => void round(), everyMs);
  timer.unref();
  return {
    first,
    stop: async () => {
      clearInterval(timer);
      await current;
    },
  };
}
