/**
 * A command's arguments as the API sends them: the payload and its proof, signed by the test's API key
 * in the name the payload gives. For tests that drive a process with a plain Temporal handle.
 */
import type { GovernanceClient } from '../../client/governanceClient';
import type { AnyCommand, PayloadOf } from '../../workflows/host/commands';
import type { CommandProof } from '../../workflows/host/proof';

export async function signedArgs<TCommand extends AnyCommand>(governance: GovernanceClient, workflowId: string, command: TCommand, payload: PayloadOf<TCommand>): Promise<[PayloadOf<TCommand>, CommandProof]> {
  if (!governance.signer) throw new Error('This governance client signs nothing: give it the test trust’s API signer');
  const by = (payload as { by?: unknown }).by;
  return [payload, await governance.signer.sign({ process: workflowId, command: command.name, payload, ...(typeof by === 'string' ? { sender: by } : {}) })];
}
