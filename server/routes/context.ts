/**
 * What every route is given: the database, the server's keys and settings, how codes are sent, the
 * boards to ask for roles, the identity provider if there is one, and the numbers of signing in.
 */
import type { Db } from '../../store/database';
import type { BoardRosters } from '../roles';
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
}

/** A route's per-client limit, as @fastify/rate-limit reads it from the route's config. */
export const limitOf = (limit: ClientLimit) => ({ rateLimit: { max: limit.max, timeWindow: limit.windowMs } });
