/**
 * The errors the governance client throws. A `CommandRefused` is the engine
 * saying no for a reason the person can act on; `Unavailable` and
 * `OutcomeUnknown` are transient (`err.transient`: try again); the others say
 * the command never reached a process. They are the host's failure contract
 * (workflows/host/failures.ts), shared with the activities.
 *
 * @example
 * try { await governance.send(reviewId, 'castVote', vote); }
 * catch (err) { if (err instanceof CommandRefused) console.error(err.message); else if (isTransient(err)) retryLater(); else throw err; }
 */
export { CommandRefused, GovernanceError, InvalidCommand, isTransient, NotFound, OutcomeUnknown, Unavailable } from '../workflows/host/failures';

/** The command line was incomplete or malformed; nothing was sent. `govern` exits 2 for it. */
export class UsageError extends Error {
  override name = 'UsageError';
}
