/**
 * What a gate review accepts: the request that opens it and the payload of
 * each command. Types for the machine, the workflow and the client all come
 * from these schemas.
 */
import { z } from 'zod';
import { gates, stages } from '../kernel/lifecycle';
import { papersSchema, principleList, selfAssessmentSchema } from '../productBoard/schema';
import { compositionStatusSchema } from '../kernel/composition';
import { productBoardPolicySchema } from '../productBoard/policy';
import { conditionsOnlyWithApproval, httpsUrl, isoDate, limits, nameText, personId, reason, reasonText, recordId, rosterSchema, uniqueIds, voteFields } from '../kernel/schema';

export const gateReviewRequestSchema = z.strictObject({
  reviewId: recordId,
  product: z.strictObject({
    id: recordId,
    name: nameText("the product's name").optional(),
    stage: z.enum(stages, { error: `stage must be one of: ${stages.join(', ')}` }),
  }),
  gate: z.enum(gates, { error: `gate must be one of: ${gates.join(', ')}` }),
  requestedBy: personId,
  papers: papersSchema,
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
  principles: principleList('principles').optional(),
  /** Who is told of the decision when it is published. */
  subscribers: uniqueIds(personId, 'subscribers', limits.lists.subscribers).optional(),
});

/** What the secretariat sends to open a gate review. */
export type GateReviewRequest = z.input<typeof gateReviewRequestSchema>;
export type ParsedGateReviewRequest = z.output<typeof gateReviewRequestSchema>;

const votePayload = z.strictObject(voteFields).superRefine(conditionsOnlyWithApproval);

/** The payload schema of each command a gate review takes, by event type. */
export const gateReviewPayloads = {
  'vote.cast': votePayload,
  'vote.changed': votePayload,
  'interest.declared': z.strictObject({ by: personId, interest: reasonText('the interest') }),
  'voting.closed': z.strictObject({ by: personId }),
  'assessment.commissioned': z.strictObject({
    by: personId,
    assessor: nameText("the assessor's name", { empty: 'name who will assess (a person or an organisation)', before: { max: limits.text.name } }),
    question: reasonText('the question'),
    dueAt: isoDate('dueAt'),
  }),
  'assessment.reported': z.strictObject({
    by: personId,
    report: httpsUrl('the report', { error: 'the report is a link (https://…)' }),
    summary: reasonText('the summary').optional(),
  }),
  /** The secretariat asks to publish again once the register is fixed. */
  'publication.retried': z.strictObject({ by: personId }),
  /**
   * Sent by the product board's own process when it removes a member while the review is open (see
   * machines/kernel/eligibility.ts); `by` is that process.
   */
  'member.removed': z.strictObject({ by: personId, memberId: personId }),
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
