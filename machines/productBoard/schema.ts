/**
 * What a board process accepts: the founding configuration that opens it and
 * the payload of each command. The product process and the client take their
 * types from here.
 */
import { z } from 'zod';
import { gates } from '../kernel/lifecycle';
import { checkWholePolicy, policySections, productBoardPolicyChangesSchema, productBoardPolicySchema, productBoardPolicySectionsSchema, withSectionsInOrder } from './policy';
import { boundsApply, httpsUrl, isoDate, limits, list, memberSchema, nameText, personId, reason, reasonText, recordId, rosterSchema, text } from '../kernel/schema';

export const principleSchema = z.strictObject({
  id: recordId,
  title: nameText("the principle's title"),
  text: text("the principle's text", { max: limits.text.reason, multiline: true }).optional(),
});

/** Principles, each id once. */
export const principleList = (what: string) => list(principleSchema, what, { max: limits.lists.principles, unique: (p) => p.id, key: 'principle' });

export const principlesSchema = z
  .strictObject({
    /** The initiative's guiding principles for the infrastructure. */
    guiding: principleList('guiding principles').default([]),
    /** The principles the product board has put in place for its own products. */
    board: principleList("board's principles").default([]),
  })
  .superRefine((p, ctx) => {
    const guiding = new Set(p.guiding.map((g) => g.id));
    const both = boundsApply() ? p.board.find((b) => guiding.has(b.id)) : undefined;
    if (both) ctx.addIssue({ code: 'custom', path: ['board'], message: `principle ${both.id} is both a guiding and a board principle; give the board's own a different id` });
  });

export const selfAssessmentSchema = list(
  z.strictObject({
    principle: nameText('the principle assessed'),
    assessment: text('the self-assessment', { max: limits.text.reason, multiline: true, longer: 'put longer papers behind a link' }),
  }),
  'self-assessments',
  { max: limits.lists.selfAssessment, unique: (a) => a.principle, key: 'principle' },
).default([]);

/** Links to the papers for an item. */
export const papersSchema = list(httpsUrl('the paper', { error: 'each paper is a link (https://…)' }), 'papers', { max: limits.lists.papers, unique: (p) => p }).default([]);

export const boardConfigSchema = z.strictObject({
  roster: rosterSchema,
  policy: productBoardPolicySchema,
  principles: principlesSchema.default({ guiding: [], board: [] }),
  /** The initiative board whose decisions set the guiding principles, if one runs. */
  initiativeBoardId: recordId.optional(),
});

export type BoardConfigInput = z.input<typeof boardConfigSchema>;
export type ParsedBoardConfig = z.output<typeof boardConfigSchema>;
export type Principle = z.output<typeof principleSchema>;
export type Principles = z.output<typeof principlesSchema>;

/** What a product process sends to put a decision on the board's agenda. */
export const itemPlacementSchema = z.strictObject({
  by: personId,
  itemId: recordId,
  productId: recordId,
  productName: nameText("the product's name").optional(),
  gate: z.enum(gates, { error: `the decision must be one of: ${gates.join(', ')}` }),
  /** At a meeting (the default), or between meetings by written procedure with a deadline. */
  procedure: z.enum(['meeting', 'written']).default('meeting'),
  deadline: isoDate('deadline').optional(),
  papers: papersSchema,
  selfAssessment: selfAssessmentSchema,
  /** The item this one continues after a deferral. */
  carriedOverFrom: recordId.optional(),
});

/** The decision or minute a change comes from. */
const reference = reasonText('the reference');

export const boardPayloads = {
  'member.appointed': z.strictObject({ by: personId, member: memberSchema, reference: reference.optional() }),
  'member.removed': z.strictObject({ by: personId, memberId: personId, reason }),
  'chair.appointed': z.strictObject({ by: personId, memberId: personId, reference: reference.optional() }),
  /** Replaces the whole policy: every section is sent, or named in `keep` to stay as it is. */
  'policy.changed': z
    .strictObject({
      by: personId,
      policy: productBoardPolicySectionsSchema,
      keep: list(z.enum(policySections, { error: `a kept section is one of: ${policySections.join(', ')}` }), 'kept sections', { max: policySections.length, unique: (s) => s }).optional(),
      reference,
    })
    .check(checkWholePolicy)
    .overwrite(withSectionsInOrder),
  'principle.adopted': z.strictObject({ by: personId, scope: z.enum(['guiding', 'board']), principle: principleSchema, reference }),
  /** Sent by the initiative board's process when one of its governance decisions changes this board's policy. */
  'policy.amended': z.strictObject({ by: personId, changes: productBoardPolicyChangesSchema, reference }),
  /** Sent by the initiative board's process when its decisions change the guiding principles. */
  'principles.guidingSet': z.strictObject({ by: personId, principles: principleList('guiding principles'), reference }),
  'subscriber.added': z.strictObject({ by: personId }),
  'subscriber.removed': z.strictObject({ by: personId }),
  'meetings.paused': z.strictObject({ by: personId, reason }),
  'meetings.resumed': z.strictObject({ by: personId }),
  'meeting.called': z.strictObject({ by: personId, startsAt: isoDate('startsAt') }),
  'product.registered': z.strictObject({
    by: personId,
    product: z.strictObject({
      id: recordId,
      name: nameText("the product's name"),
      description: text('the description', { max: limits.text.long, multiline: true, longer: 'put longer papers behind a link' }).optional(),
    }),
  }),
  'item.placed': itemPlacementSchema,
} as const;

export type ItemPlacement = z.output<typeof itemPlacementSchema>;

/** Every board command as the machine sees it, stamped with when the engine received it. */
export type BoardCommand = {
  [K in keyof typeof boardPayloads]: z.output<(typeof boardPayloads)[K]> & { type: K; at: string };
}[keyof typeof boardPayloads];
