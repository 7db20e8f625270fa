/**
 * Sending commands to, and reading, any governance process by its workflow
 * id, with SDK errors turned into errors a person can act on.
 */
import {
  WorkflowFailedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  isGrpcServiceError,
  type Client,
} from '@temporalio/client';
import { ApplicationFailure, type QueryDefinition } from '@temporalio/common';
import type { z } from 'zod';
import { describeIssues } from '../machines/kernel/schema';
import type { Command } from '../workflows/host/commands';
import { CommandRefused, GovernanceError, InvalidCommand, NotFound, OutcomeUnknown } from './errors';

/** How a command travels: an Update waits for the verdict; a Signal is fire-and-forget. */
export type Delivery = 'update' | 'signal';

/** Which process a call was for, in the words an error message needs. */
export interface ProcessRef {
  /** "gate review", "product", "board", "meeting". */
  readonly noun: string;
  readonly id: string;
  /** What to do when there is no such process. */
  readonly hint: string;
}

type AnyCommand = Command<string, string, z.ZodType, unknown>;

/**
 * Sends `command` to the process: by Update, returning its view once recorded; by Signal,
 * returning once the server has it (a refusal then goes to the process's audit log).
 */
export async function sendCommand<V>(client: Client, ref: ProcessRef, workflowId: string, command: Command<string, string, z.ZodType, V>, payload: unknown, via: Delivery = 'update'): Promise<V | undefined> {
  const handle = client.workflow.getHandle(workflowId);
  try {
    if (via === 'signal') {
      // Malformed signals are refused here too, so the sender hears it rather than only the audit log.
      const parsed = command.schema.safeParse(payload);
      if (!parsed.success) throw new InvalidCommand(`${command.name}: ${describeIssues(parsed.error)}. Nothing was sent.`);
      await handle.signal(command.signal as never, payload as never);
      return undefined;
    }
    return await handle.executeUpdate(command.update as never, { args: [payload] as never });
  } catch (err) {
    throw await explainFailure(client, ref, err);
  }
}

/** Asks the process a query (works on running and finished processes while a worker runs). */
export async function queryProcess<V>(client: Client, ref: ProcessRef, workflowId: string, query: QueryDefinition<V, [], string>): Promise<V> {
  try {
    return await client.workflow.getHandle(workflowId).query(query);
  } catch (err) {
    throw await explainFailure(client, ref, err);
  }
}

/** Turns an SDK error into one a person can act on. */
export async function explainFailure(client: Client, ref: ProcessRef, err: unknown): Promise<Error> {
  if (err instanceof GovernanceError) return err;
  const failure = err instanceof WorkflowUpdateFailedError ? err.cause : err instanceof WorkflowFailedError ? err.cause : undefined;
  if (failure instanceof ApplicationFailure) {
    if (failure.type === 'InvalidPayload') return new InvalidCommand(failure.message);
    return new CommandRefused(failure.message);
  }
  const workflowId = (err as { workflowId?: string } | undefined)?.workflowId;
  if (err instanceof WorkflowNotFoundError || (isGrpcServiceError(err) && /not found/i.test(err.message))) {
    const closed = await closedProcess(client, ref, workflowId);
    if (closed) return new CommandRefused(closed);
    return new NotFound(`No ${ref.noun} ${ref.id}. ${ref.hint}`);
  }
  // UNAVAILABLE (14) or DEADLINE_EXCEEDED (4): the server or worker went away with the command in flight.
  const cause = (err as { cause?: unknown } | undefined)?.cause;
  const grpc = isGrpcServiceError(err) ? err : isGrpcServiceError(cause) ? cause : undefined;
  if (grpc && (grpc.code === 14 || grpc.code === 4))
    return new OutcomeUnknown(
      `Temporal did not confirm whether the ${ref.noun} ${ref.id} took the command (${grpc.details || grpc.message}). Send it again: a repeated command is refused as already recorded, so it cannot count twice.`,
    );
  if (err instanceof Error && /already completed|workflow execution already completed/i.test(err.message)) {
    return new CommandRefused((await closedProcess(client, ref, workflowId)) ?? `The ${ref.noun} ${ref.id} has finished; nothing was recorded.`);
  }
  return err instanceof Error ? err : new GovernanceError(String(err));
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
