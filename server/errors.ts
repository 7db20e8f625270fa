/**
 * What the API answers when it says no: an HTTP status and `{ error, message }`, the error a short
 * name a program can test, the message a sentence a member of the public can act on (what happened,
 * what to do), never a stack or a library's words.
 */
import { CommandRefused, GovernanceError, InvalidCommand, NotFound, OutcomeUnknown, Unavailable } from '../client/errors';
import { ProcessStopped } from '../client/recovery';

/** A refusal the API sends as it is. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    /** A short name, e.g. "CodeWrong", "SignInRequired". */
    readonly error: string,
    message: string,
    /** Headers to send with it, e.g. Retry-After. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/** The body of every refusal. */
export interface ErrorBody {
  readonly error: string;
  readonly message: string;
}

/** How long until `until`, in words: "in 14 minutes", "in 1 minute", "in a few seconds". */
export function inWords(until: Date, now: Date = new Date()): string {
  const minutes = Math.ceil((until.getTime() - now.getTime()) / 60_000);
  if (minutes <= 0) return 'in a few seconds';
  if (minutes < 90) return `in ${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(minutes / 60);
  return `in ${hours} hours`;
}

/** A length of time in words: "10 minutes", "1 minute", "30 seconds". */
export function duration(ms: number): string {
  if (ms < 60_000) {
    const seconds = Math.max(1, Math.round(ms / 1000));
    return `${seconds} second${seconds === 1 ? '' : 's'}`;
  }
  const minutes = Math.round(ms / 60_000);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/** Seconds until `until`, for Retry-After (at least 1). */
export const secondsUntil = (until: Date, now: Date = new Date()): string => String(Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000)));

/** Fastify's own refusals (the body could not be read), in plain words. */
export function fromFramework(err: { code?: string; statusCode?: number }): ApiError | undefined {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError(413, 'TooLarge', 'What you sent is too long for the engine to read; send less (each request is at most 16 KB).');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError(415, 'NotJson', 'The engine reads requests in JSON: send the body with Content-Type: application/json.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiError(400, 'InvalidInput', 'The request said it carried JSON but had nothing in it: send the fields this request needs as a JSON object.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ApiError(400, 'InvalidInput', 'The request could not be read as JSON: check its quotes, commas and braces.');
    default:
      if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500)
        return new ApiError(err.statusCode, 'InvalidRequest', 'The engine could not read this request; check what you sent against the README and try again.');
      return undefined;
  }
}

/**
 * The engine's own refusals (client/errors.ts, the host's failure contract), as the API answers them:
 * the engine's sentence as it is, under the error's own name, so a client can tell them apart as the
 * GovernanceClient's callers do. A refusal by the rules is 409 (the same request gets the same answer
 * until something changes), a malformed command 400, no such process 404, and a process that could
 * not answer now 503 (try again).
 */
export function fromEngine(err: unknown): ApiError | undefined {
  if (!(err instanceof GovernanceError)) return undefined;
  if (err instanceof CommandRefused) return new ApiError(409, 'CommandRefused', err.message);
  if (err instanceof InvalidCommand) return new ApiError(400, 'InvalidCommand', err.message);
  if (err instanceof NotFound) return new ApiError(404, 'NotFound', err.message);
  if (err instanceof Unavailable) return new ApiError(503, 'Unavailable', err.message, { 'retry-after': '5' });
  // A long-lived board that stopped: its sentence says how to bring it back.
  if (err instanceof ProcessStopped) return new ApiError(409, 'ProcessStopped', err.message);
  if (err instanceof OutcomeUnknown) return new ApiError(503, 'OutcomeUnknown', err.message, { 'retry-after': '5' });
  // Another of the engine's errors (a stopped process, an unreachable Temporal): its sentence says what to do.
  return new ApiError(503, err.name, err.message);
}
