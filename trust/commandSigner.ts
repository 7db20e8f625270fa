/**
 * Signing commands (see workflows/host/proof.ts for what a proof is and why). The engine's HTTP API
 * holds the people key and signs what a signed-in person sends, in their name; the worker holds the
 * processes key and signs, in its activities, what one process sends another, in the sending workflow's
 * name. Nobody else holds either key, so nobody else can make a command a process takes.
 */
import { randomBytes } from 'node:crypto';
import * as ed from '@noble/ed25519';
import { bytesToHex } from '@noble/hashes/utils.js';
import { keyIdOf, proofMessage, type CommandProof, type KeyUse, type TrustedKey } from '../workflows/host/proof';
import type { Ed25519Key } from './keyFile';

/** What is signed: the command, for which process, and who sends it. */
export interface Signable {
  readonly process: string;
  readonly command: string;
  readonly payload: unknown;
  /** The person (people key) or the sending workflow (processes key); absent for an anonymous person. */
  readonly sender?: string;
  /** When it is signed, if not by the signer's clock. */
  readonly at?: Date;
  /** The nonce, if not a fresh random one: a command sent again after a lost answer keeps its nonce, so the process takes it once. */
  readonly nonce?: string;
}

export interface CommandSigner {
  /** The public key processes must trust to take what this signs. */
  readonly trusted: TrustedKey;
  sign(what: Signable): Promise<CommandProof>;
}

/**
 * A signer with `key` for commands of `use`, dating its proofs by `clock` (the Temporal server's time
 * when it differs from this machine's, as on the time-skipping test server).
 *
 * @example
 * const signer = commandSigner(await keyFromFile(apiKeyFile(), apiKeyUse), 'people');
 * const proof = await signer.sign({ process: 'gr-1', command: 'castVote', payload, sender: 'm-ben' });
 */
export function commandSigner(key: Ed25519Key, use: KeyUse, clock: () => Date | Promise<Date> = () => new Date()): CommandSigner {
  const trusted: TrustedKey = { id: keyIdOf(use, key.publicKey), use, publicKey: key.publicKey };
  return {
    trusted,
    async sign({ process, command, payload, sender, at, nonce }) {
      const unsigned = {
        v: 1 as const,
        key: trusted.id,
        ...(sender !== undefined ? { sender } : {}),
        process,
        command,
        at: (at ?? (await clock())).toISOString(),
        nonce: nonce ?? randomBytes(16).toString('hex'),
      };
      // Signed as Temporal will carry it: through JSON, which drops what is undefined.
      const carried: unknown = payload === undefined ? undefined : JSON.parse(JSON.stringify(payload));
      return { ...unsigned, signature: bytesToHex(ed.sign(proofMessage(unsigned, carried), key.secretKey)) };
    },
  };
}
