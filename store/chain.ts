/**
 * The register's hash chain and signed heads as pure functions, shared by the store that makes them
 * and by `govern register verify`, which checks an export offline with no database.
 *
 * An entry's hash is the SHA-256 of the RFC 8785 canonical JSON of everything it says except the hash
 * itself: its place (`seq`), its id, kind and publication time, the record, and the previous entry's
 * hash. A head is `{ seq, hash }` of the latest entry, signed.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import canonicalize from 'canonicalize';
import type { RegisteredRecord } from './records';

/** What the first entry chains to. */
export const GENESIS_HASH = '0'.repeat(64);

/** An entry as the register chains it and an export carries it. */
export interface ChainEntry<R = RegisteredRecord> {
  readonly seq: number;
  readonly decisionId: string;
  readonly kind: string;
  readonly publishedAt: string;
  readonly record: R;
  readonly prevHash: string;
  readonly hash: string;
}

/** The register's head at one publication, signed with Ed25519 by the key outside the database. */
export interface SignedHead {
  readonly seq: number;
  readonly hash: string;
  /** Hex of the 32-byte Ed25519 public key that checks `signature`. */
  readonly publicKey: string;
  /** Hex of the 64-byte signature of `headMessage({ seq, hash })`. */
  readonly signature: string;
  readonly signedAt: string;
}

function canonical(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('Only JSON values can be canonicalised');
  return text;
}

/** RFC 8785 canonical JSON of an entry, without its hash. */
export function canonicalEntry(entry: Omit<ChainEntry<unknown>, 'hash'>): string {
  const { seq, decisionId, kind, publishedAt, record, prevHash } = entry;
  return canonical({ seq, decisionId, kind, publishedAt, record, prevHash });
}

/**
 * The SHA-256 (hex) of an entry's canonical form.
 *
 * @example
 * const hash = entryHash({ seq: 1, decisionId: 'gr-1', kind: 'gateReview', publishedAt, record, prevHash: GENESIS_HASH });
 */
export const entryHash = (entry: Omit<ChainEntry<unknown>, 'hash'>): string => bytesToHex(sha256(utf8ToBytes(canonicalEntry(entry))));

/** The bytes a head's signature is over: the canonical JSON of `{ seq, hash }`. */
export const headMessage = (head: { readonly seq: number; readonly hash: string }): Uint8Array => utf8ToBytes(canonical({ seq: head.seq, hash: head.hash }));

/** A JSON value as it comes back from jsonb: what is hashed must be what is stored (no undefined, no functions). */
export const asJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
