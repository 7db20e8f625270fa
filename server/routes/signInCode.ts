/**
 * Signing in by a code sent by email, for the API's clients (the CLI's `govern login`):
 *
 *   POST /api/sign-in/code    { email }                         → 202 { sent, email, expiresAt, message }
 *   POST /api/sign-in/verify  { email, code, client?, name? }   → { personId, name?, newAccount, expiresAt, token? }
 *
 * What a code is and how guessing is held off is ../signIn/byCode.ts's, shared with the portal's forms.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseInput } from '../input';
import { signIn } from '../session';
import { checkCode, codeGiven, codeRequest, sendCode } from '../signIn/byCode';
import { limitOf, type ServerContext } from './context';

const verifyBody = codeGiven.extend({
  client: z.enum(['browser', 'cli'], { error: 'client is "browser" (a cookie) or "cli" (a token)' }).default('browser'),
});

export function codeRoutes(app: FastifyInstance, context: ServerContext): void {
  const { db, policy } = context;

  app.post('/api/sign-in/code', { config: limitOf(policy.perClient.codeRequests) }, async (request, reply) => {
    const { email } = parseInput(codeRequest, request.body, 'Cannot send a code');
    return reply.code(202).send({ sent: true, ...(await sendCode(context, email)) });
  });

  app.post('/api/sign-in/verify', { config: limitOf(policy.perClient.codeTries) }, async (request, reply) => {
    const given = parseInput(verifyBody, request.body, 'Cannot sign in');
    const owner = await checkCode(context, given);
    return reply.send(await signIn(reply, db, policy, { ...owner, client: given.client, method: 'email' }));
  });
}
