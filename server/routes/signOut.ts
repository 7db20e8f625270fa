/**
 * Signing out: the session or token shown is revoked in PostgreSQL (so a copy of it is refused from
 * then on) and a browser's cookie is cleared. Signing out twice is not an error.
 */
import type { FastifyInstance } from 'fastify';
import { revokeSession } from '../../store/sessions';
import { clearSessionCookie, presented, refuseForeignOrigin } from '../session';
import type { ServerContext } from './context';

export function signOutRoutes(app: FastifyInstance, context: ServerContext): void {
  app.post('/api/sign-out', async (request, reply) => {
    const shown = presented(request);
    if (!shown) return { signedOut: false, message: 'You were not signed in.' };
    refuseForeignOrigin(request, shown, context.settings.publicUrl);
    if (shown.via === 'cookie') void clearSessionCookie(reply);
    const ended = await revokeSession(context.db, shown.token);
    return { signedOut: ended, message: ended ? 'You are signed out; that sign-in no longer works anywhere.' : 'That sign-in had already ended.' };
  });

  app.get('/api/sign-in', async () => ({
    methods: [
      { method: 'email', start: '/api/sign-in/code', finish: '/api/sign-in/verify' },
      ...(context.oidc ? [{ method: 'oidc', label: context.oidc.label, start: '/api/sign-in/oidc' }] : []),
    ],
  }));
}
