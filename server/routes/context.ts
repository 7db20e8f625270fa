/**
 * What every route is given: the database, the server's keys and settings, how codes are sent, the
 * boards to ask for roles, the identity provider if there is one, the numbers of signing in, and the
 * engine's client with the board files, for people's commands.
 */
import type { BoardConfig } from '../../client/boardConfig';
import type { GovernanceClient } from '../../client/governanceClient';
import type { InitiativeConfigInput } from '../../machines/initiativeBoard/schema';
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Db } from '../../store/database';
import type { BoardRosters } from '../roles';
import { ApiError } from '../errors';
import { presented } from '../session';
import type { ServerKeys } from '../secret';
import type { ServerSettings } from '../settings';
import type { CodeSender } from '../signIn/codeMail';
import type { OidcSignIn } from '../signIn/oidc';
import type { ClientLimit, SignInPolicy } from '../signIn/policy';

export interface ServerContext {
  readonly settings: ServerSettings;
  readonly db: Db;
  readonly keys: ServerKeys;
  readonly codes: CodeSender;
  readonly boards: BoardRosters;
  readonly oidc?: OidcSignIn;
  readonly policy: SignInPolicy;
  /** The engine's client, acting for the person signed in; absent on a server that only signs people in. */
  readonly governance?: GovernanceClient;
  /** The board files that found the boards, read when a board is opened (and for its founding roster). */
  readonly boardFiles?: { readonly product?: () => BoardConfig; readonly initiative?: () => InitiativeConfigInput };
}

/** A route's per-client limit, as @fastify/rate-limit reads it from the route's config. */
export const limitOf = (limit: ClientLimit) => ({ rateLimit: { max: limit.max, timeWindow: limit.windowMs } });

/**
 * A route's extra limit on what is sent without a sign-in (`policy.perClient.anonymousPosts`), on top of
 * the server's limit for every request (which has already run for the request, so this one counts in
 * its own store rather than as a second route limit, which @fastify/rate-limit would skip). A person
 * signed in (a credential presented, which the route then checks) is not counted; a malformed
 * credential is, as it will be refused.
 */
export function anonymousLimit(app: FastifyInstance, limit: ClientLimit): preHandlerAsyncHookHandler {
  const signedIn = (request: FastifyRequest) => {
    try {
      return presented(request) !== undefined;
    } catch {
      return false;
    }
  };
  const count = app.createRateLimit({ max: limit.max, timeWindow: limit.windowMs, allowList: signedIn, keyGenerator: (request) => `anonymous ${request.ip}` });
  return async (request) => {
    const counted = await count(request);
    if (counted.isAllowed || !counted.isExceeded) return;
    const minutes = Math.max(1, Math.ceil(counted.ttlInSeconds / 60));
    throw new ApiError(429, 'TooManyRequests', `Too many requests from your network address were sent without signing in: wait and try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or sign in first.`);
  };
}
