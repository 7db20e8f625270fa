/**
 * The boards this server serves, what anyone may read of them, and the secretariat's two actions that
 * are not commands to a running process: opening a board from its file, and bringing a stopped one
 * back (Temporal's reset, client/recovery.ts).
 *
 *   GET  /api/boards                        → { boards: [{ boardId, board }] }
 *   GET  /api/boards/:boardId/agenda        → the next meetings and their items, written procedures (product board)
 *   GET  /api/boards/:boardId/reviews-due   → benefit and harm reviews due or overdue (product board)
 *   POST /api/boards/:boardId/open          → the board's view (secretariat)
 *   POST /api/boards/:boardId/recover       { reason? } → what was recovered (secretariat)
 *
 * Who is the secretariat comes from the board's roster as its process holds it, or from its board
 * file's founding roster when the process does not answer (not opened yet, or stopped): never from the request.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { BoardRoster } from '../../machines/kernel/roster';
import { isSecretariat } from '../../machines/kernel/roster';
import { reason, recordId } from '../../machines/kernel/schema';
import { ApiError } from '../errors';
import { parseInput } from '../input';
import type { BoardKind } from '../roles';
import { requireSession } from '../session';
import type { ServerContext } from './context';
import { governanceOf } from './processes';

const boardParams = z.strictObject({ boardId: recordId });
const recoverBody = z.strictObject({ reason: reason.optional() });

export function boardRoutes(app: FastifyInstance, context: ServerContext): void {
  const served = (boardId: string, only?: BoardKind): { boardId: string; board: BoardKind } => {
    const board = context.boards.boards.find((b) => b.boardId === boardId && (!only || b.board === only));
    if (!board) {
      const known = context.boards.boards.filter((b) => !only || b.board === only).map((b) => b.boardId);
      throw new ApiError(404, 'NotFound', `This server serves no ${only === 'productBoard' ? 'product board' : only === 'initiativeBoard' ? 'initiative board' : 'board'} ${boardId}${known.length ? `; it serves ${known.join(', ')}` : ''}.`);
    }
    return board;
  };

  /** The board file's founding configuration (read now: the file may have been fixed since the start). */
  const fileOf = <T>(load: (() => T) | undefined, board: BoardKind): T => {
    if (!load) throw new ApiError(503, 'Unavailable', `This server has no ${board === 'productBoard' ? 'product' : 'initiative'} board file to open the board from; tell the operator.`);
    return load();
  };
  const productFile = () => fileOf(context.boardFiles?.product, 'productBoard');
  const initiativeFile = () => fileOf(context.boardFiles?.initiative, 'initiativeBoard');

  /** The roster that says who the secretariat is: the process's, else the board file's. */
  const rosterOf = async (boardId: string, board: BoardKind): Promise<BoardRoster> => {
    const governance = governanceOf(context);
    try {
      return board === 'productBoard' ? (await governance.boardStatus(boardId)).roster : (await governance.initiative(boardId).status()).roster;
    } catch {
      return board === 'productBoard' ? productFile().roster : (initiativeFile().roster as BoardRoster);
    }
  };

  /** The signed-in person, who must be the board's secretariat to `what` it. */
  const secretariat = async (request: Parameters<typeof requireSession>[0], boardId: string, board: BoardKind, what: string): Promise<string> => {
    const { session } = await requireSession(request, context.db, context.settings.publicUrl);
    const roster = await rosterOf(boardId, board);
    if (!isSecretariat(roster, session.personId))
      throw new ApiError(403, 'NotSecretariat', `You are signed in as ${session.personId}, who may not ${what} ${boardId}: only its secretariat (${roster.secretariat.join(', ')}) may.`);
    return session.personId;
  };

  app.get('/api/boards', async () => ({ boards: context.boards.boards.map(({ boardId, board }) => ({ boardId, board })) }));

  app.get('/api/boards/:boardId/agenda', async (request) => {
    const { boardId } = served(parseInput(boardParams, request.params, 'Cannot read that agenda').boardId, 'productBoard');
    return governanceOf(context).agenda(boardId);
  });

  app.get('/api/boards/:boardId/reviews-due', async (request) => {
    const { boardId } = served(parseInput(boardParams, request.params, 'Cannot read those reviews').boardId, 'productBoard');
    return governanceOf(context).dueReviews(boardId);
  });

  app.post('/api/boards/:boardId/open', async (request) => {
    const { boardId, board } = served(parseInput(boardParams, request.params, 'Cannot open that board').boardId);
    parseInput(z.strictObject({}), request.body, 'Opening a board takes nothing');
    const by = await secretariat(request, boardId, board, 'open');
    const governance = governanceOf(context);
    if (board === 'productBoard') return governance.openBoard({ by, config: productFile() });
    return governance.initiative(boardId).open({ by, config: initiativeFile() });
  });

  app.post('/api/boards/:boardId/recover', async (request) => {
    const { boardId, board } = served(parseInput(boardParams, request.params, 'Cannot recover that board').boardId);
    const body = parseInput(recoverBody, request.body, `Cannot recover ${boardId}`);
    const by = await secretariat(request, boardId, board, 'recover');
    const governance = governanceOf(context);
    const asked = { by, ...(body.reason ? { reason: body.reason } : {}) };
    return board === 'productBoard' ? governance.recoverBoard({ ...asked, boardId }) : governance.initiative(boardId).recover(asked);
  });
}
