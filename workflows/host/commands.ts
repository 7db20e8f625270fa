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
