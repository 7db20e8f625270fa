/**
 * Building blocks for the payload schemas of every process. Payloads arrive
 * from people (CLI, Temporal UI, temporal CLI), so each field says what it
 * expects in words a secretariat can act on; text, links, dates, numbers and
 * lists are bounded by the builders in ./input.
 */
import { z } from 'zod';
import { voteChoices } from './voting';
import { fractionSchema, limits, list, nameText, reasonText, text, uniqueIds, wholeNumber } from './input';

export { atMost, boundsApply, describeLimits, fractionSchema, httpsUrl, isoDate, limits, list, nameText, parsePayload, positiveNumber, quotedInput, reasonText, text, uniqueIds, wholeNumber } from './input';

export const personId = z
  .string({ error: 'a person id is required (for example "m-ada")' })
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, 'an id is 1–100 letters, digits, dots, dashes, colons or underscores');

/** The id of a record: a board, product, review or meeting. */
export const recordId = z
  .string({ error: 'an id is required (for example "benefits-map")' })
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, 'an id is 1–100 letters, digits, dots, dashes, colons or underscores');

/** A reason, for a field called reason; other fields name themselves with `reasonText`. */
export const reason = reasonText('the reason', { empty: 'a reason, when given, cannot be empty' });

/** An area of work or an expertise, as members and composition rules name them. */
export const labels = (what: string, plural: string) =>
  list(text(`the ${what}`, { max: limits.text.label }), plural, { max: limits.lists.labels, unique: (x) => x });

export const passingRuleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('majority') }),
  z.strictObject({ kind: z.literal('supermajority'), atLeast: fractionSchema }),
]);

/** A board member and the attributes a composition policy reads. */
export const memberSchema = z.strictObject({
  id: personId,
  name: nameText("the member's name", { empty: 'a member needs a name' }),
  technical: z.boolean().optional(),
  expertise: labels('expertise', 'expertise entries').optional(),
  livedExperience: z.boolean().optional(),
  disability: z.boolean().optional(),
  organisationType: z.enum(['national', 'regional', 'local', 'community', 'academic', 'independent']).optional(),
  areas: labels('area', 'areas').optional(),
});

export const rosterSchema = z
  .strictObject({
    boardId: recordId,
    seats: wholeNumber('the number of seats', 1, limits.numbers.seats),
    members: list(memberSchema, 'members', { max: limits.lists.members }).min(1, 'a board needs at least one member'),
    chair: personId,
    secretariat: uniqueIds(personId, 'people in the secretariat', limits.lists.secretariat).min(1, 'a board needs at least one person in the secretariat role'),
  })
  .superRefine((roster, ctx) => {
    const ids = roster.members.map((m) => m.id);
    const dup = ids.find((id, i) => ids.indexOf(id) !== i);
    if (dup) ctx.addIssue({ code: 'custom', path: ['members'], message: `member ${dup} is listed twice` });
    if (roster.members.length > roster.seats)
      ctx.addIssue({ code: 'custom', path: ['members'], message: `${roster.members.length} members for ${roster.seats} seats` });
    if (!ids.includes(roster.chair))
      ctx.addIssue({ code: 'custom', path: ['chair'], message: `the chair ${roster.chair} is not a member of the board` });
  });

export const voteChoice = z.enum(voteChoices, {
  error: `choice must be one of: ${voteChoices.join(', ')}`,
});

/** What a vote carries on either board; each board's vote adds what it is on. */
export const voteFields = {
  by: personId,
  choice: voteChoice,
  reason: reason.optional(),
  conditions: list(
    text('the condition', { max: limits.text.short, multiline: true, empty: 'a condition cannot be empty', before: { max: limits.text.short } }),
    'conditions',
    { max: limits.lists.conditions, before: { max: limits.lists.conditions } },
  ).optional(),
};

/**
 * Conditions go with, and only with, an approval with conditions. Both mistakes get the same words: a
 * refused Signal's reason is kept in the process's audit, which anyone with a Temporal client can read,
 * and words that differed would tell them which choice the member meant to make (issue 14).
 */
export function conditionsOnlyWithApproval(vote: { choice: string; conditions?: readonly string[] | undefined }, ctx: z.RefinementCtx): void {
  const hasConditions = (vote.conditions?.length ?? 0) > 0;
  if ((vote.choice === 'approveWithConditions') !== hasConditions)
    ctx.addIssue({ code: 'custom', path: ['conditions'], message: 'approveWithConditions needs at least one condition, and the other choices take none' });
}

/** One line per problem, naming the field, for error messages people read. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}
