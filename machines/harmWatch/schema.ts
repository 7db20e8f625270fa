/**
 * What a harm watch accepts: harm reports from anyone, the secretariat's
 * triage and follow-up, reviewers' assessments, and the product's lifecycle
 * changes, sent by the product process.
 */
import { z } from 'zod';
import { isoDate, limits, list, nameText, personId, reasonText, recordId, text } from '../kernel/schema';
import { harmPolicySchema } from './policy';
import { flagFields, intoOnlyWhenMerged, moderationFields } from '../kernel/moderation';

export const harmLevels = ['none', 'low', 'medium', 'high', 'critical'] as const;
export type HarmLevel = (typeof harmLevels)[number];
export const severities = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof severities)[number];
/** What the product board is asked to decide on a high or critical harm. */
export const remedies = ['suspension', 'rollback'] as const;
export type Remedy = (typeof remedies)[number];

const findings = (what: string) =>
  list(text(`each ${what.replace(/s$/, '')}`, { max: limits.text.finding, multiline: true, empty: 'a finding cannot be empty', before: { max: limits.text.finding } }), what, {
    max: limits.lists.findings,
    before: { max: limits.lists.findings },
  });

export const harmWatchPayloads = {
  'harm.reported': z.strictObject({
    /**
     * Left out: the watch names the report and its receipt says the id. Only runs whose history is older
     * than the engine-made ids take one chosen by the client (and refuse it if taken).
     */
    reportId: recordId.optional(),
    /** Who reports; leave out to report anonymously. */
    by: personId.optional(),
    summary: reasonText('the summary', { empty: 'say what happened, in a sentence or more', longer: 'put the rest in details' }),
    details: text('the details', { max: limits.text.details, multiline: true, before: { max: limits.text.details }, longer: 'put longer evidence behind a link' }).optional(),
  }),
  'harm.triaged': z
    .strictObject({
      by: personId,
      reportId: recordId,
      severity: z.enum(severities, { error: `severity is one of: ${severities.join(', ')}` }),
      note: reasonText('the note'),
      actionPlan: z
        .strictObject({
          description: reasonText("the action plan's description"),
          dueAt: isoDate('actionPlan.dueAt'),
          owner: nameText("the action plan's owner", { before: { max: limits.text.name } }).optional(),
        })
        .optional(),
      /** For a high or critical harm: put a roll back to the board rather than a suspension (the default). */
      remedy: z.enum(remedies, { error: `remedy is one of: ${remedies.join(', ')}` }).optional(),
    })
    .superRefine((t, ctx) => {
      if (t.severity === 'medium' && !t.actionPlan) ctx.addIssue({ code: 'custom', path: ['actionPlan'], message: 'a medium harm needs an action plan with a due date' });
      if (t.remedy && t.severity !== 'high' && t.severity !== 'critical')
        ctx.addIssue({ code: 'custom', path: ['remedy'], message: 'only a high or critical harm goes to the product board for a suspension or roll back' });
    }),
  'action.completed': z.strictObject({ by: personId, reportId: recordId, evidence: reasonText('the evidence') }),
  /** Anyone signed in, once per report: past the policy's number of flags it is hidden from the public, never from the board. */
  'harm.flagged': z.strictObject({ by: personId, reportId: recordId, ...flagFields }),
  /** The secretariat keeps, merges (into the report it repeats) or removes a report from public view, with a published reason. */
  'harm.moderated': z.strictObject({ by: personId, reportId: recordId, ...moderationFields }).superRefine(intoOnlyWhenMerged),
  'review.recorded': z
    .strictObject({
      by: personId,
      benefits: findings('benefits'),
      harms: findings('harms'),
      worstHarm: z.enum(harmLevels, { error: `worstHarm is one of: ${harmLevels.join(', ')}` }),
      summary: reasonText('the summary').optional(),
      /** For a high or critical harm found: put a roll back to the board rather than a suspension (the default). */
      remedy: z.enum(remedies, { error: `remedy is one of: ${remedies.join(', ')}` }).optional(),
    })
    .superRefine((r, ctx) => {
      if (r.remedy && r.worstHarm !== 'high' && r.worstHarm !== 'critical')
        ctx.addIssue({ code: 'custom', path: ['remedy'], message: 'only a high or critical harm goes to the product board for a suspension or roll back' });
    }),
  'lifecycle.changed': z.strictObject({
    change: z.enum(['iterated', 'suspended', 'rolledBack', 'reinstated', 'retired']),
    decisionId: recordId,
  }),
} as const;

/**
 * What the host adds to a command from another process's answer before the machine sees it (the
 * enrichments in workflows/harmWatch/workflow.ts); no sender can give it, the payloads being strict.
 */
interface Enriched {
  /** The product board's subscribers, from the board's check of the reviewer's role: told when the review is published. */
  'review.recorded': { readonly subscribers?: readonly string[] };
}

export type HarmWatchCommand = {
  [K in keyof typeof harmWatchPayloads]: z.output<(typeof harmWatchPayloads)[K]> & { type: K; at: string } & (K extends keyof Enriched ? Enriched[K] : unknown);
}[keyof typeof harmWatchPayloads];

/** What the watch reads from its start arguments before anything else: when the product went live, and the policy. */
export const harmWatchOpeningSchema = z.object({ liveSince: isoDate('liveSince'), policy: harmPolicySchema.optional() });
