/**
 * What people flagged, for the secretariat of either board: submissions to the initiative board and harm
 * reports on the product board's live products, each read as the board reads it (in full, with who flagged
 * it and why), hidden ones first; and a form for each to keep it, merge it into the one it repeats, or
 * remove it, with a reason the register publishes and its author is told (machines/kernel/moderation.ts).
 * The engine tells the secretariat here when a thing becomes hidden.
 *
 *   GET  /secretariat/moderation                                  everything flagged that awaits the secretariat
 *   GET  /secretariat/moderation/submissions/:submissionId        a submission in full, its flags, and the form
 *   POST /secretariat/moderation/submissions/:submissionId        keeps, merges or removes it
 *   GET  /secretariat/moderation/harms/:productId/:reportId       a harm report in full, its flags, and the form
 *   POST /secretariat/moderation/harms/:productId/:reportId       keeps, merges or removes it from public view
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { HarmReportView } from '../../../../machines/harmWatch/view';
import type { SubmissionView } from '../../../../machines/initiativeBoard/view';
import { harmWatchProcessId, initiativeProcessId } from '../../../../machines/kernel/ids';
import { moderationDecisionId, moderationHeading, type ModerationOutcome } from '../../../../machines/kernel/moderation';
import { recordId } from '../../../../machines/kernel/schema';
import { parseInput } from '../../../input';
import { rolesOn, type BoardKind } from '../../../roles';
import { governanceOf } from '../../../routes/processes';
import { sendFromForm } from '../../formCommand';
import { typed, type Problem, type Typed } from '../../forms';
import { finalDecision, flagLine, unanswered } from '../../moderation';
import type { Portal } from '../../plugin';
import { dutyChecks, type OnDuty } from './duty';
import { watchesOf } from './harms';
import type { Task } from './hub';

export const moderationTasks: readonly Task[] = [
  {
    href: '/secretariat/moderation',
    text: 'Flagged submissions and harm reports',
    hint: 'What people reported as spam, abuse, personal details or a repeat, hidden ones first: keep, merge or remove each, with a published reason.',
    for: [
      ['initiativeBoard', 'secretariat'],
      ['productBoard', 'secretariat'],
    ],
  },
];

/** What each outcome does, in the order the form offers them: removing a submission deletes its words, removing a report only hides it. */
const outcomeWords: Readonly<Record<'submission' | 'harmReport', Readonly<Record<ModerationOutcome, string>>>> = {
  submission: {
    kept: 'Keep it: show it to the public again',
    merged: 'Merge it into the submission it repeats: the public reads that one instead',
    removed: 'Remove it: what it said is deleted, and if it still awaited an answer it is declined',
  },
  harmReport: {
    kept: 'Keep it: show it to the public again',
    merged: 'Merge it into the report it repeats: the public reads that one instead',
    removed: 'Remove it from public view: the board still reads it, and its triage goes on',
  },
};

const submissionParams = z.strictObject({ submissionId: recordId.max(200) });
const reportParams = z.strictObject({ productId: recordId.max(200), reportId: recordId.max(200) });
const moderationNames = ['outcome', 'into', 'reason'] as const;
type ModerationForm = Typed<(typeof moderationNames)[number]>;
const blank: ModerationForm = { outcome: '', into: '', reason: '' };

/** One flagged thing as the queue and its page show it, in full. */
interface Flagged {
  readonly subject: 'submission' | 'harmReport';
  readonly id: string;
  readonly href: string;
  readonly title: string;
  readonly text?: string;
  readonly productName?: string;
  readonly sentBy?: string;
  readonly sentAt: string;
  readonly hiddenSince?: string;
  readonly flags: readonly ReturnType<typeof flagLine>[];
  /** The flags the secretariat has not answered yet. */
  readonly waiting: number;
  readonly decisions: readonly { readonly outcome: ModerationOutcome; readonly at: string; readonly reason: string; readonly into?: string; readonly decisionId: string }[];
  readonly final: boolean;
}

const submissionFlagged = (s: SubmissionView): Flagged => ({
  subject: 'submission',
  id: s.submissionId,
  href: `/secretariat/moderation/submissions/${encodeURIComponent(s.submissionId)}`,
  title: s.title,
  text: s.text,
  ...(s.submittedBy ? { sentBy: s.submittedBy } : {}),
  sentAt: s.submittedAt,
  ...(s.moderation?.hiddenSince ? { hiddenSince: s.moderation.hiddenSince } : {}),
  flags: (s.moderation?.flaggedBy ?? []).map(flagLine),
  waiting: unanswered(s.moderation).length,
  decisions: s.moderation?.decisions ?? [],
  final: finalDecision(s.moderation) !== undefined,
});

const reportFlagged = (productId: string, productName: string, r: HarmReportView): Flagged => ({
  subject: 'harmReport',
  id: r.reportId,
  href: `/secretariat/moderation/harms/${encodeURIComponent(productId)}/${encodeURIComponent(r.reportId)}`,
  title: r.summary,
  ...(r.details ? { text: r.details } : {}),
  productName,
  ...(r.reportedBy ? { sentBy: r.reportedBy } : {}),
  sentAt: r.reportedAt,
  ...(r.moderation?.hiddenSince ? { hiddenSince: r.moderation.hiddenSince } : {}),
  flags: (r.moderation?.flaggedBy ?? []).map(flagLine),
  waiting: unanswered(r.moderation).length,
  decisions: r.moderation?.decisions ?? [],
  final: finalDecision(r.moderation) !== undefined,
});

/** Hidden ones first, longest hidden first; then the rest, the earliest flagged first. */
const byUrgency = (a: Flagged, b: Flagged): number =>
  a.hiddenSince && b.hiddenSince ? a.hiddenSince.localeCompare(b.hiddenSince) : a.hiddenSince ? -1 : b.hiddenSince ? 1 : (a.flags[0]?.at ?? '').localeCompare(b.flags[0]?.at ?? '');

export function moderationPages(scope: FastifyInstance, portal: Portal): void {
  const { context, pages } = portal;
  const { onDuty, secretariatOfEither } = dutyChecks(portal);

  scope.get('/secretariat/moderation', async (request, reply) => {
    const viewer = await secretariatOfEither(request, reply);
    if (!viewer) return reply;
    const { answered } = await context.boards.rosters();
    const of = (board: BoardKind) => answered.find((a) => a.board === board && rolesOn(a, viewer.personId).some((r) => r.role === 'secretariat'));
    const [initiative, product] = [of('initiativeBoard'), of('productBoard')];
    const governance = governanceOf(context);
    const submissions = initiative ? (await governance.initiative(initiative.boardId).status(viewer.personId)).submissions.map(submissionFlagged) : [];
    const { watches, silent } = product ? await watchesOf(portal, product.boardId) : { watches: [], silent: [] };
    const reports = watches.flatMap((w) => w.reports.map((r) => reportFlagged(w.productId, w.productName, r)));
    const waiting = [...submissions, ...reports].filter((f) => f.waiting > 0).sort(byUrgency);
    return pages.page(request, reply, 'moderation-queue.njk', { title: 'Flagged submissions and harm reports', viewer }, { waiting, silent, boards: { initiative: !!initiative, product: !!product } });
  });

  /** The thing and the others it may be merged into, or undefined after a page saying there is none. */
  type Found = { readonly flagged: Flagged; readonly others: readonly { value: string; text: string }[]; readonly workflowId: string; readonly command: string; readonly idField: string };

  const submissionOf = async (request: FastifyRequest, reply: FastifyReply, duty: OnDuty, submissionId: string): Promise<Found | undefined> => {
    const view = await governanceOf(context).initiative(duty.answer.boardId).status(duty.viewer.personId);
    const submission = view.submissions.find((s) => s.submissionId === submissionId);
    if (!submission) {
      pages.page(request, reply.code(404), 'message.njk', { title: 'No such submission', viewer: duty.viewer }, {
        heading: 'No such submission',
        message: `The initiative board has no submission ${submissionId} on its list. One it removed or answered long ago is in the register. Look for it in the list of flagged submissions and harm reports.`,
      });
      return undefined;
    }
    const others = view.submissions.filter((s) => s.submissionId !== submissionId && !finalDecision(s.moderation)).map((s) => ({ value: s.submissionId, text: `${s.title} (${s.submissionId})` }));
    return { flagged: submissionFlagged(submission), others, workflowId: initiativeProcessId(duty.answer.boardId), command: 'moderateSubmission', idField: 'submissionId' };
  };

  const reportOf = async (request: FastifyRequest, reply: FastifyReply, duty: OnDuty, params: z.output<typeof reportParams>): Promise<Found | undefined> => {
    const watch = await governanceOf(context).harmWatch(params.productId, 'board');
    const report = watch.reports.find((r) => r.reportId === params.reportId);
    if (!report) {
      pages.page(request, reply.code(404), 'message.njk', { title: 'No such harm report', viewer: duty.viewer }, {
        heading: 'No such harm report',
        message: `${watch.productName} has no harm report ${params.reportId} open or recent. Look for it in the list of flagged submissions and harm reports.`,
      });
      return undefined;
    }
    const others = watch.reports.filter((r) => r.reportId !== params.reportId && !finalDecision(r.moderation)).map((r) => ({ value: r.reportId, text: `${r.summary} (${r.reportId})` }));
    return { flagged: reportFlagged(watch.productId, watch.productName, report), others, workflowId: harmWatchProcessId(params.productId), command: 'moderateHarm', idField: 'reportId' };
  };

  const formPage = (request: FastifyRequest, reply: FastifyReply, duty: OnDuty, found: Found, extra: { form?: ModerationForm; problem?: Problem; status?: number } = {}) =>
    pages.page(
      request,
      reply.code(extra.status ?? 200),
      'moderation.njk',
      { title: `Flagged: ${found.flagged.title}`, viewer: duty.viewer, ...(extra.problem ? { problem: extra.problem } : {}) },
      {
        ...found,
        form: extra.form ?? blank,
        outcomes: Object.entries(outcomeWords[found.flagged.subject]).map(([value, text]) => ({ value, text })),
      },
    );

  /** Sends the decision; the form again with the refusal, or the confirmation. */
  const decide = async (request: FastifyRequest, reply: FastifyReply, duty: OnDuty, found: Found) => {
    const form = typed(request.body, moderationNames);
    const sent = await sendFromForm(context, {
      workflowId: found.workflowId,
      command: found.command,
      // The one it repeats goes only with "merged": the engine refuses it with any other outcome.
      payload: {
        [found.idField]: found.flagged.id,
        ...(form.outcome ? { outcome: form.outcome } : {}),
        ...(form.outcome === 'merged' && form.into ? { into: form.into } : {}),
        reason: form.reason.trim(),
      },
      by: duty.viewer.personId,
      fields: { outcome: 'outcome', into: 'into', reason: 'reason' },
      field: 'outcome',
      said: { outcome: 'Choose what becomes of it: keep it, merge it or remove it' },
    });
    if (sent.problem) return formPage(request, reply, duty, found, { form, problem: sent.problem, status: sent.status });
    // The decision's number is the next on the thing (read just before): its register entry is published shortly after.
    const decisionId = moderationDecisionId(found.flagged.id, found.flagged.decisions.length + 1);
    const outcome = form.outcome as ModerationOutcome;
    const heading = moderationHeading({ subject: found.flagged.subject, subjectId: found.flagged.id, outcome, ...(outcome === 'merged' ? { into: form.into } : {}) });
    return pages.page(request, reply, 'moderated.njk', { title: heading, viewer: duty.viewer }, { heading, decisionId, flagged: found.flagged, outcome });
  };

  /**
   * A flagged thing's page and its decision, GET and POST alike: the params read, the duty checked on the thing's
   * board, the thing found (or a page saying there is none), then the form shown or the decision sent.
   */
  const thingRoutes = <S extends z.ZodType>(
    path: string,
    params: S,
    board: BoardKind,
    words: { readonly show: string; readonly moderate: string },
    find: (request: FastifyRequest, reply: FastifyReply, duty: OnDuty, params: z.output<S>) => Promise<Found | undefined>,
  ) => {
    const open = async (request: FastifyRequest, reply: FastifyReply, what: string) => {
      const read = parseInput(params, request.params, what);
      const duty = await onDuty(request, reply, board, ['secretariat']);
      const found = duty && (await find(request, reply, duty, read));
      return duty && found ? { duty, found } : undefined;
    };
    scope.get(path, async (request, reply) => {
      const opened = await open(request, reply, words.show);
      return opened ? formPage(request, reply, opened.duty, opened.found) : reply;
    });
    scope.post(path, async (request, reply) => {
      const opened = await open(request, reply, words.moderate);
      return opened ? decide(request, reply, opened.duty, opened.found) : reply;
    });
  };

  thingRoutes('/secretariat/moderation/submissions/:submissionId', submissionParams, 'initiativeBoard', { show: 'Cannot show that submission', moderate: 'Cannot moderate that submission' }, (request, reply, duty, p) =>
    submissionOf(request, reply, duty, p.submissionId),
  );
  thingRoutes('/secretariat/moderation/harms/:productId/:reportId', reportParams, 'productBoard', { show: 'Cannot show that harm report', moderate: 'Cannot moderate that harm report' }, reportOf);
}
