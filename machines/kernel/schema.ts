/**
 * Building blocks for the payload schemas of every process. Payloads arrive
 * from people (CLI, Temporal UI, temporal CLI), so each field says what it
 * expects in words a secretariat can act on.
 */
import { z } from 'zod';
import { voteChoices } from './voting';

export const personId = z
  .string({ error: 'a person id is required (for example "m-ada")' })
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, 'an id is 1–100 letters, digits, dots, dashes, colons or underscores');

/** The id of a record: a board, product, review or meeting. */
export const recordId = z
  .string({ error: 'an id is required (for example "benefits-map")' })
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, 'an id is 1–100 letters, digits, dots, dashes, colons or underscores');

/** An instant, with its offset; the message shows the form expected. */
export const isoDate = (what: string) => z.iso.datetime({ offset: true, error: `${what} is an ISO 8601 date-time, e.g. 2027-03-01T17:00:00Z` });

export const reason = z.string().trim().min(1, 'a reason, when given, cannot be empty').max(4000);

export const fractionSchema = z.strictObject({
  numerator: z.number().int().min(0),
  denominator: z.number().int().min(1),
});

export const passingRuleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('majority') }),
  z.strictObject({ kind: z.literal('supermajority'), atLeast: fractionSchema }),
]);

/** A board member and the attributes a composition policy reads. */
export const memberSchema = z.strictObject({
  id: personId,
  name: z.string().trim().min(1, 'a member needs a name'),
  technical: z.boolean().optional(),
  expertise: z.array(z.string().trim().min(1)).optional(),
  livedExperience: z.boolean().optional(),
  disability: z.boolean().optional(),
  organisationType: z.enum(['national', 'regional', 'local', 'community', 'academic', 'independent']).optional(),
  areas: z.array(z.string().trim().min(1)).optional(),
});

export const rosterSchema = z
  .strictObject({
    boardId: recordId,
    seats: z.number().int().min(1).max(50),
    members: z
      .array(
        memberSchema,
      )
      .min(1, 'a board needs at least one member'),
    chair: personId,
    secretariat: z.array(personId).min(1, 'a board needs at least one person in the secretariat role'),
  })
  .superRefine((roster, ctx) => {
    const ids = roster.members.map((m) => m.id);
    const dup = ids.find((id, i) => ids.indexOf(id) !== i);
    if (dup) ctx.addIssue({ code: 'custom', message: `member ${dup} is listed twice` });
    if (roster.members.length > roster.seats)
      ctx.addIssue({ code: 'custom', message: `${roster.members.length} members for ${roster.seats} seats` });
    if (!ids.includes(roster.chair))
      ctx.addIssue({ code: 'custom', message: `the chair ${roster.chair} is not a member of the board` });
  });

export const voteChoice = z.enum(voteChoices, {
  error: `choice must be one of: ${voteChoices.join(', ')}`,
});

/** What a vote carries on either board; each board's vote adds what it is on. */
export const voteFields = {
  by: personId,
  choice: voteChoice,
  reason: reason.optional(),
  conditions: z.array(z.string().trim().min(1, 'a condition cannot be empty').max(1000)).max(20).optional(),
};

/** Conditions go with, and only with, an approval with conditions. */
export function conditionsOnlyWithApproval(vote: { choice: string; conditions?: readonly string[] | undefined }, ctx: z.RefinementCtx): void {
  const hasConditions = (vote.conditions?.length ?? 0) > 0;
  if (vote.choice === 'approveWithConditions' && !hasConditions)
    ctx.addIssue({ code: 'custom', path: ['conditions'], message: 'approving with conditions needs at least one condition' });
  if (vote.choice !== 'approveWithConditions' && hasConditions)
    ctx.addIssue({ code: 'custom', path: ['conditions'], message: `conditions go only with approveWithConditions, not ${vote.choice}` });
}

/** One line per problem, naming the field, for error messages people read. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}
