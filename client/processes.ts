/**
 * Sending commands to, and reading, any governance process by its workflow
 * id, with SDK errors turned into errors a person can act on.
 */
import type { Client } from '@temporalio/client';
import type { QueryDefinition } from '@temporalio/common';
import type { z } from 'zod';
import { describeIssues } from '../machines/kernel/schema';
import type { AnyCommand, Command, PayloadOf } from '../workflows/host/commands';
import { processFinished, readFailure, type FailureSubject } from '../workflows/host/failures';
import { CommandRefused, GovernanceError, InvalidCommand, NotFound } from './errors';

/** How a command travels: an Update waits for the verdict; a Signal is fire-and-forget. */
export type Delivery = 'update' | 'signal';

/** Which process a call was for, in the words an error message needs. */
export interface ProcessRef extends FailureSubject {
  /** "gate review", "product", "board", "meeting". */
  readonly noun: string;
  readonly id: string;
  /** What to do when there is no such process. */
  readonly hint: string;
}

/**
 * Sends `command` to the process: by Update, returning its view once recorded; by Signal,
 * returning once the server has it (a refusal then goes to the process's audit log).
 * The payload is typed by the command's schema, the answer by the view it is declared with.
 *
 * @throws InvalidCommand, CommandRefused, Unavailable (transient), OutcomeUnknown (transient), NotFound.
 */
export async function sendCommand<TCommand extends AnyCommand, V>(
  client: Client,
  ref: ProcessRef,
  workflowId: string,
  command: TCommand & Command<string, string, z.ZodType, V>,
  payload: PayloadOf<TCommand>,
  via: Delivery = 'update',
): Promise<V | undefined> {
  const handle = client.workflow.getHandle(workflowId);
  try {
    if (via === 'signal') {
      // Malformed signals are refused here too, so the sender hears it rather than only the audit log.
      const parsed = command.schema.safeParse(payload);
      if (!parsed.success) throw new InvalidCommand(`${command.name}: ${describeIssues(parsed.error)}. Nothing was sent.`);
      await handle.signal(command.signal, payload);
      return undefined;
    }
    return await handle.executeUpdate(command.update, { args: [payload] });
  } catch (err) {
    throw await explainFailure(client, ref, err, workflowId);
  }
}

/** Asks the process a query (works on running and finished processes while a worker runs). */
export async function queryProcess<V>(client: Client, ref: ProcessRef, workflowId: string, query: QueryDefinition<V, [], string>): Promise<V> {
  try {
    return await client.workflow.getHandle(workflowId).query(query);
  } catch (err) {
    throw await explainFailure(client, ref, err, workflowId);
  }
}

/**
 * Turns an SDK error into one a person can act on (see `readFailure`); a message to a process that
 * has finished is refused with when it closed. Errors that are none of the named ones come back as they are.
 */
export async function explainFailure(client: Client, ref: ProcessRef, err: unknown, workflowId: string = ref.id): Promise<Error> {
  if (err instanceof GovernanceError) return err;
  const failure = readFailure(err, ref);
  if (failure instanceof NotFound || processFinished(err)) {
    const closed = await closedProcess(client, ref, workflowId);
    if (closed) return new CommandRefused(closed, { cause: err });
  }
  return failure ?? (err instanceof Error ? err : new GovernanceError(String(err)));
}

/** A sentence for a process that exists but has finished, or undefined when it does not exist. */
async function closedProcess(client: Client, ref: ProcessRef, workflowId = ref.id): Promise<string | undefined> {
  try {
    const description = await client.workflow.getHandle(workflowId).describe();
    if (description.status.name === 'RUNNING') return undefined;
    const at = description.closeTime?.toISOString() ?? 'an earlier time';
    return `The ${ref.noun} ${ref.id} closed at ${at} (${description.status.name.toLowerCase()}); nothing was recorded. Read its outcome with "govern status ${ref.id}" or "govern register".`;
  } catch {
    return undefined;
  }
}
