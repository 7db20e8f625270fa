/**
 * Who sends a person's command: the signed-in person, and no one else. The API fills a command's
 * `by` from the session, never from the request, so a payload naming someone else is refused; a
 * command anyone may send (a public submission, a harm report: their schema lets `by` be left out)
 * goes without a session as anonymous, and with one in the person's name.
 */
import type { FastifyRequest } from 'fastify';
import { anyoneMaySend, namesSender } from '../client/processKinds';
import type { Db } from '../store/database';
import type { AnyCommand } from '../workflows/host/commands';
import { ApiError } from './errors';
import { presented, requireSession } from './session';

/** The person signed in on `request`, or undefined when it shows no sign-in (a sign-in shown must be live). */
export async function signedInOrAnonymous(request: FastifyRequest, db: Db, publicUrl: string): Promise<string | undefined> {
  if (!presented(request)) return undefined;
  return (await requireSession(request, db, publicUrl)).session.personId;
}

/**
 * `payload` with `by` set to the person signed in, or left out for an anonymous sender of a command anyone may send.
 *
 * @throws ApiError 403 NotYourName (the payload names another sender), 401 SignInRequired (the command needs a sign-in).
 * @example
 * const payload = inSendersName(castVote, { choice: 'approve' }, 'm-ben'); // { choice: 'approve', by: 'm-ben' }
 */
export function inSendersName(command: AnyCommand, payload: Readonly<Record<string, unknown>>, personId: string | undefined): Record<string, unknown> {
  const named = payload.by;
  if (personId === undefined) {
    if (!anyoneMaySend(command)) throw new ApiError(401, 'SignInRequired', `${command.name} is sent by a signed-in person: sign in with the code we email you (or your organisation's account), or run "govern login".`);
    if (named !== undefined)
      throw new ApiError(401, 'SignInRequired', `You are not signed in, so the engine cannot send ${command.name} in anyone's name: sign in first, or leave "by" out to send it anonymously.`);
    return { ...payload };
  }
  if (named !== undefined && named !== personId)
    throw new ApiError(403, 'NotYourName', `You are signed in as ${personId}; the engine records what you send in your name only. Leave "by" out (the engine fills it in), or sign in as ${String(named).slice(0, 100)}.`);
  return namesSender(command) ? { ...payload, by: personId } : { ...payload };
}
