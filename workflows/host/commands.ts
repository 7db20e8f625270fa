/**
 * A command is one machine event a person can send, published twice: as an
 * Update (validated before it is written to history, answering with a
 * receipt) and as a Signal of the same name (fire-and-forget, for the
 * Temporal UI and CLI, where a refusal is kept in the audit log instead).
 */
import type { QueryDefinition, SignalDefinition, UpdateDefinition } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { z } from 'zod';
import type { Meeting } from '../../machines/kernel/calendar';
import type { CommandProof } from './proof';

/**
 * What every accepted Update answers: a receipt, not the process's view. Every answer stays in the
 * workflow's history, and a view grows with what the process holds; a receipt stays a few hundred
 * bytes (within `processBudget.receipt`), and a caller that wants the view reads it by query.
 *
 * @example
 * { accepted: 'requestGate', processId: 'product-benefits-map', state: 'inReview', created: 'gr-benefits-map-alpha-3' }
 */
export interface Receipt {
  /** The command accepted, by its name (`castVote`). */
  readonly accepted: string;
  /** The process that took it: its workflow id. */
  readonly processId: string;
  /** The process's state once it took it, as its view names it. */
  readonly state: string;
  /** The id of what the command created, if it created something: a review, a report, an item, a submission, a meeting. */
  readonly created?: string;
  /**
   * Where an agenda item went, for a command that placed one (`placeItem` on a product board): read
   * from the state the command left, since by the time a query could ask the meeting may have been convened.
   */
  readonly placed?: { readonly placedAt: string; readonly votingClosesAt: string; readonly meeting?: Meeting };
}

/**
 * Who may send a command: people (through the engine's HTTP API, which signs what a signed-in person
 * sends), other processes (through the worker, which signs what a machine emits), or both (a harm watch
 * asks for a suspension in its chair's name). The host refuses a command signed by the wrong kind of key.
 */
export type Senders = 'people' | 'processes' | 'peopleAndProcesses';

export interface Command<TName extends string, TEventType extends string, TSchema extends z.ZodType, TAnswer> {
  readonly name: TName;
  readonly eventType: TEventType;
  readonly schema: TSchema;
  readonly senders: Senders;
  readonly update: UpdateDefinition<TAnswer, CommandArgs<TSchema>, TName>;
  readonly signal: SignalDefinition<CommandArgs<TSchema>, TName>;
}

/** What a command is sent with: its payload, and the proof of who sent it (./proof.ts), which every process started since signed commands requires. */
export type CommandArgs<TSchema extends z.ZodType> = [payload: z.input<TSchema>, proof?: CommandProof];

export type AnyCommand = Command<string, string, z.ZodType, unknown>;

/**
 * Declares commands whose Update answers with `TAnswer` (a `Receipt`): `commandsFor<Receipt>()('castVote', 'vote.cast', schema)`;
 * a command only processes send says so: `commandsFor<Receipt>()('placeItem', 'item.placed', schema, { senders: 'processes' })`.
 */
export const commandsFor =
  <TAnswer>() =>
  <TName extends string, TEventType extends string, TSchema extends z.ZodType>(
    name: TName,
    eventType: TEventType,
    schema: TSchema,
    options: { readonly senders?: Senders } = {},
  ): Command<TName, TEventType, TSchema, TAnswer> => ({
    name,
    eventType,
    schema,
    senders: options.senders ?? 'people',
    update: defineUpdate<TAnswer, CommandArgs<TSchema>, TName>(name),
    signal: defineSignal<CommandArgs<TSchema>, TName>(name),
  });

/** One command as the process received it, accepted or refused. */
export interface AuditEntry {
  readonly at: string;
  readonly command: string;
  readonly via: 'update' | 'signal';
  readonly by?: string;
  readonly accepted: boolean;
  readonly reason?: string;
  /** The key whose signature proved the sender (since signed commands). */
  readonly key?: string;
  /** The Temporal identity of the client that sent it, as the server recorded it (a worker's or a CLI's `pid@host`). */
  readonly identity?: string;
}

/** Every process answers this query besides its own `status`. */
export const auditQuery: QueryDefinition<AuditEntry[], [], 'audit'> = defineQuery<AuditEntry[], [], 'audit'>('audit');

/** The command of a process's table named `TName`, with its own schema and view (not the union of the table's). */
export type CommandNamed<TCommands extends readonly AnyCommand[], TName extends TCommands[number]['name']> = Extract<TCommands[number], { readonly name: TName }>;

/** What a command takes: its schema's input, the machine event's fields a sender gives. */
export type PayloadOf<TCommand extends AnyCommand> = z.input<TCommand['schema']>;

/** Looks a command up by name in a process's table, typed as that one command. */
export function commandNamed<TCommands extends readonly AnyCommand[], TName extends TCommands[number]['name']>(commands: TCommands, name: TName): CommandNamed<TCommands, TName> {
  const found = commands.find((command): command is CommandNamed<TCommands, TName> => command.name === name);
  if (!found) throw new Error(`No command named ${name}`);
  return found;
}

/** Whether people may send the command (through the HTTP API), as opposed to processes only. */
export const peopleMaySend = (command: AnyCommand): boolean => command.senders !== 'processes';
