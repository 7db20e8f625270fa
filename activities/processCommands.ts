/**
 * Commands one process sends another. Workflow code holds no key, so it cannot sign: the worker's
 * activities sign with the processes key, in the name of the workflow that runs the activity (from
 * the activity's own context, which the workflow cannot choose), and send. The receiving process
 * takes the command only from the one process that may send it (ProcessDefinition.fromProcesses).
 */
import { createHash } from 'node:crypto';
import { ApplicationFailure, Context, getClient } from '@temporalio/activity';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { CommandProof } from '../workflows/host/proof';
import type { OutgoingSignal } from '../workflows/host/processDefinition';
import type { CommandSigner } from '../trust/commandSigner';

/**
 * A proof, in the name of the workflow running this activity, for `command` to `process`. Dated now, or
 * by the server's clock when that is ahead (the time-skipping test server's runs ahead of ours).
 * `stableNonce` keeps one nonce across the activity's retries, for a command that must be taken once.
 */
export function proofFromThisWorkflow(signer: CommandSigner, process: string, command: string, payload: unknown, options: { readonly stableNonce?: boolean } = {}): Promise<CommandProof> {
  const { info } = Context.current();
  if (!info.workflowExecution) throw new Error(`${command} is sent by a process, and this activity runs outside any workflow`);
  const at = new Date(Math.max(Date.now(), info.currentAttemptScheduledTimestampMs));
  const { workflowExecution } = info;
  const nonce = options.stableNonce ? createHash('sha256').update(`${workflowExecution.runId}/${info.activityId}`).digest('hex').slice(0, 32) : undefined;
  return signer.sign({ process, command, payload, sender: workflowExecution.workflowId, at, ...(nonce ? { nonce } : {}) });
}

/**
 * Sends the Signal a process's machine emitted, signed. A retry after a lost answer carries the same
 * nonce, so the other process takes it once; a process that is no longer there is not retried.
 */
export async function sendSignedCommand(signer: CommandSigner, outgoing: OutgoingSignal, client: Client = getClient()): Promise<void> {
  const proof = await proofFromThisWorkflow(signer, outgoing.workflowId, outgoing.signal, outgoing.payload, { stableNonce: true });
  try {
    await client.workflow.getHandle(outgoing.workflowId).signal(outgoing.signal, outgoing.payload, proof);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw ApplicationFailure.nonRetryable(`There is no running process ${outgoing.workflowId} to send ${outgoing.signal} to.`, 'NotFound');
    throw err;
  }
}
