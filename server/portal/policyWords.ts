/**
 * A board's policy in plain words, for people who will never read its JSON: one line per topic
 * (quorum, passing, ties, meetings, papers, reminders, composition, reviews), each a sentence or two
 * read from the policy the board holds now, so the words cannot drift from the numbers.
 */
import { flagsToHideOf } from '../../machines/kernel/moderation';
import type { Fraction } from '../../machines/kernel/fraction';
import type { PassingRule } from '../../machines/kernel/voting';
import type { InitiativePolicy } from '../../machines/initiativeBoard/policy';
import { votingReminderHoursOf, DEFAULT_WRITTEN_PROCEDURE_MIN_HOURS, type CompositionRules, type MeetingCadence, type ProductBoardPolicy } from '../../machines/productBoard/policy';
import type { HarmPolicy } from '../../machines/harmWatch/policy';

/** One topic of a policy: a heading and what the policy says on it. */
export interface PolicyLine {
  readonly topic: string;
  readonly words: string;
}

const named: Readonly<Record<string, string>> = { '1/2': 'half', '1/3': 'a third', '2/3': 'two thirds', '1/4': 'a quarter', '3/4': 'three quarters', '3/5': 'three fifths', '4/5': 'four fifths', '1/1': 'all' };

/** "two thirds", "half", or "5/8" when a share has no everyday name. */
export const shareInWords = (f: Fraction): string => named[`${f.numerator}/${f.denominator}`] ?? `${f.numerator}/${f.denominator}`;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

const listed = (items: readonly string[]): string => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);

/** The rule in words, as a clause: "more approvals than rejections" or "at least two thirds of …". */
export const ruleInWords = (rule: PassingRule): string =>
  rule.kind === 'majority' ? 'more approvals than rejections' : `approvals making at least ${shareInWords(rule.atLeast)} of the approvals and rejections`;

function passingInWords(passing: Readonly<Record<string, PassingRule | undefined>> & { readonly default: PassingRule }, decisionWords: (type: string) => string): string {
  const others = Object.entries(passing).filter((e): e is [string, PassingRule] => e[0] !== 'default' && e[1] !== undefined);
  return (
    `An item passes with ${ruleInWords(passing.default)} among the votes cast (approvals with conditions count as approvals; abstentions are not counted).` +
    others.map(([type, rule]) => ` ${decisionWords(type)}: ${ruleInWords(rule)}.`).join('')
  );
}

const hourUtc = (hour: number) => `${hour === 0 ? 12 : hour > 12 ? hour - 12 : hour}${hour < 12 ? 'am' : 'pm'} UTC`;

function cadenceInWords(m: MeetingCadence): string {
  const every = m.everyMonths === 1 ? 'Every month' : `Every ${m.everyMonths} months`;
  return `${every}, on day ${m.dayOfMonth} of the month, from ${hourUtc(m.startHourUtc)}, for ${plural(m.durationHours, 'hour')}.`;
}

const papersInWords = (m: MeetingCadence): string =>
  m.papersDeadlineDays === 0
    ? 'An item joins a meeting if it is requested before the meeting starts; the papers go out when it is placed.'
    : `An item joins a meeting if it is requested at least ${plural(m.papersDeadlineDays, 'day')} before it, so its papers can circulate; otherwise it goes to the meeting after.`;

function compositionInWords(c: CompositionRules): string {
  const needs = [
    ...(c.requiredExpertise.length ? [`${listed(c.requiredExpertise)} expertise`] : []),
    ...(c.minNonTechnical ? [plural(c.minNonTechnical, 'non-technical member')] : []),
    ...(c.minLivedExperience ? [`${plural(c.minLivedExperience, 'member')} with lived experience of poverty`] : []),
    ...(c.minDisabled ? [plural(c.minDisabled, 'disabled member')] : []),
    ...(c.minNotNational ? [`${plural(c.minNotNational, 'member')} not based in a national organisation`] : []),
    ...(c.requiredAreas.length ? [`members whose areas cover ${listed(c.requiredAreas)}`] : []),
  ];
  return needs.length
    ? `The board should have at least: ${needs.join('; ')}. Below it, the board keeps working and every decision says which rule was unmet.`
    : 'The board sets no rule on who sits on it.';
}

function reviewsInWords(h: HarmPolicy): string {
  const firsts = listed(h.firstReviewsAfterDays.map(String));
  return (
    `After a product goes live, and after each iteration: reviews of its benefits and harms ${firsts} days later, then every ${plural(h.thenEveryMonths, 'month')}. ` +
    `A reviewer has ${plural(h.reviewDueDays, 'day')} to record a review, reminded ${plural(h.reviewReminderDays, 'day')} before. ` +
    `A harm report is triaged within ${plural(h.triageWorkingDays, 'working day')}; on a high or critical harm the board decides by written procedure within ${plural(h.escalationDecisionDays, 'day')}. ` +
    `A report ${plural(flagsToHideOf(h), 'person', 'people')} flag is hidden from the public, never from the board, until the secretariat looks at it.`
  );
}

const tiesInWords = (chairHasCastingVote: boolean, windowHours?: number): string =>
  chairHasCastingVote
    ? `On a tie the chair gives a casting vote${windowHours === undefined ? '' : `, within ${plural(windowHours, 'hour')}; without it the item is deferred`}.`
    : 'A tie is deferred to the next meeting: the chair has no casting vote.';

/** Each decision type of the product board, as a heading. */
export const productBoardDecisionWords: Readonly<Record<string, string>> = {
  prioritisation: 'Prioritising a product',
  discovery: 'Starting discovery',
  alpha: 'Moving to alpha',
  beta: 'Moving to beta',
  live: 'Going live',
  iteration: 'A substantial iteration',
  suspension: 'Suspending a product',
  rollback: 'Rolling a product back',
  reinstatement: 'Reinstating a product',
  retirement: 'Retiring a product',
};

/** The product board's policy, topic by topic. */
export function productBoardPolicyInWords(policy: ProductBoardPolicy): PolicyLine[] {
  const m = policy.meetings;
  return [
    { topic: 'Quorum', words: `More than ${shareInWords(policy.quorum.share)} of the members who may vote (those recused are not counted) must vote.` },
    { topic: 'Passing', words: passingInWords(policy.passing, (type) => productBoardDecisionWords[type] ?? type) },
    { topic: 'Ties', words: tiesInWords(policy.chairHasCastingVote, policy.castingVoteWindowHours) },
    { topic: 'Meetings', words: `${cadenceInWords(m)} The secretariat or the chair may also call a meeting on another day.` },
    { topic: 'Papers deadline', words: papersInWords(m) },
    {
      topic: 'Voting outside a meeting',
      words: `Voting on an item opened outside a meeting stays open ${plural(policy.votingPeriodDays, 'day')}. A written procedure, called by the chair, gives members at least ${plural(m.writtenProcedureMinHours ?? DEFAULT_WRITTEN_PROCEDURE_MIN_HOURS, 'hour')} to vote.`,
    },
    {
      topic: 'Reminders',
      words: `Members who have not voted are reminded ${plural(votingReminderHoursOf(policy), 'hour')} before voting closes; an assessor ${plural(policy.assessmentReminderDays, 'day')} before a commissioned assessment is due.`,
    },
    { topic: 'Composition', words: compositionInWords(policy.composition) },
    { topic: 'Review schedule', words: reviewsInWords(policy.harm) },
  ];
}

export const initiativeDecisionWords: Readonly<Record<string, string>> = {
  principle: 'A guiding principle',
  strategy: 'Strategy and KPIs',
  recognition: 'Recognising a resource',
  withdrawal: 'Withdrawing recognition',
  funding: 'A funding priority',
  governance: 'Changing governance',
};

/** The initiative board's policy, topic by topic. */
export function initiativePolicyInWords(policy: InitiativePolicy): PolicyLine[] {
  const lived = policy.quorum.minLivedExperienceVoting;
  return [
    {
      topic: 'Quorum',
      words: `More than ${shareInWords(policy.quorum.share)} of the members who may vote (those recused are not counted) must vote${lived ? `, and at least ${plural(lived, 'of them', 'of them')} with lived experience of poverty` : ''}.`,
    },
    { topic: 'Passing', words: passingInWords(policy.passing, (type) => initiativeDecisionWords[type] ?? type) },
    { topic: 'Ties', words: tiesInWords(policy.chairHasCastingVote) },
    { topic: 'Meetings', words: cadenceInWords(policy.meetings) },
    { topic: 'Papers deadline', words: papersInWords(policy.meetings) },
    {
      topic: 'Submissions',
      words:
        `The secretariat answers each public submission within ${plural(policy.triageDays, 'day')}, with a published reason. ` +
        `One that ${plural(flagsToHideOf(policy), 'person', 'people')} flag is hidden from the public until the secretariat keeps, merges or removes it.`,
    },
    { topic: 'Reminders', words: `Members who have not voted are reminded ${plural(votingReminderHoursOf(policy), 'hour')} before the meeting ends.` },
    { topic: 'Composition', words: compositionInWords(policy.composition) },
  ];
}
