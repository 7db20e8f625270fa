/**
 * Who is asking: a browser shows its session cookie (Secure, HttpOnly, SameSite=Lax, under the
 * __Host- prefix so no other site or path can set it), the CLI its token as `Authorization: Bearer`.
 * Either is looked up by its hash; nothing the request says about a person is believed.
 *
 * A cookie comes with every request the browser makes to us, even one another site starts, so a
 * cookie-signed request that changes something must also come from our own pages: SameSite=Lax keeps
 * the cookie off other sites' POSTs, the API reads JSON only (no form can send it across sites
 * without asking first), and an Origin that is not ours is refused.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../store/database';
import type { SessionClient, SignInMethod } from '../store/schema';
import { openSession, sessionOf, type Session } from '../store/sessions';
import { ApiError } from './errors';
import type { SignInPolicy } from './signIn/policy';

export const sessionCookie = '__Host-govern-session';

/** What a request showed to say who it is. */
export interface Presented {
  readonly token: string;
  readonly via: 'cookie' | 'bearer';
}

/** The cookie or bearer token on `request`, if any. */
export function presented(request: FastifyRequest): Presented | undefined {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const bearer = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(header.trim());
    if (!bearer) throw new ApiError(401, 'SignInRequired', 'The Authorization header is not "Bearer" and a token: sign in again with "govern login".');
    return { token: bearer[1]!, via: 'bearer' };
  }
  const cookie = request.cookies[sessionCookie];
  return cookie ? { token: cookie, via: 'cookie' } : undefined;
}

/**
 * Refuses a cookie-signed request that would change something when it comes from another site's page.
 *
 * @throws ApiError 403 WrongOrigin.
 */
export function refuseForeignOrigin(request: FastifyRequest, shown: Presented, publicUrl: string): void {
  if (shown.via !== 'cookie' || request.method === 'GET' || request.method === 'HEAD') return;
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== new URL(publicUrl).origin)
    throw new ApiError(403, 'WrongOrigin', `This request came from a page of ${origin.slice(0, 100)}, not of the engine: nothing was done. Use the engine's own pages at ${publicUrl}.`);
}

/**
 * The live session of `request`.
 *
 * @throws ApiError 401 SignInRequired (none, or ended), 403 WrongOrigin (a cookie sent by another site's page to change something).
 */
export async function requireSession(request: FastifyRequest, db: Db, publicUrl: string): Promise<{ session: Session; presented: Presented }> {
  const shown = presented(request);
  if (!shown) throw new ApiError(401, 'SignInRequired', 'You are not signed in: sign in with the code we email you (or your organisation\'s account), or run "govern login".');
  refuseForeignOrigin(request, shown, publicUrl);
  const session = await sessionOf(db, shown.token);
  if (!session)
    throw new ApiError(401, 'SignInRequired', shown.via === 'bearer' ? 'Your sign-in has ended (it was signed out, or it expired): run "govern login" again.' : 'Your sign-in has ended (you signed out, or it expired): sign in again.');
  return { session, presented: shown };
}

/** Clears a browser's session cookie (the session itself is revoked by the caller). */
export const clearSessionCookie = (reply: FastifyReply): FastifyReply => reply.clearCookie(sessionCookie, { path: '/', httpOnly: true, secure: true, sameSite: 'lax' });

/** What a sign-in answers: who, until when, and for the CLI its token (shown once). */
export interface SignedIn {
  readonly personId: string;
  readonly name?: string;
  readonly newAccount: boolean;
  readonly expiresAt: string;
  readonly token?: string;
}

/**
 * Opens a session for `personId`: for a browser, sets its cookie; for the CLI, answers the token.
 */
export async function signIn(
  reply: FastifyReply,
  db: Db,
  policy: SignInPolicy,
  who: { readonly personId: string; readonly name?: string; readonly newAccount: boolean; readonly client: SessionClient; readonly method: SignInMethod },
): Promise<SignedIn> {
  const ttlMs = who.client === 'cli' ? policy.cliTokenMs : policy.browserSessionMs;
  const { token, session } = await openSession(db, { personId: who.personId, client: who.client, method: who.method, ttlMs });
  const answer = { personId: who.personId, ...(who.name ? { name: who.name } : {}), newAccount: who.newAccount, expiresAt: session.expiresAt };
  if (who.client === 'cli') return { ...answer, token };
  void reply.setCookie(sessionCookie, token, { path: '/', httpOnly: true, secure: true, sameSite: 'lax', maxAge: Math.floor(ttlMs / 1000) });
  return answer;
}
