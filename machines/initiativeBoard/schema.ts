/**
 * What an initiative board accepts: the configuration that opens it, the
 * proposals it can decide, and the payload of each command. The machine, the
 * workflow and the client all take their types from here.
 */
import { z } from 'zod';
import { principleList, principleSchema } from '../productBoard/schema';
import { initiativeDecisionTypes, initiativePolicySchema, policyChangesSchema } from './policy';
import { goodDataCardSchema } from './goodDataCard';
import { kpiList, kpiProgressPayload } from './kpis';
import { flagFields, intoOnlyWhenMerged, moderationFields } from '../kernel/moderation';
import { productBoardPolicyChangesSchema } from '../productBoard/policy';
import { conditionsOnlyWithApproval, httpsUrl, isoDate, limits, list, memberSchema, nameText, personId, quotedInput, reason, reasonText, recordId, rosterSchema, text as textOf, uniqueIds, voteFields, wholeNumber } from '../kernel/schema';

const title = nameText('the title', { required: 'a title is required', empty: 'a title cannot be empty', before: { max: limits.text.name } });
const text = textOf('the text', {
  max: limits.text.long,
  multiline: true,
  required: 'say what is being raised (text)',
  empty: 'the text cannot be empty: say what is being raised',
  longer: 'put longer papers behind a link',
  before: { max: limits.text.long },
});

/** Decisions that belong to the product board, named so a mistaken proposal is told where to go. */
const productBoardDecisions = ['prioritisation', 'discovery', 'alpha', 'beta', 'live', 'iteration', 'suspension', 'reinstatement', 'retirement', 'rollback', 'gate'];

export const resourceKinds = ['dataset', 'model', 'service'] as const;

const resourceSchema = z.strictObject({
  id: recordId,
  kind: z.enum(resourceKinds, { error: `a resource is a ${resourceKinds.join(', ')}` }),
  name: nameText("the resource's name"),
  url: httpsUrl('the resource link', { error: 'the resource link is a URL (https://…)' }).optional(),
  /** Required of a recognition by boards since the good-data-cards patch (rules.ts); optional here, so older items still parse. */
  card: goodDataCardSchema.optional(),
});


/** What an item asks the board to decide, and so what happens if it is approved. */
const proposalSchema = z.discriminatedUnion(
  'decision',
  [
    z.strictObject({ decision: z.literal('principle'), action: z.enum(['adopt', 'revise']), principle: principleSchema }),
    z.strictObject({
      decision: z.literal('strategy'),
      focus: textOf("the strategy's focus", { max: limits.text.short, multiline: true }),
      /** Tracked (a baseline, a target, a date) on boards since the kpi-tracking patch (rules.ts); in words before. */
      kpis: kpiList,
    }),
    z.strictObject({ decision: z.literal('recognition'), resource: resourceSchema }),
    z.strictObject({ decision: z.literal('withdrawal'), resourceId: recordId }),
    z.strictObject({ decision: z.literal('funding'), gap: textOf('the gap', { max: limits.text.short, multiline: true }), priority: z.enum(['high', 'medium', 'low']) }),
    z
      .strictObject({
        decision: z.literal('governance'),
        /** This board's own policy. */
        changes: policyChangesSchema.optional(),
        seats: wholeNumber('the number of seats', 1, limits.numbers.seats).optional(),
        /** The product board's policy: the initiative board may change either board's governance. */
        productBoard: productBoardPolicyChangesSchema.optional(),
      })
      .refine((g) => g.changes !== undefined || g.seats !== undefined || g.productBoard !== undefined, 'a governance change names changes (this board), seats, or productBoard (the product board)'),
  ],
  {
    error: (issue) => {
      const asked = (issue.input as { decision?: unknown } | undefined)?.decision;
      const theirs = typeof asked === 'string' && productBoardDecisions.includes(asked);
      return (
        `the initiative board decides ${initiativeDecisionTypes.join(', ')}` +
        (theirs ? `; "${asked}" is the product board's to decide: ask its secretariat to request it` : asked === undefined ? '' : `, not ${quotedInput(asked)}`)
      );
    },
  },
);

export type Proposal = z.output<typeof proposalSchema>;

export const initiativeConfigSchema = z.strictObject({
  roster: rosterSchema,
  policy: initiativePolicySchema,
  /** The guiding principles in force when the board opens. */
  principles: principleList('guiding principles').default([]),
  /** The product board whose gates apply the guiding principles, if one runs. */
  productBoardId: recordId.optional(),
});

export type InitiativeConfigInput = z.input<typeof initiativeConfigSchema>;
export type ParsedInitiativeConfig = z.output<typeof initiativeConfigSchema>;

/** Engagement with the initiative, from the seed: each level may ask for decisions to be pushed to them. */
export const engagementLevels = ['user', 'member', 'contributor', 'connector', 'anchorPartner'] as const;

const votePayload = z.strictObject({ ...voteFields, itemId: recordId }).superRefine(conditionsOnlyWithApproval);

export const initiativePayloads = {
  /** Anyone: leave `by` out to submit anonymously. */
  'submission.made': z.strictObject({ by: personId.optional(), title, text, proposal: proposalSchema.optional() }),
  'submission.triaged': z
    .strictObject({
      by: personId,
      submissionId: recordId,
      outcome: z.enum(['accepted', 'merged', 'declined'], { error: 'a submission is accepted, merged or declined' }),
      reason,
      /** What the board will decide, when the submission did not say it in the board's terms. */
      proposal: proposalSchema.optional(),
      /** The agenda item a merged submission joins. */
      mergedInto: recordId.optional(),
    })
    .superRefine((t, ctx) => {
      if (t.outcome === 'merged' && !t.mergedInto) ctx.addIssue({ code: 'custom', path: ['mergedInto'], message: 'name the agenda item the submission is merged into' });
      if (t.outcome !== 'merged' && t.mergedInto) ctx.addIssue({ code: 'custom', path: ['mergedInto'], message: 'mergedInto goes only with the merged outcome' });
      if (t.outcome !== 'accepted' && t.proposal) ctx.addIssue({ code: 'custom', path: ['proposal'], message: `a proposal goes only with the accepted outcome: a ${t.outcome} submission is not put to the board` });
    }),
  /** Anyone signed in, once per submission: past the policy's number of flags it is hidden from the public. */
  'submission.flagged': z.strictObject({ by: personId, submissionId: recordId, ...flagFields }),
  /** The secretariat keeps, merges (into the submission it repeats) or removes a submission, with a published reason. */
  'submission.moderated': z.strictObject({ by: personId, submissionId: recordId, ...moderationFields }).superRefine(intoOnlyWhenMerged),
  'item.proposed': z.strictObject({ by: personId, title, text, proposal: proposalSchema, referredBy: z.literal('productBoard').optional() }),
  'interest.declared': z.strictObject({ by: personId, itemId: recordId, interest: reasonText('the interest') }),
  'vote.cast': votePayload,
  'vote.changed': votePayload,
  'castingVote.cast': z.strictObject({ by: personId, itemId: recordId, choice: z.enum(['approve', 'reject'], { error: 'a casting vote is approve or reject' }), reason: reason.optional() }),
  'attendance.recorded': z.strictObject({ by: personId, present: uniqueIds(personId, 'members present', limits.lists.present, 'member').min(1, 'name at least one member present') }),
  'research.commissioned': z.strictObject({
    by: personId,
    itemId: recordId,
    researcher: nameText("the researcher's name", { empty: 'name who will do the research', before: { max: limits.text.name } }),
    question: reasonText('the question'),
    dueAt: isoDate('dueAt'),
  }),
  'research.reported': z.strictObject({
    by: personId,
    itemId: recordId,
    report: httpsUrl('the report', { error: 'the report is a link (https://…)' }),
    summary: reasonText('the summary').optional(),
  }),
  /** On boards since the kpi-tracking patch, `dueAt` is required and the owner is named by their id, to be told when it is overdue (rules.ts). */
  'action.recorded': z.strictObject({ by: personId, text, owner: nameText("the action's owner"), itemId: recordId.optional(), dueAt: isoDate('dueAt').optional() }),
  /** The secretariat, each quarter: where a KPI of the strategy in force has got to, with evidence. */
  'kpi.progressRecorded': kpiProgressPayload,
  'action.completed': z.strictObject({ by: personId, actionId: recordId, evidence: reasonText('the evidence') }),
  'member.appointed': z.strictObject({ by: personId, member: memberSchema, reference: reasonText('the reference').optional() }),
  'member.removed': z.strictObject({ by: personId, memberId: personId, reason }),
  'chair.appointed': z.strictObject({ by: personId, memberId: personId, reference: reasonText('the reference').optional() }),
  'stakeholder.subscribed': z.strictObject({ by: personId, level: z.enum(engagementLevels, { error: `engagement is one of: ${engagementLevels.join(', ')}` }) }),
  'stakeholder.unsubscribed': z.strictObject({ by: personId }),
} as const;

/** Every command as the machine sees it, stamped with when the engine received it. */
export type InitiativeCommand = {
  [K in keyof typeof initiativePayloads]: z.output<(typeof initiativePayloads)[K]> & { type: K; at: string };
}[keyof typeof initiativePayloads];
export type InitiativeCommandOf<K extends InitiativeCommand['type']> = Extract<InitiativeCommand, { type: K }>;
