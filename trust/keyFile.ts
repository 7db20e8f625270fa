/**
 * Ed25519 keys kept in files outside the database, one per purpose (the register's heads, the API's
 * commands, the worker's commands): made on first start, readable by their owner only, never rewritten.
 * Whoever can write the database or the Temporal namespace still cannot sign with them.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as ed from '@noble/ed25519';
import { sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { writeJsonOnce } from '../activities/jsonFiles';

// @noble/ed25519 is dependency-free and asks for SHA-512 to sign and verify synchronously.
ed.hashes.sha512 = sha512;

/** A key read from its file. */
export interface Ed25519Key {
  readonly secretKey: Uint8Array;
  /** Hex of the public key. */
  readonly publicKey: string;
}

/** What the file holds. */
interface KeyFile {
  readonly algorithm: 'Ed25519';
  readonly purpose: string;
  readonly secretKey: string;
  readonly publicKey: string;
  readonly createdAt: string;
}

/** How a key file is named in messages, and what it is for. */
export interface KeyFileUse {
  /** Written into a new file, for whoever finds it: what the key signs and what to do with it. */
  readonly purpose: string;
  /** The error to throw when the file exists but holds no usable key: its message names the file and the setting. */
  readonly unusable: (file: string, why: string) => Error;
}

/** A key from a fresh secret, kept in memory only (tests, and checking that signing works). */
export function ephemeralKey(): Ed25519Key {
  const secretKey = ed.utils.randomSecretKey();
  return { secretKey, publicKey: bytesToHex(ed.getPublicKey(secretKey)) };
}

/**
 * The key in `file`, making it (mode 0600) when there is none. Two processes starting at once make one
 * key: the file is linked into place, which fails if it exists.
 *
 * @throws what `use.unusable` makes, when the file exists but holds no Ed25519 key.
 * @example
 * const key = await keyFromFile('.data/api-key.json', apiKeyUse);
 */
export async function keyFromFile(file: string, use: KeyFileUse): Promise<Ed25519Key> {
  const existing = await readKeyFile(file, use);
  if (existing) return existing;
  const { secretKey, publicKey } = ephemeralKey();
  const key: KeyFile = { algorithm: 'Ed25519', purpose: use.purpose, secretKey: bytesToHex(secretKey), publicKey, createdAt: new Date().toISOString() };
  await mkdir(dirname(file), { recursive: true });
  // Written once: a second process starting at the same moment keeps the first one's.
  await writeJsonOnce(file, key, { mode: 0o600 });
  return (await readKeyFile(file, use))!;
}

/** The key in `file`, or undefined when there is no such file. */
export async function readKeyFile(file: string, use: KeyFileUse): Promise<Ed25519Key | undefined> {
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
    const secretKey = hexToBytes(key.secretKey!);
    return { secretKey, publicKey: bytesToHex(ed.getPublicKey(secretKey)) };
  } catch (err) {
    throw use.unusable(file, (err as Error).message);
  }
}
