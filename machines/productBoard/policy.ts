/**
 * The product board's policy and its defaults (shared/domain.md). They are
 * data: a board changes them by a recorded decision, and each item keeps the
 * copy in force when it was opened. Fields added after the first release have
 * defaults, so requests recorded before them still parse the same.
 */
import { z } from 'zod';
import type { Gate } from '../kernel/lifecycle';
import { atMost, boundsApply, fractionSchema, labels, limits, passingRuleSchema, positiveNumber, wholeNumber } from '../kernel/schema';
import { defaultHarmPolicy, harmPolicySchema } from '../harmWatch/policy';
import { majority, majorityQuorum, twoThirds, type VotingPolicy } from '../kernel/voting';
import { DEFAULT_RESULTS_VISIBILITY, resultsVisibilitySchema } from '../kernel/results';

const perGate = passingRuleSchema.optional();

export const meetingCadenceSchema = z.strictObject({
  /** Meetings fall on this day of every `everyMonths`-th month… */
  everyMonths: wholeNumber('the months between meetings', 1, 12),
  dayOfMonth: wholeNumber('the day of the month meetings fall on', 1, 28),
  /** …starting at this hour (UTC) and lasting this long; votes on its items close at its end. */
  startHourUtc: wholeNumber('the hour meetings start (UTC)', 0, 23),
  durationHours: positiveNumber('the hours a meeting lasts', 24),
  /** An item joins a meeting only if requested at least this many days before it. */
  papersDeadlineDays: wholeNumber('the days before a meeting that its papers are due', 0, 60),
  /**
   * Between meetings, a written procedure gives members at least this many hours to vote (by default
   * DEFAULT_WRITTEN_PROCEDURE_MIN_HOURS). Optional, with no default filled in, so that a policy recorded
   * before it parses to what it parsed to then.
   */
  writtenProcedureMinHours: positiveNumber('the least hours a written procedure gives members to vote', 24 * 30).optional(),
});

/** The least time a written procedure gives members to vote when the policy does not say (shared/domain.md). */
export const DEFAULT_WRITTEN_PROCEDURE_MIN_HOURS = 48;

/** "At least this many members": no more than a board can seat. */
const atLeastMembers = (what: string) =>
  z
    .number()
    .int()
    .min(0)
    .check(atMost(limits.numbers.seats, what, `no board has more than ${limits.numbers.seats} seats`));

export const compositionRulesSchema = z.strictObject({
  /** Expertise the board must hold between its members. */
  requiredExpertise: labels('required expertise', 'required expertise entries'),
  minNonTechnical: atLeastMembers('the least number of non-technical members'),
  minLivedExperience: atLeastMembers('the least number of members with lived experience'),
  minDisabled: atLeastMembers('the least number of disabled members'),
  minNotNational: atLeastMembers('the least number of members not based in a national organisation'),
  /** Areas the members' areas must cover between them. */
  requiredAreas: labels('required area', 'required areas'),
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
  castingVoteWindowHours: positiveNumber('the hours the chair has to settle a tie', 24 * 90),
  /** Voting on a review opened outside a meeting stays open this long, unless told otherwise. */
  votingPeriodDays: positiveNumber('the days voting stays open', 365),
  meetings: meetingCadenceSchema.default(defaultMeetingCadence),
  /** A reminder goes to the assessor this many days before a commissioned assessment is due. */
  assessmentReminderDays: z
    .number({ error: 'the days before an assessment is due that its assessor is reminded is a number' })
    .min(0, 'the days before an assessment is due that its assessor is reminded is from 0 to 60')
    .max(60, 'the days before an assessment is due that its assessor is reminded is from 0 to 60')
    .default(3),
  /**
   * Members who have not voted are reminded this many hours before voting on an item closes (Loomio's
   * "closing soon"); DEFAULT_VOTING_REMINDER_HOURS when left out. Optional rather than defaulted, so that
   * a policy recorded before it existed parses to exactly what it did then.
   */
  votingReminderHours: wholeNumber('the hours before voting closes that members who have not voted are reminded', 1, 14 * 24).optional(),
  /**
   * Who sees the count of a vote before it is decided (machines/kernel/results.ts): nobody (hiddenUntilClosed,
   * the default), each member once they have voted (hiddenUntilVoted), or everyone (open). Optional, as
   * votingReminderHours, so a policy recorded before it parses to what it did then; resultsVisibilityOf reads it.
   */
  resultsVisibility: resultsVisibilitySchema.optional(),
  /**
   * Late-quorum protection (machines/kernel/lateQuorum.ts): when a review first reaches quorum within this
   * many hours of its close, the close moves this many hours later, once; 0, the default, never. Optional
   * for the same reason as votingReminderHours; lateQuorumHoursOf reads it.
   */
  lateQuorumHours: wholeNumber('the hours a late quorum extends voting by (0 for never)', 0, 14 * 24).optional(),
  composition: compositionRulesSchema.default(defaultProductBoardComposition),
  /** How live products are reviewed for benefits and harms. */
  harm: harmPolicySchema.default(defaultHarmPolicy),
});

export type ProductBoardPolicy = z.output<typeof productBoardPolicySchema>;

/** The sections of the policy, by name, in the order it lists them. */
export type PolicySection = keyof ProductBoardPolicy;
export const policySections = Object.keys(productBoardPolicySchema.shape) as [PolicySection, ...PolicySection[]];

/**
 * Any sections of the policy, each checked as in the whole policy but without
 * the defaults, which would otherwise fill in every section left out.
 */
const { meetings, assessmentReminderDays, votingReminderHours, resultsVisibility, lateQuorumHours, composition, harm, ...required } = productBoardPolicySchema.shape;
export const productBoardPolicySectionsSchema = z
  .strictObject({
    ...required,
    meetings: meetings.unwrap(),
    assessmentReminderDays: assessmentReminderDays.unwrap(),
    votingReminderHours: votingReminderHours.unwrap(),
    resultsVisibility: resultsVisibility.unwrap(),
    lateQuorumHours: lateQuorumHours.unwrap(),
    composition: composition.unwrap(),
    harm: harm.unwrap(),
  })
  .partial();

/**
 * Sections added after `keep`: a change may leave them out, and then they stay as they are. A change sent
 * before a section existed could not name it, and a run replays the changes it accepted then: requiring
 * the section would refuse them now, and filling in its default would undo the board's own choice.
 */
const addedAfterKeep: readonly PolicySection[] = ['votingReminderHours', 'resultsVisibility', 'lateQuorumHours'];

/** A change the initiative board decides names only the parts of the policy it changes. */
export const productBoardPolicyChangesSchema = productBoardPolicySectionsSchema.refine((c) => Object.keys(c).length > 0, 'name at least one part of the product board policy to change');
export type ProductBoardPolicyChanges = z.output<typeof productBoardPolicyChangesSchema>;

/** A whole policy as a recorded change sends it: some sections, and the names of those it keeps. */
export interface PolicyReplacement {
  readonly policy: ProductBoardPolicyChanges;
  readonly keep?: readonly PolicySection[] | undefined;
}

const listed = (sections: readonly string[]) => sections.map((s) => `"${s}"`).join(', ');

/**
 * A policy change replaces the whole policy, so it sends every section or names
 * in `keep` those the board keeps as they are. Before `keep`, a section left
 * out took its default and silently undid the board's own choice; with the
 * bounds off (a run started before them) that is still what happens, so its
 * history replays as it ran, but a section the policy always needed is needed.
 */
export function checkWholePolicy(ctx: z.core.ParsePayload<PolicyReplacement>): void {
  const { policy, keep = [] } = ctx.value;
  const given = policySections.filter((s) => policy[s] !== undefined);
  const both = given.filter((s) => keep.includes(s));
  const issue = (message: string): void => void ctx.issues.push({ code: 'custom', path: ['policy'], message, input: ctx.value });
  if (both.length) return issue(`the policy sends ${listed(both)} and also keeps ${both.length === 1 ? 'it' : 'them'}: send a section or name it in keep, not both`);
  const missing = policySections.filter(
    (s) => !given.includes(s) && !keep.includes(s) && !addedAfterKeep.includes(s) && (boundsApply() || !(productBoardPolicySchema.shape[s] instanceof z.ZodDefault)),
  );
  if (missing.length)
    issue(
      `the policy leaves out ${listed(missing)}: a policy change replaces the whole policy, so send every section, ` +
        `or name those the board keeps as they are, for example "keep": [${listed(missing)}]`,
    );
}

/** The sections in the policy's order; with the bounds off, those left out (and not kept) take their defaults, as they did before `keep`. */
export function withSectionsInOrder<T extends PolicyReplacement>(value: T): T {
  const { policy, keep = [] } = value;
  const sections = policySections.flatMap((s) => {
    if (policy[s] !== undefined) return [[s, policy[s]]];
    const field = productBoardPolicySchema.shape[s];
    return !boundsApply() && !keep.includes(s) && !addedAfterKeep.includes(s) && field instanceof z.ZodDefault ? [[s, field.def.defaultValue]] : [];
  });
  return { ...value, policy: Object.fromEntries(sections) as ProductBoardPolicyChanges };
}

export const DEFAULT_VOTING_REMINDER_HOURS = 24;

/** How far a late quorum moves a review's close under `policy`: 0 (never) when it does not say. */
export const lateQuorumHoursOf = (policy: Pick<ProductBoardPolicy, 'lateQuorumHours'>): number => policy.lateQuorumHours ?? 0;

/** How long before voting closes members who have not voted are reminded, under `policy`. */
export const votingReminderHoursOf = (policy: Pick<ProductBoardPolicy, 'votingReminderHours'>): number => policy.votingReminderHours ?? DEFAULT_VOTING_REMINDER_HOURS;

export const defaultProductBoardPolicy: ProductBoardPolicy = {
  quorum: majorityQuorum,
  passing: { default: majority, live: twoThirds },
  chairHasCastingVote: false,
  castingVoteWindowHours: 48,
  votingPeriodDays: 14,
  meetings: defaultMeetingCadence,
  assessmentReminderDays: 3,
  votingReminderHours: DEFAULT_VOTING_REMINDER_HOURS,
  resultsVisibility: DEFAULT_RESULTS_VISIBILITY,
  lateQuorumHours: 0,
  composition: defaultProductBoardComposition,
  harm: defaultHarmPolicy,
};

export function votingPolicyFor(policy: ProductBoardPolicy, gate: Gate): VotingPolicy {
  return {
    quorum: policy.quorum,
    passing: policy.passing[gate] ?? policy.passing.default,
    chairHasCastingVote: policy.chairHasCastingVote,
    ...(policy.resultsVisibility ? { resultsVisibility: policy.resultsVisibility } : {}),
  };
}
