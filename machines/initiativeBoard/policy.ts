/**
 * The initiative board's policy and its defaults (shared/domain.md). Like the
 * product board's, it is data: it changes only by one of the board's own
 * governance decisions, and each item keeps the copy in force when it was opened.
 */
import { z } from 'zod';
import { fractionSchema, passingRuleSchema, wholeNumber } from '../kernel/schema';
import { DEFAULT_VOTING_REMINDER_HOURS, compositionRulesSchema, meetingCadenceSchema, productBoardPolicySchema, type CompositionRules, type MeetingCadence } from '../productBoard/policy';
import { majority, majorityQuorum, twoThirds, type VotingPolicy } from '../kernel/voting';
import { DEFAULT_RESULTS_VISIBILITY } from '../kernel/results';
import { DEFAULT_FLAGS_TO_HIDE, flagsToHideSchema } from '../kernel/moderation';

/** What the initiative board decides; each type has its own record and effect. */
export const initiativeDecisionTypes = ['principle', 'strategy', 'recognition', 'withdrawal', 'funding', 'governance'] as const;
export type InitiativeDecisionType = (typeof initiativeDecisionTypes)[number];

const perType = passingRuleSchema.optional();

export const initiativePolicySchema = z.strictObject({
  quorum: z.strictObject({
    share: fractionSchema,
    /** Lived experience counts at the governing level: this many voters must have it. */
    minLivedExperienceVoting: wholeNumber('the least number of voters with lived experience', 0, 12),
  }),
  /** The passing rule per decision type; types not listed use `default`. */
  passing: z.strictObject({
    default: passingRuleSchema,
    principle: perType,
    strategy: perType,
    recognition: perType,
    withdrawal: perType,
    funding: perType,
    governance: perType,
  }),
  chairHasCastingVote: z.boolean(),
  meetings: meetingCadenceSchema,
  /** The secretariat answers every public submission within this many days. */
  triageDays: wholeNumber('the days the secretariat has to answer a submission', 1, 90),
  composition: compositionRulesSchema,
  /**
   * Members who have not voted on an item are reminded this many hours before the meeting ends, when voting
   * on it closes (1 to 336, as the product board's; votingReminderHoursOf reads it, 24 when left out). Optional
   * rather than defaulted, so a policy recorded before it existed parses to exactly what it did then.
   */
  votingReminderHours: productBoardPolicySchema.shape.votingReminderHours,
  /** Who sees an item's count before the meeting ends, as the product board's (machines/kernel/results.ts); optional for the same reason. */
  resultsVisibility: productBoardPolicySchema.shape.resultsVisibility,
  /**
   * Late-quorum protection, as the product board's (0 to 336, 0 or absent: off): an item that first reaches
   * quorum within this many hours of the meeting's end moves the end of voting, for the meeting's items, that
   * many hours later, once a meeting. Optional for the same reason.
   */
  lateQuorumHours: productBoardPolicySchema.shape.lateQuorumHours,
  /** A public submission this many people flag is hidden from the public until the secretariat looks (1 to 50; 3 when left out). Optional for the same reason. */
  flagsToHide: flagsToHideSchema,
});

export type InitiativePolicy = z.output<typeof initiativePolicySchema>;

/** Quarterly: the 15th of January, April, July and October; papers 7 days before. */
const quarterlyCadence: MeetingCadence = { everyMonths: 3, dayOfMonth: 15, startHourUtc: 10, durationHours: 3, papersDeadlineDays: 7 };

const defaultInitiativeComposition: CompositionRules = {
  requiredExpertise: [],
  minNonTechnical: 0,
  minLivedExperience: 2,
  minDisabled: 1,
  minNotNational: 1,
  requiredAreas: ['housing', 'mental health', 'employment'],
};

export const defaultInitiativePolicy: InitiativePolicy = {
  quorum: { ...majorityQuorum, minLivedExperienceVoting: 1 },
  passing: { default: majority, withdrawal: twoThirds, governance: twoThirds },
  chairHasCastingVote: false,
  meetings: quarterlyCadence,
  triageDays: 14,
  composition: defaultInitiativeComposition,
  votingReminderHours: DEFAULT_VOTING_REMINDER_HOURS,
  resultsVisibility: DEFAULT_RESULTS_VISIBILITY,
  lateQuorumHours: 0,
  flagsToHide: DEFAULT_FLAGS_TO_HIDE,
};

/** A governance decision names only what it changes; the rest of the policy stays. */
export const policyChangesSchema = initiativePolicySchema.partial().refine((c) => Object.keys(c).length > 0, 'name at least one part of the policy to change');
export type PolicyChanges = z.output<typeof policyChangesSchema>;

export const withChanges = (policy: InitiativePolicy, changes: PolicyChanges): InitiativePolicy => ({ ...policy, ...changes });

export interface InitiativeVotingPolicy extends VotingPolicy {
  readonly minLivedExperienceVoting: number;
}

export function votingPolicyFor(policy: InitiativePolicy, type: InitiativeDecisionType): InitiativeVotingPolicy {
  return {
    quorum: { share: policy.quorum.share },
    minLivedExperienceVoting: policy.quorum.minLivedExperienceVoting,
    passing: policy.passing[type] ?? policy.passing.default,
    chairHasCastingVote: policy.chairHasCastingVote,
    ...(policy.resultsVisibility ? { resultsVisibility: policy.resultsVisibility } : {}),
  };
}
