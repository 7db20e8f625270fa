/**
 * Making and checking one-time codes: six digits from the system's secure random source, kept only as
 * an HMAC under the server's key, bound to the address it was sent to (so a code is no use for any
 * other address), the address itself kept as its HMAC too.
 */
import { randomInt } from 'node:crypto';
import type { ServerKeys } from '../secret';

/** Six digits, leading zeros kept. */
export const makeCode = (): string => String(randomInt(0, 1_000_000)).padStart(6, '0');

/** The address as the sign-in tables know it: the HMAC of its lowercase form. */
export const addressHashOf = (keys: ServerKeys, email: string): string => keys.signInHash(`address:${email.trim().toLowerCase()}`);

/** The code as it is kept: its HMAC with the address's. */
export const codeHashOf = (keys: ServerKeys, addressHash: string, code: string): string => keys.signInHash(`code:${addressHash}:${code}`);

/** A code as people type it ("123 456", "123-456") reduced to its digits. */
export const normaliseCode = (typed: string): string => typed.replace(/[\s-]/g, '');
