/**
 * What a board process accepts: the founding configuration that opens it and
 * the payload of each command. The product process and the client take their
 * types from here.
 */
import { z } from 'zod';
import { gates } from '../kernel/lifecycle';
import { productBoardPolicyChangesSchema, productBoardPolicySchema } from './policy';
import { isoDate, memberSchema, personId, reason, recordId, rosterSchema } from '../kernel/schema';

export const principleSchema = z.strictObject({
  id: recordId,
  title: z.string().trim().min(1),
  text: z.string().trim().min(1).optional(),
});

export const principlesSchema = z.strictObject({
  /** The initiative's guiding principles for the infrastructure. */
  guiding: z.array(principleSchema).default([]),
  /** The principles the product board has put in place for its own products. */
  board: z.array(principleSchema).default([]),
});

export const selfAssessmentSchema = z
  .array(z.strictObject({ principle: z.string().trim().min(1), assessment: z.string().trim().min(1) }))
  .default([]);

export const boardConfigSchema = z.strictObject({
  roster: rosterSchema,
  policy: productBoardPolicySchema,
  principles: principlesSchema.default({ guiding: [], board: [] }),
  /** The initiative board whose decisions set the guiding principles, if one runs. */
  initiativeBoardId: recordId.optional(),
});

export type BoardConfigInput = z.input<typeof boardConfigSchema>;
export type ParsedBoardConfig = z.output<typeof boardConfigSchema>;
export type Principle = z.output<typeof principleSchema>;
export type Principles = z.output<typeof principlesSchema>;

/** What a product process sends to put a decision on the board's agenda. */
export const itemPlacementSchema = z.strictObject({
  by: personId,
  itemId: recordId,
  productId: recordId,
  productName: z.string().trim().min(1).optional(),
  gate: z.enum(gates, { error: `the decision must be one of: ${gates.join(', ')}` }),
  /** At a meeting (the default), or between meetings by written procedure with a deadline. */
  procedure: z.enum(['meeting', 'written']).default('meeting'),
  deadline: isoDate('deadline').optional(),
  papers: z.array(z.url({ error: 'each paper is a link (https://…)' })).default([]),
  selfAssessment: selfAssessmentSchema,
  /** The item this one continues after a deferral. */
  carriedOverFrom: recordId.optional(),
});

export const boardPayloads = {
  'member.appointed': z.strictObject({ by: personId, member: memberSchema, reference: reason.optional() }),
  'member.removed': z.strictObject({ by: personId, memberId: personId, reason }),
  'chair.appointed': z.strictObject({ by: personId, memberId: personId, reference: reason.optional() }),
  'policy.changed': z.strictObject({ by: personId, policy: productBoardPolicySchema, reference: reason }),
  'principle.adopted': z.strictObject({ by: personId, scope: z.enum(['guiding', 'board']), principle: principleSchema, reference: reason }),
  /** Sent by the initiative board's process when one of its governance decisions changes this board's policy. */
  'policy.amended': z.strictObject({ by: personId, changes: productBoardPolicyChangesSchema, reference: reason }),
  /** Sent by the initiative board's process when its decisions change the guiding principles. */
  'principles.guidingSet': z.strictObject({ by: personId, principles: z.array(principleSchema), reference: reason }),
  'subscriber.added': z.strictObject({ by: personId }),
  'subscriber.removed': z.strictObject({ by: personId }),
  'meetings.paused': z.strictObject({ by: personId, reason }),
  'meetings.resumed': z.strictObject({ by: personId }),
  'meeting.called': z.strictObject({ by: personId, startsAt: isoDate('startsAt') }),
  'product.registered': z.strictObject({
    by: personId,
    product: z.strictObject({ id: recordId, name: z.string().trim().min(1), description: z.string().trim().min(1).optional() }),
  }),
  'item.placed': itemPlacementSchema,
} as const;

export type ItemPlacement = z.output<typeof itemPlacementSchema>;

/** Every board command as the machine sees it, stamped with when the engine received it. */
export type BoardCommand = {
  [K in keyof typeof boardPayloads]: z.output<(typeof boardPayloads)[K]> & { type: K; at: string };
}[keyof typeof boardPayloads];
