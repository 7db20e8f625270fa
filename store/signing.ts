/**
 * The key that signs the register's heads. It lives in a file outside the database (under the data
 * folder, or GOVERN_REGISTER_KEY_FILE), made on first start, so that whoever can write the database
 * still cannot make a head that verifies. The public key is stored with every head.
 */
import * as ed from '@noble/ed25519';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { ephemeralKey, keyFromFile, type Ed25519Key } from '../trust/keyFile';
import { headMessage, type SignedHead } from './chain';

/** Signs heads; knows its public key. */
export interface HeadSigner {
  /** Hex of the Ed25519 public key. */
  readonly publicKey: string;
  /** Hex of the signature of `{ seq, hash }`. */
  sign(head: { readonly seq: number; readonly hash: string }): string;
}

/** The key file is missing or unusable; the message names it and says what to do. */
export class RegisterKeyError extends Error {
  override name = 'RegisterKeyError';
}

const signerOf = ({ secretKey, publicKey }: Ed25519Key): HeadSigner => ({ publicKey, sign: (head) => bytesToHex(ed.sign(headMessage(head), secretKey)) });

/** A signer from a fresh key, kept in memory only (tests, and verifying that signing works). */
export const ephemeralSigner = (): HeadSigner => signerOf(ephemeralKey());

/**
 * The signer whose key is in `file`, making the key (readable by its owner only) when there is none.
 *
 * @throws RegisterKeyError when the file exists but holds no Ed25519 key.
 * @example
 * const signer = await signerFromKeyFile('.data/register-key.json');
 */
export async function signerFromKeyFile(file: string): Promise<HeadSigner> {
  return signerOf(
    await keyFromFile(file, {
      purpose: 'Signs the heads of the insight-governance decision register. Keep it secret and keep a copy: heads signed with a lost key still verify, but no new ones can be made with it.',
      unusable: (path, why) =>
        new RegisterKeyError(`The register's signing key file ${path} cannot be used (${why}): restore it from your copy, or point GOVERN_REGISTER_KEY_FILE at the right file.`),
    }),
  );
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
