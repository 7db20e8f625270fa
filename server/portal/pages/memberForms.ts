/**
 * What a member's forms on an item's page share, whichever board the item is on: the vote's choices and
 * payload, the interest, and commissioning a report by a due day. The pages of a gate review
 * (./member.ts) and of an initiative item (./initiativeItems.ts) both draw them.
 */
import { voteChoices } from '../../../machines/kernel/voting';
import { hourOnDay } from '../dates';
import { lines, problemAt, type Problem, type Typed } from '../forms';

/** The words for each choice, in the order the form offers them. */
export const choiceWords: Readonly<Record<(typeof voteChoices)[number], string>> = {
  approve: 'Approve',
  approveWithConditions: 'Approve with conditions',
  reject: 'Reject',
  abstain: 'Abstain',
};

/** The choices as the vote form's radios list them. */
export const choiceItems = Object.entries(choiceWords).map(([value, text]) => ({ value, text }));

/** What the vote forms say when no choice was made: the schema's words name a program's values. */
export const noChoice = 'Choose how you vote: approve, approve with conditions, reject or abstain';

/** Every field of a member's forms on an item's page: the vote, the interest, and commissioning a report. */
export const memberFields = ['choice', 'reason', 'conditions', 'interest', 'who', 'question', 'dueAt'] as const;
export type MemberForm = Typed<(typeof memberFields)[number]>;
export const emptyMemberForm: MemberForm = Object.fromEntries(memberFields.map((f) => [f, ''])) as MemberForm;

/** The hour of the day a commissioned report is due, on the day the member gives. */
const dueHour = 17;

/**
 * The due date typed as a day, as the engine takes it (5pm that day where the portal's readers live),
 * or the problem at the field.
 */
export function dueDate(day: string, zone: string): { dueAt: string } | { problem: Problem } {
  const dueAt = hourOnDay(day, dueHour, zone);
  return dueAt ? { dueAt } : { problem: problemAt('dueAt', 'Give the day the report is due as year-month-day, for example 2027-01-20') };
}

/** The form's vote as the command's payload: what was left empty is left out, for the schema to name. */
export const votePayload = (form: MemberForm): Record<string, unknown> => {
  const conditions = lines(form.conditions);
  return { ...(form.choice ? { choice: form.choice } : {}), ...(form.reason.trim() ? { reason: form.reason } : {}), ...(conditions.length ? { conditions } : {}) };
};

/**
 * The form a refusal came back to. It is drawn again with what was typed even when the engine would no
 * longer take it (someone commissioned the report first, the member was recused meanwhile): the error
 * summary says why, and nothing the person typed is lost.
 */
export type RefusedForm = 'vote' | 'interest' | 'commission';
