/**
 * What the engine has published and told people: the decision register, which anyone may read, and the
 * signed-in person's own notices (never anyone else's: the person is the session's).
 *
 *   GET /api/register?productId=   → the published decisions and minutes, oldest first
 *   GET /api/me/notices            → what the engine has sent you, oldest first
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { readNotifications } from '../../client/notices';
import { recordId } from '../../machines/kernel/schema';
import { readRegister } from '../../store/register';
import { parseInput } from '../input';
import { requireSession } from '../session';
import type { ServerContext } from './context';

const registerQuery = z.strictObject({ productId: recordId.optional() });

export function recordRoutes(app: FastifyInstance, context: ServerContext): void {
  app.get('/api/register', async (request) => {
    const { productId } = parseInput(registerQuery, request.query, 'Cannot read the register');
    return readRegister(context.db, productId ? { productId } : {});
  });

  app.get('/api/me/notices', async (request) => {
    const { session } = await requireSession(request, context.db, context.settings.publicUrl);
    return readNotifications(context.db, session.personId);
  });
}
