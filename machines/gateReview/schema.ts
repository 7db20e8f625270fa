/**
 * What a gate review accepts: the request that opens it and the payload of
 * each command. Types for the machine, the workflow and the client all come
 * from these schemas.
 */
import { z } from 'zod';
import { gates, stages } from '../kernel/lifecycle';
import { principleSchema, selfAssessmentSchema } from '../productBoard/schema';
import { compositionStatusSchema } from '../kernel/composition';
import { productBoardPolicySchema } from '../productBoard/policy';
import { conditionsOnlyWithApproval, isoDate, personId, reason, recordId, rosterSchema, voteFields } from '../kernel/schema';

export const gateReviewRequestSchema = z.strictObject({
  reviewId: recordId,
  product: z.strictObject({
    id: recordId,
    name: z.string().trim().min(1).optional(),
    stage: z.enum(stages, { error: `stage must be one of: ${stages.join(', ')}` }),
  }),
  gate: z.enum(gates, { error: `gate must be one of: ${gates.join(', ')}` }),
  requestedBy: personId,
  papers: z.array(z.url({ error: 'each paper is a link (https://…)' })).default([]),
  selfAssessment: selfAssessmentSchema,
  board: rosterSchema,
  policy: productBoardPolicySchema,
  votingClosesAt: isoDate('votingClosesAt'),
  // Added with meetings; optional so that reviews opened before them replay unchanged.
  /** Decided at a meeting (voting closes when it ends) or by written procedure (at its deadline). */
  procedure: z.enum(['meeting', 'written']).default('meeting'),
  meetingId: recordId.optional(),
  carriedOverFrom: recordId.optional(),
  /** The board's composition status when the item was placed. */
  composition: compositionStatusSchema.optional(),
  /** The principles in force when the item was placed; the self-assessment answers each. */
  principles: z.array(principleSchema).optional(),
  /** Who is told of the decision when it is published. */
  subscribers: z.array(personId).optional(),
});

/** What the secretariat sends to open a gate review. */
export type GateReviewRequest = z.input<typeof gateReviewRequestSchema>;
export type ParsedGateReviewRequest = z.output<typeof gateReviewRequestSchema>;

const votePayload = z.strictObject(voteFields).superRefine(conditionsOnlyWithApproval);

/** The payload schema of each command a gate review takes, by event type. */
export const gateReviewPayloads = {
  'vote.cast': votePayload,
  'vote.changed': votePayload,
  'interest.declared': z.strictObject({ by: personId, interest: reason }),
  'voting.closed': z.strictObject({ by: personId }),
  'assessment.commissioned': z.strictObject({
    by: personId,
    assessor: z.string().trim().min(1, 'name who will assess (a person or an organisation)').max(200),
    question: reason,
    dueAt: isoDate('dueAt'),
  }),
  'assessment.reported': z.strictObject({
    by: personId,
    report: z.url({ error: 'the report is a link (https://…)' }),
    summary: reason.optional(),
  }),
  /** The secretariat asks to publish again once the register is fixed. */
  'publication.retried': z.strictObject({ by: personId }),
  'castingVote.cast': z.strictObject({
    by: personId,
    choice: z.enum(['approve', 'reject'], { error: 'a casting vote is approve or reject' }),
    reason: reason.optional(),
  }),
} as const;

/** Every command as the machine sees it: its payload, typed, stamped with when the engine received it. */
export type GateReviewCommand = {
  [K in keyof typeof gateReviewPayloads]: z.output<(typeof gateReviewPayloads)[K]> & { type: K; at: string };
}[keyof typeof gateReviewPayloads];
