/**
 * The key that signs the register's heads. It lives in a file outside the database (under the data
 * folder, or GOVERN_REGISTER_KEY_FILE), made on first start, so that whoever can write the database
 * still cannot make a head that verifies. The public key is stored with every head.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as ed from '@noble/ed25519';
import { sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { writeJsonOnce } from '../activities/jsonFiles';
import { headMessage, type SignedHead } from './chain';

// @noble/ed25519 is dependency-free and asks for SHA-512 to sign and verify synchronously.
ed.hashes.sha512 = sha512;

/** Signs heads; knows its public key. */
export interface HeadSigner {
  /** Hex of the Ed25519 public key. */
  readonly publicKey: string;
  /** Hex of the signature of `{ seq, hash }`. */
  sign(head: { readonly seq: number; readonly hash: string }): string;
}

/** What the key file holds. */
interface KeyFile {
  readonly algorithm: 'Ed25519';
  readonly purpose: string;
  readonly secretKey: string;
  readonly publicKey: string;
  readonly createdAt: string;
}

/** The key file is missing or unusable; the message names it and says what to do. */
export class RegisterKeyError extends Error {
  override name = 'RegisterKeyError';
}

const signerOf = (secretKey: Uint8Array): HeadSigner => {
  const publicKey = bytesToHex(ed.getPublicKey(secretKey));
  return { publicKey, sign: (head) => bytesToHex(ed.sign(headMessage(head), secretKey)) };
};

/** A signer from a fresh key, kept in memory only (tests, and verifying that signing works). */
export const ephemeralSigner = (): HeadSigner => signerOf(ed.utils.randomSecretKey());

/**
 * The signer whose key is in `file`, making the key (readable by its owner only) when there is none.
 * Two processes starting at once make one key: the file is linked into place, which fails if it exists.
 *
 * @throws RegisterKeyError when the file exists but holds no Ed25519 key.
 * @example
 * const signer = await signerFromKeyFile('.data/register-key.json');
 */
export async function signerFromKeyFile(file: string): Promise<HeadSigner> {
  const existing = await readKey(file);
  if (existing) return existing;
  const secretKey = ed.utils.randomSecretKey();
  const key: KeyFile = {
    algorithm: 'Ed25519',
    purpose: 'Signs the heads of the insight-governance decision register. Keep it secret and keep a copy: heads signed with a lost key still verify, but no new ones can be made with it.',
    secretKey: bytesToHex(secretKey),
    publicKey: bytesToHex(ed.getPublicKey(secretKey)),
    createdAt: new Date().toISOString(),
  };
  await mkdir(dirname(file), { recursive: true });
  // Written once: a second process starting at the same moment keeps the first one's.
  await writeJsonOnce(file, key, { mode: 0o600 });
  return (await readKey(file))!;
}

async function readKey(file: string): Promise<HeadSigner | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const key = JSON.parse(text) as Partial<KeyFile>;
    if (key.algorithm !== 'Ed25519' || !/^[0-9a-f]{64}$/.test(key.secretKey ?? '')) throw new Error('no Ed25519 secret key');
    return signerOf(hexToBytes(key.secretKey!));
  } catch (err) {
    throw new RegisterKeyError(
      `The register's signing key file ${file} cannot be used (${(err as Error).message}): restore it from your copy, or point GOVERN_REGISTER_KEY_FILE at the right file.`,
    );
  }
}

/**
 * Whether a head's signature is its public key's signature of `{ seq, hash }`. Never throws: a
 * malformed key or signature is simply not valid.
 *
 * @example
 * if (!verifyHeadSignature(head)) console.log(`head ${head.seq} was not signed by ${head.publicKey}`);
 */
export function verifyHeadSignature(head: Pick<SignedHead, 'seq' | 'hash' | 'publicKey' | 'signature'>): boolean {
  try {
    if (!/^[0-9a-f]{128}$/.test(head.signature) || !/^[0-9a-f]{64}$/.test(head.publicKey)) return false;
    return ed.verify(hexToBytes(head.signature), headMessage(head), hexToBytes(head.publicKey));
  } catch {
    return false;
  }
}
