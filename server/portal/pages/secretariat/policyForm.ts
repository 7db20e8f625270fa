/**
 * A board's policy as a form: one field per setting, grouped as the policy is, each filled with what
 * the board holds now, and read back into the sections a change carries. The product board's is sent
 * as `policy.changed`; the initiative board's (or the product board's, which the initiative board may
 * also change) as a governance item the initiative board votes on. Shares and rules are typed as people
 * say them ("1/2", "majority", "2/3"); what the form cannot read is named at its field here, and
 * everything else (ranges, bounds) is the policy schema's to refuse.
 */
import canonicalize from 'canonicalize';
import { initiativePolicySchema, type InitiativePolicy } from '../../../../machines/initiativeBoard/policy';
import { DEFAULT_RESULTS_VISIBILITY, resultsVisibilities, type ResultsVisibility } from '../../../../machines/kernel/results';
import { DEFAULT_VOTING_REMINDER_HOURS, policySections, productBoardPolicySchema, type PolicySection, type ProductBoardPolicy } from '../../../../machines/productBoard/policy';
import { lines, type Typed } from '../../forms';
import { DEFAULT_FLAGS_TO_HIDE } from '../../../../machines/kernel/moderation';
import { initiativeDecisionWords, productBoardDecisionWords } from '../../policyWords';

type Kind = 'share' | 'rule' | 'ruleOrDefault' | 'yesNo' | 'choice' | 'number' | 'optionalNumber' | 'labels' | 'numbers';

export interface PolicyField {
  /** The form field's name and id: the path joined by dashes. */
  readonly id: string;
  /** Its place in the policy: the section first. */
  readonly path: readonly [string, ...string[]];
  readonly label: string;
  readonly hint?: string;
  readonly kind: Kind;
  /** A choice's values, each in words. */
  readonly choices?: readonly { readonly value: string; readonly text: string }[];
}

export interface PolicyGroup {
  readonly heading: string;
  readonly fields: readonly PolicyField[];
}

const field = (path: PolicyField['path'], kind: Kind, label: string, hint?: string): PolicyField => ({ id: path.join('-'), path, kind, label, ...(hint ? { hint } : {}) });

const choiceField = (path: PolicyField['path'], label: string, choices: PolicyField['choices']): PolicyField => ({ ...field(path, 'choice', label), choices });

const resultsWords: Readonly<Record<ResultsVisibility, string>> = {
  hiddenUntilClosed: 'Nobody, until voting closes',
  hiddenUntilVoted: 'Each member, once they have voted',
  open: 'Everyone, while voting is open',
};

/** Both boards' rules on who sees a count early, and on a late quorum (machines/kernel/results.ts, lateQuorum.ts). */
const resultsFields: readonly PolicyField[] = [
  choiceField(['resultsVisibility'], 'Who sees the count of a vote before voting closes?', resultsVisibilities.map((value) => ({ value, text: resultsWords[value] }))),
  field(['lateQuorumHours'], 'number', 'Hours voting is extended when quorum is first reached that near its close', '0 for never. Otherwise voting closes this many hours later, once.'),
];

/** What a policy recorded before a setting existed holds for it: the form shows it, and a change compares with it. */
const settingDefaults = { votingReminderHours: DEFAULT_VOTING_REMINDER_HOURS, resultsVisibility: DEFAULT_RESULTS_VISIBILITY, lateQuorumHours: 0, flagsToHide: DEFAULT_FLAGS_TO_HIDE };

const ruleHint = 'Type "majority" for more approvals than rejections, or a share such as 2/3 for at least two thirds of the approvals and rejections.';

/** The rule an item passes by, then one for each decision type with a rule of its own, as the policy lists them. */
const passingFields = (types: readonly string[], words: Readonly<Record<string, string>>): PolicyField[] => [
  field(['passing', 'default'], 'rule', 'The rule an item passes by', ruleHint),
  ...types
    .filter((t) => t !== 'default')
    .map((t) => field(['passing', t], 'ruleOrDefault', `${words[t] ?? t}: its own rule`, 'Leave empty to use the rule above. Otherwise as above: "majority", or a share such as 2/3.')),
];

/** Both boards' meetings are set the same way (machines/productBoard/policy.ts `meetingCadenceSchema`). */
const meetingFields: readonly PolicyField[] = [
  field(['meetings', 'everyMonths'], 'number', 'Months between meetings', '1 for every month, 3 for every quarter.'),
  field(['meetings', 'dayOfMonth'], 'number', 'Day of the month meetings fall on', 'From 1 to 28.'),
  field(['meetings', 'startHourUtc'], 'number', 'Hour meetings start, in UTC', 'From 0 to 23, for example 14 for 2pm UTC.'),
  field(['meetings', 'durationHours'], 'number', 'Hours a meeting lasts (votes on its items close at its end)'),
  field(['meetings', 'papersDeadlineDays'], 'number', 'Papers deadline: days before a meeting an item must be requested to join it'),
  field(['meetings', 'writtenProcedureMinHours'], 'optionalNumber', 'Least hours a written procedure gives members to vote', 'Leave empty for the engine’s default.'),
];

/** And their composition (`compositionRulesSchema`). */
const compositionFields: readonly PolicyField[] = [
  field(['composition', 'requiredExpertise'], 'labels', 'Expertise the board must hold between its members', 'One on each line, for example product.'),
  field(['composition', 'minNonTechnical'], 'number', 'Least number of non-technical members'),
  field(['composition', 'minLivedExperience'], 'number', 'Least number of members with lived experience of poverty'),
  field(['composition', 'minDisabled'], 'number', 'Least number of disabled members'),
  field(['composition', 'minNotNational'], 'number', 'Least number of members not based in a national organisation'),
  field(['composition', 'requiredAreas'], 'labels', 'Areas the members’ areas must cover between them', 'One on each line.'),
];

const votingReminderField = field(['votingReminderHours'], 'optionalNumber', 'Hours before voting closes that members who have not voted are reminded', 'Leave empty for the engine’s default.');

/** The product board's form's groups of fields, in the policy's order. */
const productBoardGroups: readonly PolicyGroup[] = [
  {
    heading: 'Voting',
    fields: [
      field(['quorum', 'share'], 'share', 'Quorum: more than this share of the members who may vote must vote', 'A fraction, for example 1/2 for more than half.'),
      ...passingFields(Object.keys(productBoardPolicySchema.shape.passing.shape), productBoardDecisionWords),
      field(['chairHasCastingVote'], 'yesNo', 'Does the chair have a casting vote on a tie?'),
      field(['castingVoteWindowHours'], 'number', 'Hours the chair has to settle a tie before the item is deferred'),
      field(['votingPeriodDays'], 'number', 'Days voting stays open on an item opened outside a meeting'),
      ...resultsFields,
    ],
  },
  { heading: 'Meetings', fields: meetingFields },
  { heading: 'Reminders', fields: [votingReminderField, field(['assessmentReminderDays'], 'number', 'Days before a commissioned assessment is due that its assessor is reminded')] },
  { heading: 'Composition', fields: compositionFields },
  {
    heading: 'Review schedule of live products',
    fields: [
      field(['harm', 'firstReviewsAfterDays'], 'numbers', 'Days after going live (or an iteration) of the first reviews', 'Separated by commas, for example 30, 90.'),
      field(['harm', 'thenEveryMonths'], 'number', 'Then a review every this many months'),
      field(['harm', 'reviewDueDays'], 'number', 'Days a reviewer has to record a review'),
      field(['harm', 'reviewReminderDays'], 'number', 'Days before a review is due that its reviewers are reminded'),
      field(['harm', 'triageWorkingDays'], 'number', 'Working days to triage a harm report'),
      field(['harm', 'escalationDecisionDays'], 'number', 'Days the board has to decide on a high or critical harm'),
      field(['harm', 'flagsToHide'], 'optionalNumber', 'Flags that hide a harm report from the public (never from the board) until the secretariat looks', 'Leave empty for the engine’s default of 3.'),
    ],
  },
];

/** The initiative board's. */
const initiativeGroups: readonly PolicyGroup[] = [
  {
    heading: 'Voting',
    fields: [
      field(['quorum', 'share'], 'share', 'Quorum: more than this share of the members who may vote must vote', 'A fraction, for example 1/2 for more than half.'),
      field(['quorum', 'minLivedExperienceVoting'], 'number', 'Least number of voters with lived experience of poverty for a quorum'),
      ...passingFields(Object.keys(initiativePolicySchema.shape.passing.shape), initiativeDecisionWords),
      field(['chairHasCastingVote'], 'yesNo', 'Does the chair have a casting vote on a tie?'),
      ...resultsFields,
    ],
  },
  { heading: 'Meetings', fields: meetingFields },
  {
    heading: 'Submissions',
    fields: [
      field(['triageDays'], 'number', 'Days the secretariat has to answer a public submission'),
      field(['flagsToHide'], 'number', 'Flags that hide a submission from the public until the secretariat looks', 'People flag spam, abuse, personal details or a repeat; 3 unless the board chose otherwise.'),
    ],
  },
  { heading: 'Reminders', fields: [votingReminderField] },
  { heading: 'Composition', fields: compositionFields },
];

/** One board's policy as a form. */
export interface PolicyForm<TPolicy> {
  readonly groups: readonly PolicyGroup[];
  readonly fields: readonly PolicyField[];
  /** The policy's sections the form sets; any other (one added to the policy after this form) is left as it is. */
  readonly sections: readonly string[];
  /** The form filled with `policy` as it is (a setting it predates, as the engine reads it). */
  values(policy: TPolicy): Record<string, string>;
  /**
   * The sections of `proposed` (what `read` gave) that differ from `now`: what a governance item changes
   * (it names only those; the rest of the policy stays as it is).
   */
  changes(now: TPolicy, proposed: Readonly<Record<string, unknown>>): Record<string, unknown>;
  /**
   * The sections the form says, and what it cannot read (each at its field); the numbers it can read
   * go to the schema as numbers, and what is not a number as typed, for the schema to say what it wants there.
   */
  read(form: Typed<string>): { readonly policy: Record<string, unknown>; readonly problems: readonly (readonly [string, string])[] };
  /** The payload path of each field under `at` ("policy" gives "policy.meetings.dayOfMonth"), for the schema's refusals. */
  fieldPaths(at: string): Readonly<Record<string, string>>;
}

function policyForm<TPolicy>(groups: readonly PolicyGroup[]): PolicyForm<TPolicy> {
  const fields = groups.flatMap((g) => g.fields);
  return {
    groups,
    fields,
    sections: [...new Set(fields.map((f) => f.path[0]))],
    values: (policy) => formValues(fields, { ...settingDefaults, ...policy }),
    changes: (now, proposed) => {
      const held: Readonly<Record<string, unknown>> = { ...settingDefaults, ...now };
      return Object.fromEntries(Object.entries(proposed).filter(([section, value]) => canonicalize(value) !== canonicalize(held[section])));
    },
    read: (form) => policyFromForm(fields, form),
    fieldPaths: (at) => Object.fromEntries(fields.map((f) => [[...at.split('.'), ...f.path].join('.'), f.id])),
  };
}

export const productBoardPolicyForm = policyForm<ProductBoardPolicy>(productBoardGroups);
export const initiativePolicyForm = policyForm<InitiativePolicy>(initiativeGroups);

/** The product board's sections its form does not set: a recorded change keeps them (`keep`). */
export const keptSections: readonly PolicySection[] = policySections.filter((s) => !productBoardPolicyForm.sections.includes(s));

const valueAt = (policy: unknown, path: readonly string[]): unknown => path.reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], policy);

const asShare = (v: unknown) => {
  const f = v as { numerator: number; denominator: number };
  return `${f.numerator}/${f.denominator}`;
};
const asRule = (v: unknown) => {
  const r = v as { kind: string; atLeast?: unknown } | undefined;
  return !r ? '' : r.kind === 'majority' ? 'majority' : asShare(r.atLeast);
};

function formValues(fields: readonly PolicyField[], policy: unknown): Record<string, string> {
  const shown = (f: PolicyField, v: unknown): string => {
    if (v === undefined) return '';
    switch (f.kind) {
      case 'share':
        return asShare(v);
      case 'rule':
      case 'ruleOrDefault':
        return asRule(v);
      case 'yesNo':
        return v ? 'yes' : 'no';
      case 'labels':
        return (v as string[]).join('\n');
      case 'numbers':
        return (v as number[]).join(', ');
      default:
        return String(v);
    }
  };
  return Object.fromEntries(fields.map((f) => [f.id, shown(f, valueAt(policy, f.path))]));
}

const shareOf = (typed: string) => {
  const m = /^\s*(\d{1,6})\s*\/\s*(\d{1,6})\s*$/.exec(typed);
  return m ? { numerator: Number(m[1]), denominator: Number(m[2]) } : undefined;
};
const numberOf = (typed: string): number | string => (/^\s*\d{1,9}(\.\d{1,6})?\s*$/.test(typed) ? Number(typed) : typed.trim());

function policyFromForm(fields: readonly PolicyField[], form: Typed<string>): { readonly policy: Record<string, unknown>; readonly problems: readonly (readonly [string, string])[] } {
  const policy: Record<string, unknown> = {};
  const problems: (readonly [string, string])[] = [];
  const set = (path: readonly string[], value: unknown) => {
    let at = policy;
    for (const key of path.slice(0, -1)) at = (at[key] ??= {}) as Record<string, unknown>;
    at[path.at(-1)!] = value;
  };
  for (const f of fields) {
    const typed = (form[f.id] ?? '').trim();
    const refuse = (text: string) => problems.push([f.id, text]);
    switch (f.kind) {
      case 'share': {
        const share = shareOf(typed);
        if (share) set(f.path, share);
        else refuse(`${f.label}: write it as a fraction, for example 1/2`);
        break;
      }
      case 'rule':
      case 'ruleOrDefault': {
        if (!typed && f.kind === 'ruleOrDefault') break;
        const share = shareOf(typed);
        if (/^(simple\s+)?majority$/i.test(typed)) set(f.path, { kind: 'majority' });
        else if (share) set(f.path, { kind: 'supermajority', atLeast: share });
        else refuse(`${f.label}: type "majority", or a share such as 2/3`);
        break;
      }
      case 'yesNo':
        if (typed === 'yes' || typed === 'no') set(f.path, typed === 'yes');
        else refuse(`${f.label} Choose yes or no`);
        break;
      case 'choice':
        if (f.choices?.some((c) => c.value === typed)) set(f.path, typed);
        else refuse(`${f.label} Choose one`);
        break;
      case 'optionalNumber':
        if (typed) set(f.path, numberOf(typed));
        break;
      case 'number':
        set(f.path, numberOf(typed));
        break;
      case 'labels':
        set(f.path, lines(typed));
        break;
      case 'numbers': {
        const parts = typed.split(',').map((p) => p.trim()).filter(Boolean);
        const numbers = parts.map(numberOf);
        if (!parts.length || numbers.some((n) => typeof n !== 'number')) refuse(`${f.label}: give numbers separated by commas, for example 30, 90`);
        else set(f.path, numbers);
        break;
      }
    }
  }
  return { policy, problems };
}
