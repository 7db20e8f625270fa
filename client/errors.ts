/**
 * The errors the governance client throws. A `CommandRefused` is the engine
 * saying no for a reason the person can act on; the others say the command
 * never reached a process.
 */
export class GovernanceError extends Error {
  override name = 'GovernanceError';
}

/** The process refused the command (not a member, already voted, voting closed…). Nothing changed. */
export class CommandRefused extends GovernanceError {
  override name = 'CommandRefused';
}

/** The payload was malformed (a missing field, an unknown choice). Nothing changed. */
export class InvalidCommand extends GovernanceError {
  override name = 'InvalidCommand';
}

/**
 * Temporal did not confirm the command either way (the server or the worker went away while it
 * was in flight). It may or may not be recorded; sending it again is safe, because a process
 * refuses a repeated command as already recorded.
 */
export class OutcomeUnknown extends GovernanceError {
  override name = 'OutcomeUnknown';
}

/** No process has that id. */
export class NotFound extends GovernanceError {
  override name = 'NotFound';
}

/** The command line was incomplete or malformed; nothing was sent. `govern` exits 2 for it. */
export class UsageError extends Error {
  override name = 'UsageError';
}
