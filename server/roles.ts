/**
 * A person's roles, from the boards themselves: each board process's view (asked through the
 * GovernanceClient, as every other reader does) says who sits on it, who chairs it and who is its
 * secretariat now, after every appointment and removal since its board file founded it. A request
 * never says what role its sender has; a board that does not answer gives no roles, and says so.
 */
import type { GovernanceClient } from '../client/governanceClient';
import type { BoardRoster } from '../machines/kernel/roster';
import type { Audience } from '../machines/kernel/moderation';

export type BoardKind = 'productBoard' | 'initiativeBoard';
export type RoleName = 'member' | 'chair' | 'secretariat';

export interface Role {
  readonly boardId: string;
  readonly board: BoardKind;
  readonly role: RoleName;
}

export interface BoardAnswer {
  readonly boardId: string;
  readonly board: BoardKind;
  readonly roster: BoardRoster;
}

export interface BoardSilent {
  readonly boardId: string;
  readonly board: BoardKind;
  /** Why, in words. */
  readonly why: string;
}

/** Asks the boards for their rosters now. */
export interface BoardRosters {
  /** The boards asked, for messages and the founding fallback. */
  readonly boards: readonly { readonly boardId: string; readonly board: BoardKind }[];
  rosters(): Promise<{ readonly answered: readonly BoardAnswer[]; readonly silent: readonly BoardSilent[] }>;
}

/** The id of the board of this kind that the server serves, if it serves one: the one lookup every page uses. */
export const boardIdOf = (rosters: BoardRosters, kind: BoardKind): string | undefined => rosters.boards.find((b) => b.board === kind)?.boardId;

/** The roles `personId` holds on one board: member, chair, secretariat (a chair is a member too). */
export function rolesOn(answer: BoardAnswer, personId: string): Role[] {
  const { roster, boardId, board } = answer;
  const roles: Role[] = [];
  if (roster.members.some((m) => m.id === personId)) roles.push({ boardId, board, role: 'member' });
  if (roster.chair === personId) roles.push({ boardId, board, role: 'chair' });
  if (roster.secretariat.includes(personId)) roles.push({ boardId, board, role: 'secretariat' });
  return roles;
}

/**
 * How `personId` reads a process of `board`'s: as the board, when the roster of that board (the one this
 * server serves) names them in any role; otherwise, or signed out, or when the board does not answer, as
 * the public. Moderation hides public input from the public only (machines/kernel/moderation.ts).
 */
export async function audienceOf(rosters: BoardRosters, board: BoardKind, personId: string | undefined): Promise<Audience> {
  if (personId === undefined) return 'public';
  const { answered } = await rosters.rosters();
  const answer = answered.find((a) => a.board === board);
  return answer && rolesOn(answer, personId).length > 0 ? 'board' : 'public';
}

/** Every person a roster names. */
export const peopleOn = (roster: BoardRoster): string[] => [...new Set([...roster.members.map((m) => m.id), roster.chair, ...roster.secretariat])];

/**
 * The rosters of the product board and the initiative board named, asked of their processes, each
 * given `timeoutMs` to answer.
 *
 * @example
 * const boards = rostersFromProcesses(governance, { productBoardId: 'product-board', initiativeBoardId: 'initiative-board' });
 */
export function rostersFromProcesses(
  governance: GovernanceClient,
  ids: { readonly productBoardId?: string; readonly initiativeBoardId?: string },
  timeoutMs = 5_000,
): BoardRosters {
  const boards = [
    ...(ids.productBoardId ? [{ boardId: ids.productBoardId, board: 'productBoard' as const }] : []),
    ...(ids.initiativeBoardId ? [{ boardId: ids.initiativeBoardId, board: 'initiativeBoard' as const }] : []),
  ];
  const ask = ({ boardId, board }: (typeof boards)[number]): Promise<BoardRoster> =>
    governance.temporal.connection.withDeadline(Date.now() + timeoutMs, async () =>
      board === 'productBoard' ? (await governance.boardStatus(boardId)).roster : (await governance.initiative(boardId).status()).roster,
    );
  return {
    boards,
    async rosters() {
      const asked = await Promise.allSettled(boards.map(ask));
      const answered: BoardAnswer[] = [];
      const silent: BoardSilent[] = [];
      asked.forEach((result, i) => {
        const { boardId, board } = boards[i]!;
        if (result.status === 'fulfilled') answered.push({ boardId, board, roster: result.value });
        else silent.push({ boardId, board, why: `the ${board === 'productBoard' ? 'product' : 'initiative'} board ${boardId} did not answer (${firstLine(result.reason)}), so its roles are not known just now` });
      });
      return { answered, silent };
    },
  };
}

const firstLine = (err: unknown) => String((err as Error)?.message ?? err).split('\n')[0]!.slice(0, 200);
