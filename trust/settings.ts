/**
 * Where the command keys are and which keys processes trust. On one machine (npm start) both key files
 * are under the data folder and the worker reads the API's public key from its file. An organisation
 * that runs the API and the workers on different machines gives each its own file
 * (GOVERN_API_KEY_FILE on the API's machine, GOVERN_WORKER_KEY_FILE on every worker's, the same file on
 * each) and tells the workers the API's public key (GOVERN_TRUSTED_API_KEYS).
 */
import { join, resolve } from 'node:path';
import { dataDir } from '../client/settings';
import { keyIdOf, type TrustedKey } from '../workflows/host/proof';
import { keyFromFile, readKeyFile, type KeyFileUse } from './keyFile';
import { commandSigner, type CommandSigner } from './commandSigner';

/** A key file or a trusted key setting that cannot be used; the message names it and says what to do. */
export class CommandKeyError extends Error {
  override name = 'CommandKeyError';
}

export const apiKeyFile = (env: NodeJS.ProcessEnv = process.env): string => resolve(env.GOVERN_API_KEY_FILE?.trim() || join(dataDir(), 'api-key.json'));
export const workerKeyFile = (env: NodeJS.ProcessEnv = process.env): string => resolve(env.GOVERN_WORKER_KEY_FILE?.trim() || join(dataDir(), 'worker-key.json'));

export const apiKeyUse: KeyFileUse = {
  purpose:
    "Signs every command the engine's HTTP API sends in the name of a signed-in person. Only the API's machine needs it; keep it secret. Rotate it with npm run keys:rotate.",
  unusable: (file, why) => new CommandKeyError(`The API's command key file ${file} cannot be used (${why}): restore it from your copy, or point GOVERN_API_KEY_FILE at the right file.`),
};

export const workerKeyUse: KeyFileUse = {
  purpose: "Signs the commands one governance process sends another, in the worker's activities. Every worker needs the same file; keep it secret. Rotate it with npm run keys:rotate.",
  unusable: (file, why) => new CommandKeyError(`The worker's command key file ${file} cannot be used (${why}): restore it from your copy, or point GOVERN_WORKER_KEY_FILE at the right file.`),
};

/** The API's signer: made on first start. */
export const apiSigner = async (env: NodeJS.ProcessEnv = process.env): Promise<CommandSigner> => commandSigner(await keyFromFile(apiKeyFile(env), apiKeyUse), 'people');

/**
 * The API's signer when its key file is on this machine, else undefined: for development use of the
 * client straight against Temporal (the `govern` command's development mode), on the engine's own machine.
 */
export async function localApiSigner(env: NodeJS.ProcessEnv = process.env): Promise<CommandSigner | undefined> {
  const key = await readKeyFile(apiKeyFile(env), apiKeyUse);
  return key ? commandSigner(key, 'people') : undefined;
}

/** What a worker signs with and what the processes it opens trust. */
export interface WorkerTrust {
  /** Signs what a process sends another (the processes key). */
  readonly signer: CommandSigner;
  /** The keys a process opened now trusts: the API's and the worker's. */
  readonly trusted: readonly TrustedKey[];
}

/**
 * The worker's key (made on first start) and the keys processes trust: its own, the API's from
 * GOVERN_TRUSTED_API_KEYS (comma-separated hex public keys) or else from the API's key file on this
 * machine (made here if there is none, so that `npm start` works from nothing).
 *
 * @throws CommandKeyError for an unusable key file or a malformed GOVERN_TRUSTED_API_KEYS.
 */
export async function workerTrust(env: NodeJS.ProcessEnv = process.env): Promise<WorkerTrust> {
  const signer = commandSigner(await keyFromFile(workerKeyFile(env), workerKeyUse), 'processes');
  const listed = env.GOVERN_TRUSTED_API_KEYS?.trim();
  const apiKeys = listed ? listed.split(',').map((k) => trustedApiKey(k.trim())) : [commandSigner(await apiKeyOnThisMachine(env), 'people').trusted];
  // A key rotation under way (trust/rotation.ts): what this worker opens trusts the successors too.
  const successors = await Promise.all([successorOf(workerKeyFile(env), workerKeyUse, 'processes'), listed ? undefined : successorOf(apiKeyFile(env), apiKeyUse, 'people')]);
  return { signer, trusted: [signer.trusted, ...apiKeys, ...successors.filter((k): k is TrustedKey => k !== undefined)] };
}

async function successorOf(file: string, use: KeyFileUse, keyUse: 'people' | 'processes'): Promise<TrustedKey | undefined> {
  const key = await readKeyFile(`${file}.next`, use);
  return key ? commandSigner(key, keyUse).trusted : undefined;
}

async function apiKeyOnThisMachine(env: NodeJS.ProcessEnv) {
  return (await readKeyFile(apiKeyFile(env), apiKeyUse)) ?? keyFromFile(apiKeyFile(env), apiKeyUse);
}

function trustedApiKey(hex: string): TrustedKey {
  if (!/^[0-9a-f]{64}$/.test(hex))
    throw new CommandKeyError(
      `GOVERN_TRUSTED_API_KEYS holds "${hex.slice(0, 80)}", which is not an Ed25519 public key: give the API's public keys as 64 hex digits each, separated by commas (the publicKey in the API's key file), or unset it on a machine that has the API's key file.`,
    );
  return { id: keyIdOf('people', hex), use: 'people', publicKey: hex };
}
