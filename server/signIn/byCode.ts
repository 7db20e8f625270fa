/**
 * Signing in by a code sent by email (as Loomio does), for both doors that offer it: the API's
 * JSON routes and the portal's forms. Asking sends a code to an address; giving it back finds the
 * account (an address nobody has yet becomes a new one: a member of the public signing up). The
 * rules against guessing are store/signInCodes.ts's; each refusal says what happened and what to do.
 */
import { z } from 'zod';
import { nameText } from '../../machines/kernel/schema';
import { emailAddress } from '../../mail/address';
import { accountForAddress, AddressShared } from '../../store/accounts';
import { recordCode, tryCode } from '../../store/signInCodes';
import { ApiError, duration, inWords, secondsUntil } from '../errors';
import type { ServerContext } from '../routes/context';
import { SendFailed } from './codeMail';
import { addressHashOf, codeHashOf, makeCode, normaliseCode } from './codes';

export const codeRequest = z.strictObject({ email: emailAddress });

/** The six digits as people type them ("123 456", "123-456"). */
export const typedCode = z
  .string({ error: 'the code is required: the six digits in the message we sent' })
  .max(40, 'the code is the six digits in the message we sent')
  .transform(normaliseCode)
  .pipe(z.string().regex(/^\d{6}$/, 'the code is the six digits in the message we sent'));

export const codeGiven = z.strictObject({
  email: emailAddress,
  code: typedCode,
  name: nameText('your name').optional(),
});

/** What asking for a code answers. */
export interface CodeSent {
  readonly email: string;
  readonly expiresAt: string;
  readonly message: string;
}

/**
 * Sends a new code to `email`.
 *
 * @throws ApiError 429 MustWait / TooManyCodes (with Retry-After), 503 MailUnavailable.
 */
export async function sendCode(context: Pick<ServerContext, 'db' | 'keys' | 'codes' | 'policy'>, email: string): Promise<CodeSent> {
  const { db, keys, codes, policy } = context;
  const addressHash = addressHashOf(keys, email);
  const code = makeCode();
  const kept = await recordCode(db, { addressHash, codeHash: codeHashOf(keys, addressHash, code) }, policy);
  if (!kept.recorded) {
    const retry = { 'retry-after': secondsUntil(kept.until) };
    if (kept.why === 'waiting')
      throw new ApiError(429, 'MustWait', `Too many wrong codes were tried for this address, so no code can be sent to it for now. Try again ${inWords(kept.until)}.`, retry);
    throw new ApiError(429, 'TooManyCodes', `We have sent ${policy.maxCodes} codes to this address in the last ${duration(policy.windowMs)}. Use the latest one, or ask for another ${inWords(kept.until)}.`, retry);
  }
  try {
    await codes.send(email, code, duration(policy.codeTtlMs));
  } catch (err) {
    if (!(err instanceof SendFailed)) throw err;
    throw new ApiError(503, 'MailUnavailable', `We could not send the code just now (${err.message}). Try again in a few minutes.`);
  }
  return { email, expiresAt: kept.expiresAt.toISOString(), message: `We sent a code to ${email}. It works once, for ${duration(policy.codeTtlMs)}.` };
}

/** Whose the code was: the account it signs in, and whether it was made just now. */
export interface CodeOwner {
  readonly personId: string;
  readonly name?: string;
  readonly newAccount: boolean;
}

/**
 * The account `given.code` signs in, once the code is checked (it is used up by this).
 *
 * @throws ApiError 401 CodeWrong / CodeExpired / NoCode, 429 MustWait, 409 AddressShared.
 */
export async function checkCode(context: Pick<ServerContext, 'db' | 'keys' | 'policy'>, given: z.output<typeof codeGiven>): Promise<CodeOwner> {
  const { db, keys, policy } = context;
  const addressHash = addressHashOf(keys, given.email);
  const tried = await tryCode(db, { addressHash, codeHash: codeHashOf(keys, addressHash, given.code) }, policy);
  switch (tried.outcome) {
    case 'wrong':
      throw new ApiError(401, 'CodeWrong', `That is not the code we sent last to ${given.email}. ${tried.triesLeft} ${tried.triesLeft === 1 ? 'try' : 'tries'} left before you must wait.`);
    case 'nowWaiting':
    case 'waiting':
      throw new ApiError(
        429,
        'MustWait',
        `${tried.outcome === 'nowWaiting' ? 'That code was wrong too many times, so the codes sent to this address no longer work.' : 'Too many wrong codes were tried for this address.'} Wait, then ask for a new code ${inWords(tried.until)}.`,
        { 'retry-after': secondsUntil(tried.until) },
      );
    case 'expired':
      throw new ApiError(401, 'CodeExpired', `That code has expired: a code works for ${duration(policy.codeTtlMs)}. Ask for a new one.`);
    case 'none':
      throw new ApiError(401, 'NoCode', `No code is waiting for ${given.email} (it was used already, or none was sent). Ask for a new one.`);
    case 'right':
      break;
  }
  try {
    const { account, created } = await accountForAddress(db, given.email, given.name ? { name: given.name } : {});
    return { personId: account.personId, ...(account.name ? { name: account.name } : {}), newAccount: created };
  } catch (err) {
    if (err instanceof AddressShared) throw new ApiError(409, 'AddressShared', err.message);
    throw err;
  }
}
