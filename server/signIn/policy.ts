/**
 * The numbers of signing in, in one place: how long a code works, how many wrong tries before a wait,
 * how many codes an address and requests a client may have, how long a session lasts. A test may
 * give others (a code that lasts a second); the engine runs with these.
 */
import type { CodeRules } from '../../store/signInCodes';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** Requests one client (an address on the network) may make in a time window, per route. */
export interface ClientLimit {
  readonly max: number;
  readonly windowMs: number;
}

export interface SignInPolicy extends CodeRules {
  readonly perClient: {
    /** Asking for codes, whatever the address. */
    readonly codeRequests: ClientLimit;
    /** Trying codes, whatever the address. */
    readonly codeTries: ClientLimit;
    /** Starting a sign-in at the identity provider. */
    readonly oidcStarts: ClientLimit;
    /** Every other request. */
    readonly api: ClientLimit;
    /**
     * Sending without signing in (a submission or a harm report, from the portal's forms or the API),
     * on top of `api`: what anyone may send unknown must not flood the secretariat's triage.
     */
    readonly anonymousPosts: ClientLimit;
  };
  readonly browserSessionMs: number;
  readonly cliTokenMs: number;
  /** How long a sign-in at the identity provider may take, from leaving to coming back. */
  readonly oidcTransactionMs: number;
}

export const signInPolicy: SignInPolicy = {
  codeTtlMs: 10 * MINUTE,
  maxWrong: 5,
  // At least the window: the wrong tries that began a wait are out of the count when it ends.
  waitMs: 15 * MINUTE,
  maxCodes: 3,
  windowMs: 15 * MINUTE,
  perClient: {
    codeRequests: { max: 10, windowMs: 15 * MINUTE },
    codeTries: { max: 30, windowMs: 15 * MINUTE },
    oidcStarts: { max: 30, windowMs: 15 * MINUTE },
    api: { max: 300, windowMs: MINUTE },
    anonymousPosts: { max: 10, windowMs: 15 * MINUTE },
  },
  browserSessionMs: 14 * DAY,
  cliTokenMs: 90 * DAY,
  oidcTransactionMs: 10 * MINUTE,
};
