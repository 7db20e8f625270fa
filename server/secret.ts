/**
 * The server's own secret: 32 random bytes in a file outside the database (under the data folder, or
 * GOVERN_SERVER_SECRET_FILE), made on first start, readable by its owner only. From it the server
 * derives a key per use: one for hashing sign-in codes and addresses (so that whoever reads the
 * database can neither read a code nor tell which address asked), one for signing its cookies.
 * Several servers behind one address share the file. The key that will sign commands (issue 14's
 * next part) is a key of its own, not this one.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeJsonOnce } from '../activities/jsonFiles';

/** The secret file is unreadable or holds no secret; the message names it and says what to do. */
export class ServerSecretError extends Error {
  override name = 'ServerSecretError';
}

/** Keys derived from the secret, one per purpose. */
export interface ServerKeys {
  /** HMAC-SHA-256 of `value` under the sign-in key, as hex. */
  signInHash(value: string): string;
  /** The secret @fastify/cookie signs cookies with. */
  readonly cookieSecret: string;
}

const derive = (secret: Buffer, purpose: string) => createHmac('sha256', secret).update(`insight-governance/${purpose}`).digest();

/** The keys of `secret` (32 bytes). */
export function keysOf(secret: Buffer): ServerKeys {
  const signIn = derive(secret, 'sign-in');
  return {
    signInHash: (value) => createHmac('sha256', signIn).update(value).digest('hex'),
    cookieSecret: derive(secret, 'cookies').toString('base64url'),
  };
}

/**
 * The keys from the secret in `file`, making the secret (mode 0600) when there is none. Two servers
 * starting at once make one secret: the file is linked into place, which fails if it exists.
 *
 * @throws ServerSecretError when the file exists but holds no secret.
 * @example
 * const keys = await serverKeysFromFile('.data/server-secret.json');
 */
export async function serverKeysFromFile(file: string): Promise<ServerKeys> {
  const existing = await readSecret(file);
  if (existing) return keysOf(existing);
  const content = {
    purpose: 'The insight-governance server secret: sign-in codes and addresses are hashed with it, and its cookies signed. Keep it secret; replacing it signs everyone out of their browsers and voids codes under way.',
    secret: randomBytes(32).toString('base64url'),
    createdAt: new Date().toISOString(),
  };
  await mkdir(dirname(file), { recursive: true });
  // Written once: a second process starting at the same moment keeps the first one's.
  await writeJsonOnce(file, content, { mode: 0o600 });
  return keysOf((await readSecret(file))!);
}

async function readSecret(file: string): Promise<Buffer | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ServerSecretError(`Cannot read the server secret ${file} (${(err as Error).message}): give the engine's user read access to it, or set GOVERN_SERVER_SECRET_FILE to another file.`);
  }
  let secret: unknown;
  try {
    secret = (JSON.parse(text) as { secret?: unknown }).secret;
  } catch {
    secret = undefined;
  }
  const bytes = typeof secret === 'string' && /^[A-Za-z0-9_-]{43}$/.test(secret) ? Buffer.from(secret, 'base64url') : undefined;
  if (bytes?.length !== 32)
    throw new ServerSecretError(`The server secret ${file} holds no secret (32 bytes, base64url, in "secret"): restore it from your copy, or remove it to make a new one (everyone is signed out of their browsers).`);
  return bytes;
}
