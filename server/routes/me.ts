/**
 * Who is signed in, and what they may do: the account from PostgreSQL, the roles from the boards'
 * processes as they stand now (roles.ts). Nothing here is taken from the request but its cookie or token.
 */
import type { FastifyInstance } from 'fastify';
import { accountOf } from '../../store/accounts';
import { ApiError } from '../errors';
import { rolesOn } from '../roles';
import { requireSession } from '../session';
import type { ServerContext } from './context';

export function meRoutes(app: FastifyInstance, context: ServerContext): void {
  const { db } = context;
  app.get('/api/me', async (request) => {
    const { session } = await requireSession(request, db, context.settings.publicUrl);
    const account = await accountOf(db, session.personId);
    if (!account) throw new ApiError(401, 'SignInRequired', 'Your account is no longer there: sign in again.');
    const { answered, silent } = await context.boards.rosters();
    return {
      personId: account.personId,
      ...(account.name ? { name: account.name } : {}),
      ...(account.email ? { email: account.email } : {}),
      account: { origin: account.origin, since: account.createdAt },
      signedIn: { method: session.method, client: session.client, since: session.createdAt, expiresAt: session.expiresAt },
      roles: answered.flatMap((board) => rolesOn(board, account.personId)),
      rolesNotKnown: silent.map((s) => ({ boardId: s.boardId, board: s.board, why: s.why })),
    };
  });
}
