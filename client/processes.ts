/**
 * Sending commands to, and reading, any governance process by its workflow
 * id, with SDK errors turned into errors a person can act on.
 */
import type { Client } from '@temporalio/client';
import type { QueryDefinition } from '@temporalio/common';
import { describeIssues } from '../machines/kernel/schema';
import type { AnyCommand, PayloadOf, Receipt } from '../workflows/host/commands';
import { isTransient, processFinished, readFailure, type FailureSubject } from '../workflows/host/failures';
import { CommandRefused, GovernanceError, InvalidCommand, NotFound } from './errors';
import type { CommandSigner } from '../trust/commandSigner';

/**
 * Where a command goes and who vouches for it: the Temporal client, and the signer whose proof the
 * processes take (the API's, in the server; none in a client that only reads, whose commands are refused).
 */
export interface Door {
  readonly temporal: Client;
  readonly signer?: CommandSigner | undefined;
}

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
 * Sends `command` to the process: by Update, returning its receipt once recorded (what was
 * accepted, the state, the id of anything created); by Signal, returning once the server has it
 * (a refusal then goes to the process's audit log). The payload is typed by the command's schema.
 *
 * @throws InvalidCommand, CommandRefused, Unavailable (transient), OutcomeUnknown (transient), NotFound.
 */
export async function sendCommand<TCommand extends AnyCommand>(
  door: Door,
  ref: ProcessRef,
  workflowId: string,
  command: TCommand,
  payload: PayloadOf<TCommand>,
  via: Delivery = 'update',
): Promise<Receipt | undefined> {
  const client = door.temporal;
  const handle = client.workflow.getHandle(workflowId);
  try {
    // Signed in the name the payload gives (the server has made it the signed-in person's): see trust/commandSigner.ts.
    const by = (payload as { by?: unknown } | undefined)?.by;
    const proof = await door.signer?.sign({ process: workflowId, command: command.name, payload, ...(typeof by === 'string' ? { sender: by } : {}) });
    if (via === 'signal') {
      // Malformed signals are refused here too, so the sender hears it rather than only the audit log.
      const parsed = command.schema.safeParse(payload);
      if (!parsed.success) throw new InvalidCommand(`${command.name}: ${describeIssues(parsed.error)}. Nothing was sent.`);
      await (proof ? handle.signal(command.signal, payload, proof) : handle.signal(command.signal, payload));
      return undefined;
    }
    return (await handle.executeUpdate(command.update, { args: proof ? [payload, proof] : [payload] })) as Receipt;
  } catch (err) {
    throw await explainFailure(client, ref, err, workflowId);
  }
}

/**
 * Sends `command` as `sendCommand` does and, by Update, answers with the process's view as it stands
 * once the command is recorded, read by `query` (an Update answers with a receipt, never the view:
 * every answer stays in the history). By Signal it answers undefined, as `sendCommand` does, and
 * by Update too when the command is recorded but the view cannot be read just now.
 *
 * @throws what `sendCommand` throws, and what `queryProcess` throws that is not transient.
 * @example
 * const view = await sendAndRead(client, ref, 'gr-1', castVote, { by: 'm-ben', choice: 'approve' }, statusQuery);
 */
export async function sendAndRead<TCommand extends AnyCommand, V>(
  door: Door,
  ref: ProcessRef,
  workflowId: string,
  command: TCommand,
  payload: PayloadOf<TCommand>,
  query: QueryDefinition<V, [], string>,
  via: Delivery = 'update',
): Promise<V | undefined> {
  const receipt = await sendCommand(door, ref, workflowId, command, payload, via);
  if (receipt === undefined) return undefined;
  try {
    return await queryProcess(door.temporal, ref, workflowId, query);
  } catch (err) {
    // The command is recorded: the Update said so. A read that fails just now (a worker restarting, the server
    // clearing its buffered queries) must not report it as unconfirmed, or a caller would send it again.
    if (isTransient(err)) return undefined;
    throw err;
  }
}

/** Asks the process a query (works on running and finished processes while a worker runs), with the query's arguments if it takes any. */
export async function queryProcess<V, A extends unknown[] = []>(client: Client, ref: ProcessRef, workflowId: string, query: QueryDefinition<V, A, string>, ...args: A): Promise<V> {
  try {
    return await client.workflow.getHandle(workflowId).query(query, ...args);
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

/**
 * Reads a process another has just started (a product its board registers): asked again every 100 ms
 * while it is not there yet, for up to 5 seconds.
 *
 * @throws NotFound once the 5 seconds are up; whatever else `read` throws, at once.
 */
export async function readOnceStarted<V>(read: () => Promise<V>): Promise<V> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await read();
    } catch (err) {
      if (!(err instanceof NotFound) || attempt >= 50) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
