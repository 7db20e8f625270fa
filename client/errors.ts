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

/** No process has that id. */
export class NotFound extends GovernanceError {
  override name = 'NotFound';
}
