/**
 * Signing in at the organisation's identity provider: /api/sign-in/oidc sends the browser there with
 * a fresh state, nonce and PKCE verifier kept in a signed, HttpOnly cookie; the provider sends it back
 * to /api/sign-in/oidc/callback, which checks them (signIn/oidc.ts) and opens a session. A person is
 * known again by the provider's issuer and subject; the first time, by the address the provider
 * vouches for, so a member whose address the secretariat recorded signs in as themself.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { accountForAddress, accountOf, AddressShared, linkIdentity, personOfIdentity } from '../../store/accounts';
import { ApiError } from '../errors';
import { parseInput } from '../input';
import { signIn } from '../session';
import type { OidcSignIn, OidcTransaction } from '../signIn/oidc';
import { limitOf, type ServerContext } from './context';

const transactionCookie = 'govern-oidc';
const cookiePath = '/api/sign-in/oidc';
/** Until the portal's pages exist, a sign-in with no `next` lands on who you are. */
const defaultNext = '/api/me';

const startQuery = z.strictObject({
  next: z
    .string()
    .max(500, 'next is a path of the engine, at most 500 characters')
    .regex(/^\/(?![/\\])[^\s]*$/, 'next is a path of the engine, starting with one /, e.g. /reviews')
    .optional(),
});

const transactionSchema = z.strictObject({ state: z.string().max(200), nonce: z.string().max(200), verifier: z.string().max(200), next: z.string().max(500) });

const notStarted = (label: string) =>
  new ApiError(400, 'SignInNotFinished', `This sign-in with ${label} was not started here, or took longer than 10 minutes. Start again from the sign-in page.`);

export function oidcRoutes(app: FastifyInstance, context: ServerContext): void {
  const { db, policy } = context;
  const provider = (): OidcSignIn => {
    if (!context.oidc) throw new ApiError(404, 'NoIdentityProvider', 'This engine has no identity provider set up: sign in with a code sent by email (POST /api/sign-in/code).');
    return context.oidc;
  };

  app.get('/api/sign-in/oidc', { config: limitOf(policy.perClient.oidcStarts) }, async (request, reply) => {
    const oidc = provider();
    const { next } = parseInput(startQuery, request.query, 'Cannot start signing in');
    const { url, transaction } = await oidc.start(next ?? defaultNext);
    void reply.setCookie(transactionCookie, JSON.stringify(transaction), {
      path: cookiePath,
      httpOnly: true,
      secure: true,
      // Lax: the provider sends the person back by a top-level GET from its own site.
      sameSite: 'lax',
      signed: true,
      maxAge: Math.floor(policy.oidcTransactionMs / 1000),
    });
    return reply.redirect(url.href, 303);
  });

  app.get('/api/sign-in/oidc/callback', { config: limitOf(policy.perClient.oidcStarts) }, async (request, reply) => {
    const oidc = provider();
    const transaction = readTransaction(reply, request.cookies[transactionCookie], oidc.label);
    void reply.clearCookie(transactionCookie, { path: cookiePath });
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
    const identity = await oidc.finish(query, transaction);
    let personId = await personOfIdentity(db, identity.issuer, identity.subject);
    let newAccount = false;
    if (!personId) {
      if (!identity.email)
        throw new ApiError(400, 'NoAddress', `${oidc.label} did not give the engine your email address, which it needs the first time to know who you are. Ask your administrator to release the "email" claim, or sign in with a code sent by email.`);
      if (identity.emailVerified === false)
        throw new ApiError(400, 'AddressNotConfirmed', `${oidc.label} says your email address is not confirmed. Confirm it there, or sign in with a code sent by email.`);
      try {
        const found = await accountForAddress(db, identity.email, identity.name ? { name: identity.name } : {});
        personId = found.account.personId;
        newAccount = found.created;
      } catch (err) {
        if (err instanceof AddressShared) throw new ApiError(409, 'AddressShared', err.message);
        throw err;
      }
      await linkIdentity(db, identity.issuer, identity.subject, personId);
    }
    const account = await accountOf(db, personId);
    await signIn(reply, db, policy, { personId, ...(account?.name ? { name: account.name } : {}), newAccount, client: 'browser', method: 'oidc' });
    return reply.redirect(transaction.next, 303);
  });
}

function readTransaction(reply: FastifyReply, raw: string | undefined, label: string): OidcTransaction {
  if (!raw) throw notStarted(label);
  const unsigned = reply.unsignCookie(raw);
  if (!unsigned.valid || unsigned.value === null) throw notStarted(label);
  let parsed: unknown;
  try {
    parsed = JSON.parse(unsigned.value);
  } catch {
    throw notStarted(label);
  }
  const transaction = transactionSchema.safeParse(parsed);
  if (!transaction.success) throw notStarted(label);
  return transaction.data;
}
