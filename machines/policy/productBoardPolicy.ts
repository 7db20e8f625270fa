/**
 * The product board's policy and its defaults (shared/domain.md). They are
 * data: a board changes them by a recorded decision, and each gate review
 * keeps the copy in force when it was opened.
 */
import { z } from 'zod';
import type { Gate } from '../lifecycle';
import { fractionSchema, passingRuleSchema } from '../schema';
import { majority, majorityQuorum, twoThirds, type VotingPolicy } from './voting';

const perGate = passingRuleSchema.optional();

export const productBoardPolicySchema = z.strictObject({
  quorum: z.strictObject({ share: fractionSchema }),
  /** The passing rule per gate; gates not listed use `default`. */
  passing: z.strictObject({ default: passingRuleSchema, discovery: perGate, alpha: perGate, beta: perGate, live: perGate, iteration: perGate }),
  chairHasCastingVote: z.boolean(),
  /** How long the chair has to settle a tie before the item is deferred. */
  castingVoteWindowHours: z.number().positive().max(24 * 90),
  /** Voting stays open this long after a gate review is requested, unless told otherwise. */
  votingPeriodDays: z.number().positive().max(365),
});

export type ProductBoardPolicy = z.output<typeof productBoardPolicySchema>;

export const defaultProductBoardPolicy: ProductBoardPolicy = {
  quorum: majorityQuorum,
  passing: { default: majority, live: twoThirds },
  chairHasCastingVote: false,
  castingVoteWindowHours: 48,
  votingPeriodDays: 14,
};

export function votingPolicyFor(policy: ProductBoardPolicy, gate: Gate): VotingPolicy {
  return {
    quorum: policy.quorum,
    passing: policy.passing[gate] ?? policy.passing.default,
    chairHasCastingVote: policy.chairHasCastingVote,
  };
}
