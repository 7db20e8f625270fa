/**
 * What every route is given: the database, the server's keys and settings, how codes are sent, the
 * boards to ask for roles, the identity provider if there is one, the numbers of signing in, and the
 * engine's client with the board files, for people's commands.
 */
import type { BoardConfig } from '../../client/boardConfig';
import type { GovernanceClient } from '../../client/governanceClient';
import type { InitiativeConfigInput } from '../../machines/initiativeBoard/schema';
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
  /** The engine's client, acting for the person signed in; absent on a server that only signs people in. */
  readonly governance?: GovernanceClient;
  /** The board files that found the boards, read when a board is opened (and for its founding roster). */
  readonly boardFiles?: { readonly product?: () => BoardConfig; readonly initiative?: () => InitiativeConfigInput };
}

/** A route's per-client limit, as @fastify/rate-limit reads it from the route's config. */
export const limitOf = (limit: ClientLimit) => ({ rateLimit: { max: limit.max, timeWindow: limit.windowMs } });
