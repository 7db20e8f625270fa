/**
 * The product board's policy and its defaults (shared/domain.md). They are
 * data: a board changes them by a recorded decision, and each item keeps the
 * copy in force when it was opened. Fields added after the first release have
 * defaults, so requests recorded before them still parse the same.
 */
import { z } from 'zod';
import type { Gate } from '../kernel/lifecycle';
import { fractionSchema, passingRuleSchema } from '../kernel/schema';
import { defaultHarmPolicy, harmPolicySchema } from '../harmWatch/policy';
import { majority, majorityQuorum, twoThirds, type VotingPolicy } from '../kernel/voting';

const perGate = passingRuleSchema.optional();

export const meetingCadenceSchema = z.strictObject({
  /** Meetings fall on this day of every `everyMonths`-th month… */
  everyMonths: z.number().int().min(1).max(12),
  dayOfMonth: z.number().int().min(1).max(28),
  /** …starting at this hour (UTC) and lasting this long; votes on its items close at its end. */
  startHourUtc: z.number().int().min(0).max(23),
  durationHours: z.number().positive().max(24),
  /** An item joins a meeting only if requested at least this many days before it. */
  papersDeadlineDays: z.number().int().min(0).max(60),
});

export const compositionRulesSchema = z.strictObject({
  /** Expertise the board must hold between its members. */
  requiredExpertise: z.array(z.string().trim().min(1)),
  minNonTechnical: z.number().int().min(0),
  minLivedExperience: z.number().int().min(0),
  minDisabled: z.number().int().min(0),
  minNotNational: z.number().int().min(0),
  /** Areas the members' areas must cover between them. */
  requiredAreas: z.array(z.string().trim().min(1)),
});

export type MeetingCadence = z.output<typeof meetingCadenceSchema>;
export type CompositionRules = z.output<typeof compositionRulesSchema>;

export const defaultMeetingCadence: MeetingCadence = { everyMonths: 1, dayOfMonth: 10, startHourUtc: 14, durationHours: 2, papersDeadlineDays: 7 };

export const defaultProductBoardComposition: CompositionRules = {
  requiredExpertise: ['product', 'ethics', 'governance'],
  minNonTechnical: 2,
  minLivedExperience: 0,
  minDisabled: 0,
  minNotNational: 0,
  requiredAreas: [],
};

export const productBoardPolicySchema = z.strictObject({
  quorum: z.strictObject({ share: fractionSchema }),
  /** The passing rule per decision type; types not listed use `default`. */
  passing: z.strictObject({
    default: passingRuleSchema,
    prioritisation: perGate,
    discovery: perGate,
    alpha: perGate,
    beta: perGate,
    live: perGate,
    iteration: perGate,
    suspension: perGate,
    rollback: perGate,
    reinstatement: perGate,
    retirement: perGate,
  }),
  chairHasCastingVote: z.boolean(),
  /** How long the chair has to settle a tie before the item is deferred. */
  castingVoteWindowHours: z.number().positive().max(24 * 90),
  /** Voting on a review opened outside a meeting stays open this long, unless told otherwise. */
  votingPeriodDays: z.number().positive().max(365),
  meetings: meetingCadenceSchema.default(defaultMeetingCadence),
  /** A reminder goes to the assessor this many days before a commissioned assessment is due. */
  assessmentReminderDays: z.number().min(0).max(60).default(3),
  composition: compositionRulesSchema.default(defaultProductBoardComposition),
  /** How live products are reviewed for benefits and harms. */
  harm: harmPolicySchema.default(defaultHarmPolicy),
});

export type ProductBoardPolicy = z.output<typeof productBoardPolicySchema>;

/**
 * A change the initiative board decides names only the parts of the policy it changes. Built
 * without the fields' defaults, which would otherwise fill in every part it leaves out.
 */
const { meetings, assessmentReminderDays, composition, harm, ...required } = productBoardPolicySchema.shape;
export const productBoardPolicyChangesSchema = z
  .strictObject({ ...required, meetings: meetings.unwrap(), assessmentReminderDays: assessmentReminderDays.unwrap(), composition: composition.unwrap(), harm: harm.unwrap() })
  .partial()
  .refine((c) => Object.keys(c).length > 0, 'name at least one part of the product board policy to change');
export type ProductBoardPolicyChanges = z.output<typeof productBoardPolicyChangesSchema>;

export const defaultProductBoardPolicy: ProductBoardPolicy = {
  quorum: majorityQuorum,
  passing: { default: majority, live: twoThirds },
  chairHasCastingVote: false,
  castingVoteWindowHours: 48,
  votingPeriodDays: 14,
  meetings: defaultMeetingCadence,
  assessmentReminderDays: 3,
  composition: defaultProductBoardComposition,
  harm: defaultHarmPolicy,
};

export function votingPolicyFor(policy: ProductBoardPolicy, gate: Gate): VotingPolicy {
  return {
    quorum: policy.quorum,
    passing: policy.passing[gate] ?? policy.passing.default,
    chairHasCastingVote: policy.chairHasCastingVote,
  };
}
