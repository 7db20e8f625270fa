/**
 * What a process trusts, and its verdict on a command's proof (see proof.ts): the keys it takes
 * signatures from, and the nonces it has seen within a proof's lifetime. Pure and deterministic: the
 * host keeps one per run, changes it only in handlers (which replay), and carries it to the next run.
 */
import { z } from 'zod';
import { describeIssues } from '../../machines/kernel/schema';
import { commandsFor, type AnyCommand, type Receipt } from './commands';
import {
  PROOF_CLOCK_SKEW_MS,
  PROOF_LIFETIME_MS,
  REMEMBERED_NONCES,
  proofMessage,
  proofSchema,
  signatureHolds,
  trustedKeySchema,
  type CommandProof,
  type KeyUse,
  type TrustedKey,
} from './proof';

/**
 * What a run is given and carries on: the keys, the nonces seen lately (`[nonce, when signed in ms]`), and
 * the horizon: no proof signed before it is taken (set when a full memory forgot a nonce).
 */
export interface Trust {
  readonly keys: readonly TrustedKey[];
  readonly seen?: readonly (readonly [string, number])[];
  readonly horizon?: number;
}

export const trustSchema = z.strictObject({
  keys: z.array(trustedKeySchema).min(1).max(16),
  seen: z.array(z.tuple([z.string().max(64), z.number()])).max(REMEMBERED_NONCES).optional(),
  horizon: z.number().optional(),
});

/** A proof that holds: who it names, by which kind of key, and the nonce to remember once it is used. */
export interface Proven {
  readonly sender?: string;
  readonly use: KeyUse;
  readonly key: string;
  readonly nonce: string;
  readonly at: number;
}

/** What the host asks about a command's sender beyond its proof: the process that alone may send it, for a command processes send. */
export interface ProofContext {
  readonly workflowId: string;
  readonly command: AnyCommand;
  readonly payload: unknown;
  readonly proof: unknown;
  /** Workflow time. */
  readonly now: Date;
  /** The workflow id of the process that may send this command, when a process sends it (see ProcessDefinition.fromProcesses). */
  readonly expectedProcess?: string;
}

const nothing = 'Nothing was recorded.';

/** Rotates the keys a process trusts; signed by a key of the same use as every key it adds or retires. */
export const rotateKeysSchema = z.strictObject({
  add: z.array(trustedKeySchema).max(4).default([]),
  retire: z.array(z.string().max(40)).max(4).default([]),
});

/**
 * The host's own command, answered by every process: a recorded change of the keys it trusts. The
 * organisation's operator sends it (trust/rotateKeys.ts) signed by the key being replaced, adding its
 * successor; and later again, signed by the successor, retiring the old one.
 */
export const rotateKeys = commandsFor<Receipt>()('rotateKeys', 'keys.rotated', rotateKeysSchema, { senders: 'peopleAndProcesses' });

export class CommandTrust {
  private keys: TrustedKey[];
  private readonly seen = new Map<string, number>();
  /** No proof signed before this is taken: a nonce that old may have been forgotten. */
  private horizon = Number.NEGATIVE_INFINITY;
  /** The last signature checked and its verdict: the validator and then the handler of one Update check the same proof. */
  private lastChecked: { readonly signature: string; readonly publicKey: string; readonly message: Uint8Array; readonly holds: boolean } | undefined;

  constructor(trust: Trust) {
    this.keys = [...trust.keys];
    for (const [nonce, at] of trust.seen ?? []) this.seen.set(nonce, at);
    if (trust.horizon !== undefined) this.horizon = trust.horizon;
  }

  get trustedKeys(): readonly TrustedKey[] {
    return this.keys;
  }

  /**
   * Whether the command's proof holds: a proof of the right shape, for this process and this command,
   * by a key it trusts and of the kind this command takes, recent, never seen before, whose signature
   * holds, and naming the sender the payload names (people) or the one process that may send it
   * (processes). Changes nothing; `remember` the nonce once the command is handled.
   */
  check(context: ProofContext): { readonly proven: Proven } | { readonly refusal: string } {
    const { command, workflowId, payload, now } = context;
    const name = command.name;
    if (context.proof === undefined || context.proof === null)
      return {
        refusal: `${name} carries no proof of who sent it, so it was refused. Commands reach a process only through the engine's API (the govern command or the portal), which signs them in the name of whoever is signed in. ${nothing}`,
      };
    const parsed = proofSchema.safeParse(context.proof);
    if (!parsed.success) return { refusal: `${name} was refused: its proof is malformed (${describeIssues(parsed.error)}). ${nothing}` };
    const proof: CommandProof = parsed.data;
    if (proof.process !== workflowId) return { refusal: `${name} was refused: its proof was made for another process (${proof.process}), not ${workflowId}. ${nothing}` };
    if (proof.command !== name) return { refusal: `${name} was refused: its proof was made for another command (${proof.command}). ${nothing}` };
    const key = this.keys.find((k) => k.id === proof.key);
    if (!key) return { refusal: `${name} was refused: it was signed by a key this process does not trust (${proof.key}). ${nothing}` };
    const kindRefusal = kindOf(command, key.use);
    if (kindRefusal) return { refusal: `${name} was refused: ${kindRefusal}. ${nothing}` };
    const at = Date.parse(proof.at);
    if (at < now.getTime() - PROOF_LIFETIME_MS || at < this.horizon)
      return { refusal: `${name} was refused: its proof is too old (signed at ${proof.at}; a proof lasts ${PROOF_LIFETIME_MS / 86_400_000} days). Send the command again. ${nothing}` };
    if (at > now.getTime() + PROOF_CLOCK_SKEW_MS) return { refusal: `${name} was refused: its proof is dated in the future (${proof.at}); check the clock of the machine that signed it. ${nothing}` };
    if (this.seen.has(proof.nonce)) return { refusal: `${name} was refused: this very command was received before (its proof's nonce ${proof.nonce} was used), so it is a replay. ${nothing}` };
    if (!this.holds(proof, payload, key)) return { refusal: `${name} was refused: its signature does not match the command and the key ${key.id}, so it was forged or altered on the way. ${nothing}` };
    const senderRefusal = key.use === 'people' ? personRefusal(proof, payload) : processRefusal(command, proof, context.expectedProcess);
    if (senderRefusal) return { refusal: `${name} was refused: ${senderRefusal}. ${nothing}` };
    return { proven: { ...(proof.sender !== undefined ? { sender: proof.sender } : {}), use: key.use, key: key.id, nonce: proof.nonce, at } };
  }

  /** Remembers a used nonce, and forgets those whose proofs are too old to be taken anyway. */
  remember(proven: Proven, now: Date): void {
    this.seen.set(proven.nonce, proven.at);
    // Remembered in the order taken, which is nearly the order signed: forget from the front while too old to be taken anyway.
    const oldest = now.getTime() - PROOF_LIFETIME_MS;
    for (const [nonce, at] of this.seen) {
      if (at >= oldest) break;
      this.seen.delete(nonce);
    }
    if (this.seen.size <= REMEMBERED_NONCES) return;
    // Full: forget the first taken, and take nothing signed before it from now on.
    const [forgotten, at] = this.seen.entries().next().value!;
    this.seen.delete(forgotten);
    this.horizon = Math.max(this.horizon, at + 1);
  }

  /**
   * Why a key rotation signed by a key of `use` cannot be made, or undefined: it adds and retires keys
   * of that use only, retires only keys it trusts, and leaves at least one key of that use.
   */
  rotationRefusal(change: z.output<typeof rotateKeysSchema>, use: KeyUse): string | undefined {
    const other = [...change.add.map((k) => k.use), ...change.retire.map((id) => this.keys.find((k) => k.id === id)?.use ?? use)].find((u) => u !== use);
    if (other) return `a ${use} key may add and retire only ${use} keys, not ${other} keys`;
    const unknown = change.retire.find((id) => !this.keys.some((k) => k.id === id));
    if (unknown) return `${unknown} is not a key this process trusts`;
    const after = this.keysAfter(change);
    if (!after.some((k) => k.use === use)) return `it would leave no ${use} key: add the new key first, and retire the old one after`;
    if (after.length > 16) return 'a process trusts at most 16 keys: retire one first';
    return undefined;
  }

  /** Applies a rotation `rotationRefusal` allowed. */
  rotate(change: z.output<typeof rotateKeysSchema>): void {
    this.keys = this.keysAfter(change);
  }

  /** What the next run of this process is given: the keys, and the nonces still within a proof's lifetime. */
  carried(now: Date): Trust {
    const oldest = now.getTime() - PROOF_LIFETIME_MS;
    return { keys: [...this.keys], seen: [...this.seen].filter(([, at]) => at >= oldest), ...(Number.isFinite(this.horizon) ? { horizon: this.horizon } : {}) };
  }

  /** What a child process is given: the keys only (it has seen no command yet). */
  forChild(): Trust {
    return { keys: [...this.keys] };
  }

  private keysAfter(change: z.output<typeof rotateKeysSchema>): TrustedKey[] {
    const kept = this.keys.filter((k) => !change.retire.includes(k.id));
    return [...kept, ...change.add.filter((k) => !kept.some((held) => held.id === k.id))];
  }

  private holds(proof: CommandProof, payload: unknown, key: TrustedKey): boolean {
    const message = proofMessage(proof, payload);
    const last = this.lastChecked;
    if (last?.signature === proof.signature && last.publicKey === key.publicKey && sameBytes(last.message, message)) return last.holds;
    const holds = signatureHolds(proof.signature, message, key.publicKey);
    this.lastChecked = { signature: proof.signature, publicKey: key.publicKey, message, holds };
    return holds;
  }
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((byte, i) => byte === b[i]);

/** Why a key of `use` may not sign `command`, or undefined. */
function kindOf(command: AnyCommand, use: KeyUse): string | undefined {
  if (command.senders === 'processes' && use === 'people') return `only another process of the engine sends ${command.name}, and this was signed for a person`;
  if (command.senders === 'people' && use === 'processes') return `${command.name} is sent by people, through the engine's API, and this was signed by a process`;
  return undefined;
}

/** A person's command names its sender as the proof does: the API signs only in the name of whoever is signed in. */
function personRefusal(proof: CommandProof, payload: unknown): string | undefined {
  const by = typeof payload === 'object' && payload !== null ? (payload as { by?: unknown }).by : undefined;
  if (by === undefined) return undefined;
  if (by !== proof.sender) return `it names ${String(by).slice(0, 100)} as its sender, but was signed for ${proof.sender ?? 'an anonymous person'}`;
  return undefined;
}

/** A process's command comes from the one process that may send it. */
function processRefusal(command: AnyCommand, proof: CommandProof, expected: string | undefined): string | undefined {
  if (command.name === rotateKeys.name) return undefined;
  if (expected === undefined) return `no process may send ${command.name} here`;
  if (proof.sender !== expected) return `only ${expected} may send ${command.name} here, and this came from ${proof.sender ?? 'no process'}`;
  return undefined;
}
