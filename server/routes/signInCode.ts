/**
 * Signing in by a code sent by email (as Loomio does): ask for a code for an address, then give it
 * back. An address nobody has yet becomes a new account (a member of the public signing up); one the
 * secretariat recorded, or a board member's, signs in as that person. The rules against guessing are
 * store/signInCodes.ts's; each answer says what happened and what to do next.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { nameText } from '../../machines/kernel/schema';
import { emailAddress } from '../../mail/address';
import { accountForAddress, AddressShared } from '../../store/accounts';
import { recordCode, tryCode } from '../../store/signInCodes';
import { ApiError, duration, inWords, secondsUntil } from '../errors';
import { parseInput } from '../input';
import { signIn } from '../session';
import { SendFailed } from '../signIn/codeMail';
import { addressHashOf, codeHashOf, makeCode, normaliseCode } from '../signIn/codes';
import { limitOf, type ServerContext } from './context';

const codeRequest = z.strictObject({ email: emailAddress });

const codeGiven = z.strictObject({
  email: emailAddress,
  code: z
    .string({ error: 'the code is required: the six digits in the message we sent' })
    .max(40, 'the code is the six digits in the message we sent')
    .transform(normaliseCode)
    .pipe(z.string().regex(/^\d{6}$/, 'the code is the six digits in the message we sent')),
  client: z.enum(['browser', 'cli'], { error: 'client is "browser" (a cookie) or "cli" (a token)' }).default('browser'),
  name: nameText('your name').optional(),
});

export function codeRoutes(app: FastifyInstance, context: ServerContext): void {
  const { db, keys, codes, policy } = context;

  app.post('/api/sign-in/code', { config: limitOf(policy.perClient.codeRequests) }, async (request, reply) => {
    const { email } = parseInput(codeRequest, request.body, 'Cannot send a code');
    const addressHash = addressHashOf(keys, email);
    const code = makeCode();
    const kept = await recordCode(db, { addressHash, codeHash: codeHashOf(keys, addressHash, code) }, policy);
    if (!kept.recorded) {
      const retry = { 'retry-after': secondsUntil(kept.until) };
      if (kept.why === 'waiting')
        throw new ApiError(429, 'MustWait', `Too many wrong codes were tried for this address, so no code can be sent to it for now. Try again ${inWords(kept.until)}.`, retry);
      throw new ApiError(429, 'TooManyCodes', `We have sent ${policy.maxCodes} codes to this address in the last ${duration(policy.windowMs)}. Use the latest one, or ask for another ${inWords(kept.until)}.`, retry);
    }
    try {
      await codes.send(email, code, duration(policy.codeTtlMs));
    } catch (err) {
      if (!(err instanceof SendFailed)) throw err;
      throw new ApiError(503, 'MailUnavailable', `We could not send the code just now (${err.message}). Try again in a few minutes.`);
    }
    return reply.code(202).send({
      sent: true,
      email,
      expiresAt: kept.expiresAt.toISOString(),
      message: `We sent a code to ${email}. It works once, for ${duration(policy.codeTtlMs)}.`,
    });
  });

  app.post('/api/sign-in/verify', { config: limitOf(policy.perClient.codeTries) }, async (request, reply) => {
    const given = parseInput(codeGiven, request.body, 'Cannot sign in');
    const addressHash = addressHashOf(keys, given.email);
    const tried = await tryCode(db, { addressHash, codeHash: codeHashOf(keys, addressHash, given.code) }, policy);
    switch (tried.outcome) {
      case 'wrong':
        throw new ApiError(401, 'CodeWrong', `That is not the code we sent last to ${given.email}. ${tried.triesLeft} ${tried.triesLeft === 1 ? 'try' : 'tries'} left before you must wait.`);
      case 'nowWaiting':
      case 'waiting':
        throw new ApiError(
          429,
          'MustWait',
          `${tried.outcome === 'nowWaiting' ? 'That code was wrong too many times, so the codes sent to this address no longer work.' : 'Too many wrong codes were tried for this address.'} Wait, then ask for a new code ${inWords(tried.until)}.`,
          { 'retry-after': secondsUntil(tried.until) },
        );
      case 'expired':
        throw new ApiError(401, 'CodeExpired', `That code has expired: a code works for ${duration(policy.codeTtlMs)}. Ask for a new one.`);
      case 'none':
        throw new ApiError(401, 'NoCode', `No code is waiting for ${given.email} (it was used already, or none was sent). Ask for a new one.`);
      case 'right':
        break;
    }
    let found: Awaited<ReturnType<typeof accountForAddress>>;
    try {
      found = await accountForAddress(db, given.email, given.name ? { name: given.name } : {});
    } catch (err) {
      if (err instanceof AddressShared) throw new ApiError(409, 'AddressShared', err.message);
      throw err;
    }
    const { account, created } = found;
    return reply.send(await signIn(reply, db, policy, { personId: account.personId, ...(account.name ? { name: account.name } : {}), newAccount: created, client: given.client, method: 'email' }));
  });
}
