/**
 * Rotating a command key without stopping anything. Every running process holds the keys it trusts
 * (workflows/host/trust.ts) and changes them only by a recorded `rotateKeys`, signed by a key of the
 * same use; a process opened later gets the keys from its worker's files. So a rotation is two steps,
 * each followed by restarting what reads the files:
 *
 * 1. `begin`: a new key is made beside the current one (`<file>.next`); every running process is told,
 *    in a command signed by the current key, to trust it too. Restart the workers: they read both files,
 *    so what they open trusts both.
 * 2. `finish`: the new key takes the file's place (the old one kept as `<file>.retired-<date>`); every
 *    running process is told, in a command signed by the new key, to stop trusting the old one. Restart
 *    the API and the workers: they sign with the new key, and what they open trusts it alone.
 */
import { rename } from 'node:fs/promises';
import type { Client } from '@temporalio/client';
import { rotateKeys } from '../workflows/host/trust';
import type { KeyUse, TrustedKey } from '../workflows/host/proof';
import { readFailure } from '../workflows/host/failures';
import { TASK_QUEUE } from '../workflows/taskQueue';
import { commandSigner, type CommandSigner } from './commandSigner';
import { keyFromFile, readKeyFile } from './keyFile';
import { CommandKeyError, apiKeyFile, apiKeyUse, workerKeyFile, workerKeyUse } from './settings';

/** What one step did: the processes that took it, and those that refused, with why. */
export interface RotationReport {
  readonly rotated: readonly string[];
  readonly refused: readonly { readonly workflowId: string; readonly why: string }[];
}

/** The key file of `use`, and where its successor waits. */
export const keyFiles = (use: KeyUse, env: NodeJS.ProcessEnv = process.env) => {
  const file = use === 'people' ? apiKeyFile(env) : workerKeyFile(env);
  return { file, next: `${file}.next`, keyUse: use === 'people' ? apiKeyUse : workerKeyUse };
};

/**
 * Step 1: makes the successor key (once: begun again, it keeps the one made) and has every running
 * process trust it, in the current key's name.
 */
export async function beginRotation(client: Client, use: KeyUse, env: NodeJS.ProcessEnv = process.env): Promise<RotationReport & { readonly added: TrustedKey }> {
  const { file, next, keyUse } = keyFiles(use, env);
  const current = await readKeyFile(file, keyUse);
  if (!current) throw new CommandKeyError(`There is no key at ${file} to rotate: a key is made by the first start of the engine.`);
  const added = commandSigner(await keyFromFile(next, keyUse), use).trusted;
  return { added, ...(await tellEveryProcess(client, commandSigner(current, use), { add: [added], retire: [] })) };
}

/**
 * Step 2: puts the successor in the key file's place, keeping the old key beside it, and has every
 * running process stop trusting the old key, in the new key's name.
 */
export async function finishRotation(client: Client, use: KeyUse, env: NodeJS.ProcessEnv = process.env, now = new Date()): Promise<RotationReport & { readonly retired: string }> {
  const { file, next, keyUse } = keyFiles(use, env);
  const [current, successor] = [await readKeyFile(file, keyUse), await readKeyFile(next, keyUse)];
  if (!current || !successor) throw new CommandKeyError(`No rotation of ${file} has begun (there is no ${next}): begin one first.`);
  const retired = commandSigner(current, use).trusted.id;
  await rename(file, `${file}.retired-${now.toISOString().replace(/[:.]/g, '-')}`);
  await rename(next, file);
  return { retired, ...(await tellEveryProcess(client, commandSigner(successor, use), { add: [], retire: [retired] })) };
}

/** Sends the rotation to every running process on the engine's task queue; a process that refuses is reported, not fatal. */
async function tellEveryProcess(client: Client, signer: CommandSigner, change: { readonly add: readonly TrustedKey[]; readonly retire: readonly string[] }): Promise<RotationReport> {
  const rotated: string[] = [];
  const refused: { workflowId: string; why: string }[] = [];
  for await (const info of client.workflow.list({ query: `ExecutionStatus = 'Running' AND TaskQueue = '${TASK_QUEUE}'` })) {
    const payload = { add: [...change.add], retire: [...change.retire] };
    try {
      const proof = await signer.sign({ process: info.workflowId, command: rotateKeys.name, payload });
      await client.workflow.getHandle(info.workflowId).executeUpdate(rotateKeys.update, { args: [payload, proof] });
      rotated.push(info.workflowId);
    } catch (err) {
      refused.push({ workflowId: info.workflowId, why: (readFailure(err, { noun: 'process', id: info.workflowId }) ?? (err as Error)).message });
    }
  }
  return { rotated, refused };
}
