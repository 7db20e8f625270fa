/**
 * The failures that cross the host: one contract for the three layers that meet
 * them. The host creates them (`refused`, `invalidPayload`, `unavailable`) as
 * `ApplicationFailure`s; activities and the client read whatever a Temporal
 * call threw back into one of the named errors below (`readFailure`).
 *
 * Imports only `@temporalio/common`, so workflow code, activities and the
 * client can all import it.
 */
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';

/** The `type` of each `ApplicationFailure` the host throws, as operators see it in the Temporal UI. */
export const FailureType = {
  /** The process will not take the command: its rules or its state say no. Final: the same command gets the same answer. */
  refused: 'Refused',
  /** The command's payload does not parse. Final. */
  invalidPayload: 'InvalidPayload',
  /** The command needs a fact another process holds, and that process did not answer. Transient: try again later. */
  unavailable: 'Unavailable',
} as const;

export type FailureType = (typeof FailureType)[keyof typeof FailureType];

/** A refusal, in words the sender can act on. Nothing was recorded. */
export const refused = (message: string): ApplicationFailure => ApplicationFailure.create({ type: FailureType.refused, message, nonRetryable: true });

/** A payload the command's schema rejects, saying what is wrong with it. Nothing was recorded. */
export const invalidPayload = (message: string): ApplicationFailure =>
  ApplicationFailure.create({ type: FailureType.invalidPayload, message, nonRetryable: true });

/** The command could not be checked now (another process did not answer); retryable, and nothing was recorded. */
export const unavailable = (message: string): ApplicationFailure => ApplicationFailure.create({ type: FailureType.unavailable, message, nonRetryable: false });

const create: Record<FailureType, (message: string) => ApplicationFailure> = { Refused: refused, InvalidPayload: invalidPayload, Unavailable: unavailable };

/** The failure of that type, for a host that decided the type earlier (`{ type: FailureType.refused, refusal }`). */
export const failureOf = (type: FailureType, message: string): ApplicationFailure => create[type](message);

/**
 * Every error the engine's callers are told about. `transient` says whether the same command may
 * succeed later: true for `Unavailable` and `OutcomeUnknown`, false for the others.
 */
export class GovernanceError extends Error {
  override name = 'GovernanceError';
  readonly transient: boolean = false;
}

/** The process refused the command (not a member, already voted, voting closed…). Nothing changed; sending it again gets the same answer. */
export class CommandRefused extends GovernanceError {
  override name = 'CommandRefused';
}

/** The payload was malformed (a missing field, an unknown choice). Nothing changed. */
export class InvalidCommand extends GovernanceError {
  override name = 'InvalidCommand';
}

/**
 * The process could not check the command now: a fact it needs is held by another process that
 * did not answer (the board, say). Nothing changed; try again later.
 */
export class Unavailable extends GovernanceError {
  override name = 'Unavailable';
  override readonly transient = true;
}

/**
 * Temporal did not confirm the command either way (the server or the worker went away while it
 * was in flight). It may or may not be recorded; sending it again is safe, because a process
 * refuses a repeated command as already recorded.
 */
export class OutcomeUnknown extends GovernanceError {
  override name = 'OutcomeUnknown';
  override readonly transient = true;
}

/** No process has that id. */
export class NotFound extends GovernanceError {
  override name = 'NotFound';
}

/** What a call was for, in the words an error message needs: `{ noun: 'gate review', id: 'gr-1', hint: 'List the reviews with…' }`. */
export interface FailureSubject {
  readonly noun: string;
  readonly id: string;
  /** What to do when there is no such process. */
  readonly hint?: string;
}

/** True when trying again later may succeed. */
export const isTransient = (err: unknown): boolean => err instanceof GovernanceError && err.transient;

/** The server's answer to a message for a process that has finished. */
export const processFinished = (err: unknown): boolean => err instanceof Error && /already completed/i.test(err.message);

/**
 * Reads an error a Temporal call threw (a `WorkflowUpdateFailedError` or `WorkflowFailedError` with the
 * host's `ApplicationFailure` as cause, the failure itself, a `WorkflowNotFoundError`, a gRPC error…)
 * back into the named error it means; undefined when it is none of them (a bug, a cancellation:
 * let it propagate). A failure of a type the host does not name is the process saying no.
 *
 * @example
 * try { await handle.executeUpdate(requestGate.update, { args: [payload] }); }
 * catch (err) { const failure = readFailure(err); if (!(failure instanceof CommandRefused)) throw failure ?? err; }
 */
export function readFailure(err: unknown, subject?: FailureSubject): GovernanceError | undefined {
  if (err instanceof GovernanceError) return err;
  const cause = err instanceof Error ? err.cause : undefined;
  const failure = err instanceof ApplicationFailure ? err : cause instanceof ApplicationFailure ? cause : undefined;
  if (failure) {
    const options = { cause: err };
    if (failure.type === FailureType.invalidPayload) return new InvalidCommand(failure.message, options);
    if (failure.type === FailureType.unavailable) return new Unavailable(failure.message, options);
    return new CommandRefused(failure.message, options);
  }
  const what = subject ? `the ${subject.noun} ${subject.id}` : 'the process';
  // The server answers a message for a finished process as "not found … already completed".
  if (processFinished(err)) return new CommandRefused(`${capitalised(what)} has finished; nothing was recorded.`, { cause: err });
  if (err instanceof WorkflowNotFoundError || (isGrpcError(err) && (err.code === GRPC_NOT_FOUND || /not found/i.test(err.message))))
    return new NotFound(subject ? `No ${subject.noun} ${subject.id}.${subject.hint ? ` ${subject.hint}` : ''}` : err.message, { cause: err });
  const grpc = isGrpcError(err) ? err : isGrpcError(cause) ? cause : undefined;
  // The process's last step failed and Temporal is retrying it (a worker starved of CPU, a bug being fixed):
  // nothing was recorded, and the same command may succeed once the step goes through.
  if (grpc && grpc.code === GRPC_FAILED_PRECONDITION && /workflow task in failed state/i.test(grpc.details || grpc.message))
    return new Unavailable(`${capitalised(what)} cannot take commands just now: its last step failed and is being retried (operators see why in the Temporal UI). Nothing was recorded; try again in a minute.`, { cause: err });
  if (grpc && (grpc.code === GRPC_UNAVAILABLE || grpc.code === GRPC_DEADLINE_EXCEEDED))
    return new OutcomeUnknown(
      `Temporal did not confirm whether ${what} took the command (${grpc.details || grpc.message}). Send it again: a repeated command is refused as already recorded, so it cannot count twice.`,
      { cause: err },
    );
  return undefined;
}

// gRPC status codes (grpc.status), kept here so that this module needs no gRPC package.
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_NOT_FOUND = 5;
const GRPC_FAILED_PRECONDITION = 9;
const GRPC_UNAVAILABLE = 14;

interface GrpcError extends Error {
  readonly code: number;
  readonly details: string;
}

/** The shape `@temporalio/client`'s `isGrpcServiceError` checks for, with the status code. */
const isGrpcError = (err: unknown): err is GrpcError =>
  err instanceof Error && 'details' in err && typeof err.details === 'string' && 'code' in err && typeof err.code === 'number';

const capitalised = (words: string) => words.charAt(0).toUpperCase() + words.slice(1);
