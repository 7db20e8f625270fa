/**
 * The proof a command carries of who sent it, and how a process checks it.
 *
 * Anyone who can reach the Temporal namespace can send a process any Signal or Update. So a command
 * counts only with a proof: an Ed25519 signature, by a key the process trusts, over what the command
 * is (its name, its payload, the process it is meant for), who sent it, when, and a nonce. People's
 * commands are signed by the engine's HTTP API, which alone holds the people key and signs only what a
 * signed-in person sends, in their name; commands between processes are signed by the worker's
 * activities, in the sending workflow's name, with the processes key. The process verifies the proof in
 * workflow code, before the machine sees the event: deterministically (pure-JS Ed25519 from
 * @noble/ed25519, since the workflow sandbox has no `crypto`), so a replay decides as the run did.
 *
 * This module is the one source of the proof's shape and of the bytes signed: the signers
 * (trust/commandSigner.ts) import it too.
 */
import canonicalize from 'canonicalize';
import * as ed from '@noble/ed25519';
import { sha512 } from '@noble/hashes/sha2.js';
import { hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';

// @noble/ed25519 is dependency-free and asks for SHA-512 to verify synchronously.
ed.hashes.sha512 = sha512;

/** Which commands a key may sign: people's (the API's key) or processes' (the worker's key). */
export type KeyUse = 'people' | 'processes';

/** A public key a process trusts, by its id. */
export interface TrustedKey {
  /** `api-…` or `worker-…`: its use and the start of its public key (see `keyIdOf`). */
  readonly id: string;
  readonly use: KeyUse;
  /** Hex of the Ed25519 public key. */
  readonly publicKey: string;
}

/** A key's id: its use and the first 16 hex digits of its public key, enough to tell keys apart in an audit. */
export const keyIdOf = (use: KeyUse, publicKey: string): string => `${use === 'people' ? 'api' : 'worker'}-${publicKey.slice(0, 16)}`;

/** What a command carries besides its payload, as the command's second argument. */
export interface CommandProof {
  readonly v: 1;
  /** The id of the key that signed it. */
  readonly key: string;
  /** Who sent it: the signed-in person's id (people), the sending workflow's id (processes), absent for an anonymous person. */
  readonly sender?: string;
  /** The workflow id of the process it is meant for. */
  readonly process: string;
  readonly command: string;
  /** When it was signed (ISO 8601), by the signer's clock. */
  readonly at: string;
  /** Never used twice: a proof seen before is a replay. */
  readonly nonce: string;
  /** Hex of the Ed25519 signature of `proofMessage`. */
  readonly signature: string;
}

/**
 * A proof is old once this long after it was signed, and a process remembers the nonces it saw for as
 * long. A week, not minutes: a Signal sent while no worker runs waits in Temporal and is taken up when a
 * worker is back, dated then; a command signed more than a week before it is taken is refused (and kept
 * in the audit, so that whoever sent it can send it again).
 */
export const PROOF_LIFETIME_MS = 7 * 86_400_000;
/**
 * The most nonces a process remembers. Past it, the oldest is forgotten and no proof signed before it is
 * taken any more: the window shrinks rather than a replay becoming possible.
 */
export const REMEMBERED_NONCES = 20_000;
/** How far ahead of the process's clock a proof may be dated: clocks of the API's machine and of Temporal differ a little. */
export const PROOF_CLOCK_SKEW_MS = 2 * 60_000;

const hex = (bytes: number) => z.string().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`));
const id = z.string().min(1).max(200);

/** The shape of a proof, bounded: a malformed one is refused before anything is verified. */
export const proofSchema = z.strictObject({
  v: z.literal(1),
  key: id,
  sender: id.optional(),
  process: id,
  command: z.string().min(1).max(100),
  at: z.iso.datetime(),
  nonce: z.string().regex(/^[0-9A-Za-z_-]{16,64}$/),
  signature: hex(64),
});

/** A trusted key's shape, for the keys a process is given and the rotation command. */
export const trustedKeySchema = z.strictObject({
  id: z.string().regex(/^(api|worker)-[0-9a-f]{16}$/),
  use: z.enum(['people', 'processes']),
  publicKey: hex(32),
});

/**
 * The bytes a proof signs: a fixed prefix (so that no other signature of the same key, a register head
 * say, can pass for a command's) and the RFC 8785 canonical JSON of everything the proof says and the
 * payload as sent (after JSON, as Temporal carries it).
 */
export function proofMessage(proof: Omit<CommandProof, 'signature'>, payload: unknown): Uint8Array {
  const { v, key, sender, process, command, at, nonce } = proof;
  const signed = { v, key, ...(sender !== undefined ? { sender } : {}), process, command, at, nonce, payload: payload ?? null };
  return utf8ToBytes(`insight-governance command proof\n${canonicalize(signed)}`);
}

/** Whether `signature` is `publicKey`'s signature of `message`; never throws. */
export function signatureHolds(signature: string, message: Uint8Array, publicKey: string): boolean {
  try {
    return ed.verify(hexToBytes(signature), message, hexToBytes(publicKey));
  } catch {
    return false;
  }
}
