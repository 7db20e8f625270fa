/**
 * A command is one machine event a person can send, published twice: as an
 * Update (validated before it is written to history, answering with the
 * process's view) and as a Signal of the same name (fire-and-forget, for the
 * Temporal UI and CLI, where a refusal is kept in the audit log instead).
 */
import type { QueryDefinition, SignalDefinition, UpdateDefinition } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { z } from 'zod';

export interface Command<TName extends string, TEventType extends string, TSchema extends z.ZodType, TView> {
  readonly name: TName;
  readonly eventType: TEventType;
  readonly schema: TSchema;
  readonly update: UpdateDefinition<TView, [z.input<TSchema>], TName>;
  readonly signal: SignalDefinition<[z.input<TSchema>], TName>;
}

export type AnyCommand = Command<string, string, z.ZodType, unknown>;

/** Declares commands answering with `TView`: `commandsFor<View>()('castVote', 'vote.cast', schema)`. */
export const commandsFor =
  <TView>() =>
  <TName extends string, TEventType extends string, TSchema extends z.ZodType>(
    name: TName,
    eventType: TEventType,
    schema: TSchema,
  ): Command<TName, TEventType, TSchema, TView> => ({
    name,
    eventType,
    schema,
    update: defineUpdate<TView, [z.input<TSchema>], TName>(name),
    signal: defineSignal<[z.input<TSchema>], TName>(name),
  });

/** One command as the process received it, accepted or refused. */
export interface AuditEntry {
  readonly at: string;
  readonly command: string;
  readonly via: 'update' | 'signal';
  readonly by?: string;
  readonly accepted: boolean;
  readonly reason?: string;
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
