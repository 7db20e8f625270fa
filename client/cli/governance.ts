/**
 * What `govern`'s handlers call: one interface, two implementations, chosen once in ./run.ts. Normally
 * the engine's HTTP API (../apiGovernance.ts), as the person `govern login` signed in; in development
 * mode (GOVERN_DEV=1) the GovernanceClient straight to Temporal, with the sender named by --as, as the
 * time-skipping tests and scripts/recordHistories.ts drive it.
 */
import type { GovernanceClient } from '../governanceClient';
import type { InitiativeClient } from '../initiativeClient';
import { UsageError } from '../errors';
import { required } from './args';

/** The initiative board, as the handlers use it. */
export type InitiativeDoor = Pick<InitiativeClient, 'boardId' | 'status' | 'command' | 'submit' | 'follow' | 'register' | 'open' | 'recover'>;

/** The engine, as the handlers use it. */
export interface Governance
  extends Pick<
    GovernanceClient,
    | 'boardStatus'
    | 'openBoard'
    | 'recoverBoard'
    | 'boardCommand'
    | 'registerProduct'
    | 'product'
    | 'requestGate'
    | 'closeCondition'
    | 'send'
    | 'status'
    | 'listReviews'
    | 'reportHarm'
    | 'harmReport'
    | 'harmWatch'
    | 'harmCommand'
    | 'dueReviews'
    | 'meeting'
    | 'recordAttendance'
    | 'agenda'
    | 'audit'
    | 'notifications'
    | 'readRegister'
  > {
  initiative(): InitiativeDoor;
}

/** How `govern` runs: through the API (the normal way) or straight to Temporal (development). */
export type Mode = 'api' | 'dev';

/** Development mode is asked for by GOVERN_DEV=1 (or true, yes). */
export const modeOf = (env: NodeJS.ProcessEnv = process.env): Mode => (/^(1|true|yes)$/i.test(env.GOVERN_DEV?.trim() ?? '') ? 'dev' : 'api');

/** Who acts on a command line. */
export interface Identity {
  readonly mode: Mode;
  /** The person a command is sent as (`role` names whose id it must be); a usage or sign-in error when there is none. */
  actor(values: { readonly as?: string | undefined }, role: string): string;
  /** The person a command anyone may send goes as, or undefined for anonymous. */
  sender(values: { readonly as?: string | undefined }): string | undefined;
}

/** Development mode: --as says who acts (anyone can claim anyone: the server is not asked). */
export const devIdentity: Identity = {
  mode: 'dev',
  actor: (values, role) => required(values, 'as', `your ${role} id (development mode: GOVERN_DEV=1)`),
  sender: (values) => values.as,
};

/**
 * Through the API: the person `govern login` signed in, as the server will check; --as is refused,
 * since the server records what you send in your own name only. `signedIn` is undefined when no one is.
 */
export function apiIdentity(signedIn: string | undefined, notSignedIn: () => Error): Identity {
  const noAs = (values: { readonly as?: string | undefined }) => {
    if (values.as !== undefined)
      throw new UsageError(`--as is for development mode only (GOVERN_DEV=1); through the engine's server you act as ${signedIn ?? 'the person "govern login" signs in'}: drop --as.`);
  };
  return {
    mode: 'api',
    actor(values) {
      noAs(values);
      if (signedIn === undefined) throw notSignedIn();
      return signedIn;
    },
    sender(values) {
      noAs(values);
      return signedIn;
    },
  };
}
