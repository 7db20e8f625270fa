/**
 * Harm reports on the product board's live products, for its secretariat: the triage queue across
 * products, soonest triage deadline first (the harm watch sets it: 5 working days by default), the
 * triage of each report, and the action plans of medium harms to complete with evidence. The harm
 * watch asks the board whether the sender is its secretariat (workflows/harmWatch/workflow.ts), so
 * these pages are offered to the secretariat and the watch's refusal is shown to anyone else.
 *
 *   GET  /secretariat/harms                               reports awaiting triage, action plans open, reviews to record
 *   GET  /secretariat/harms/:productId/:reportId          the triage form: severity, note, action plan, remedy
 *   POST /secretariat/harms/:productId/:reportId          triages it
 *   GET  /secretariat/harms/:productId/:reportId/action   the form to record its action plan done, with evidence
 *   POST /secretariat/harms/:productId/:reportId/action   records it
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { NotFound } from '../../../../client/errors';
import { remedyWords as remedyDoes } from '../../../../machines/harmWatch/rules';
import type { HarmReportView } from '../../../../machines/harmWatch/view';
import { remedies, severities, type Severity } from '../../../../machines/harmWatch/schema';
import type { HarmWatchView } from '../../../../machines/harmWatch/view';
import { harmWatchProcessId } from '../../../../machines/kernel/ids';
import { recordId } from '../../../../machines/kernel/schema';
import { parseInput } from '../../../input';
import { governanceOf } from '../../../routes/processes';
import { dayWanted, deadlineHour, hourOnDay } from '../../dates';
import { sendFromForm } from '../../formCommand';
import { capitalised, problemAt, typed, type Problem } from '../../forms';
import type { Portal } from '../../plugin';
import { dutyChecks, type OnDuty } from './duty';
import type { Task } from './hub';

export const harmTasks: readonly Task[] = [
  { href: '/secretariat/harms', text: 'Harm reports to triage', hint: 'Reports of harm by live products, soonest triage deadline first; action plans to complete; reviews to record.', for: [['productBoard', 'secretariat']] },
];

/** What each severity sets in motion, in the order the form offers them (the harm watch's rules: machines/harmWatch/rules.ts, statusAfterTriage). */
const severityHints: Readonly<Record<Severity, string>> = {
  low: 'Taken up at the next benefit and harm review.',
  medium: 'Needs an action plan with a due date, tracked until it is done.',
  high: 'Put at once to the product board, which decides by written procedure whether to suspend the product or roll it back; the initiative board is told.',
  critical: 'As high, and the most serious: put at once to the product board; the initiative board is told.',
};

/** The remedies a high or critical harm may put to the product board, as a form offers them (a review's form too). */
export const remedyChoices = remedies.map((value) => ({ value, text: `${value === 'rollback' ? 'Roll back' : 'Suspend'}: ${remedyDoes[value]}` }));

const reportParams = z.strictObject({ productId: recordId.max(200), reportId: recordId.max(200) });
type ReportParams = z.output<typeof reportParams>;

const triageNames = ['severity', 'note', 'actionDescription', 'actionDue', 'actionOwner', 'remedy'] as const;

/** The board's live products' harm watches; a product with none (not live yet) is left out, one that does not answer is named. */
export async function watchesOf(portal: Portal, boardId: string): Promise<{ watches: HarmWatchView[]; silent: string[] }> {
  const governance = governanceOf(portal.context);
  const { products } = await governance.boardStatus(boardId);
  const asked = await Promise.allSettled(products.map((id) => governance.harmWatch(id, 'board')));
  return {
    watches: asked.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : [])),
    silent: products.filter((_, i) => asked[i]!.status === 'rejected' && !((asked[i] as PromiseRejectedResult).reason instanceof NotFound)),
  };
}

export function harmPages(scope: FastifyInstance, portal: Portal): void {
  const { context, pages } = portal;
  const { onDuty } = dutyChecks(portal);

  scope.get('/secretariat/harms', async (request, reply) => {
    const duty = await onDuty(request, reply, 'productBoard', ['secretariat']);
    if (!duty) return reply;
    const { watches, silent } = await watchesOf(portal, duty.answer.boardId);
    const now = Date.now();
    const of = (w: HarmWatchView, r: HarmReportView) => ({ productId: w.productId, productName: w.productName, report: r });
    const waiting = watches
      .flatMap((w) => w.openReports.filter((r) => r.status === 'awaitingTriage').map((r) => ({ ...of(w, r), late: r.triageOverdue === true || Date.parse(r.triageBy) < now })))
      .sort((a, b) => a.report.triageBy.localeCompare(b.report.triageBy));
    const actions = watches
      .flatMap((w) => w.openReports.filter((r) => r.actionPlan && !r.actionPlan.completed).map((r) => of(w, r)))
      .sort((a, b) => a.report.actionPlan!.dueAt.localeCompare(b.report.actionPlan!.dueAt));
    const reviews = watches.flatMap((w) => (w.current ? [{ productId: w.productId, productName: w.productName, review: w.current }] : []));
    return pages.page(request, reply, 'harm-queue.njk', { title: 'Harm reports to triage', viewer: duty.viewer }, { waiting, actions, reviews, silent });
  });

  /** The report `params` names, or undefined after a page saying there is none. */
  const reportOf = async (request: FastifyRequest, reply: FastifyReply, duty: OnDuty, params: ReportParams) => {
    const watch = await governanceOf(context).harmWatch(params.productId, 'board');
    const report = watch.reports.find((r) => r.reportId === params.reportId);
    if (report) return { watch, report };
    pages.page(request, reply.code(404), 'message.njk', { title: 'No such harm report', viewer: duty.viewer }, {
      heading: 'No such harm report',
      message: `${watch.productName} has no harm report ${params.reportId} open or recent. Look for it in the list of harm reports to triage.`,
    });
    return undefined;
  };

  const triagePage = async (request: FastifyRequest, reply: FastifyReply, duty: OnDuty, params: ReportParams, extra: { form?: Readonly<Record<string, string>>; problem?: Problem; status?: number } = {}) => {
    const found = await reportOf(request, reply, duty, params);
    if (!found) return reply;
    return pages.page(
      request,
      reply.code(extra.status ?? 200),
      'harm-triage.njk',
      { title: `Triage: ${found.report.summary}`, viewer: duty.viewer, ...(extra.problem ? { problem: extra.problem } : {}) },
      {
        ...found,
        form: extra.form ?? Object.fromEntries(triageNames.map((n) => [n, ''])),
        severities: severities.map((value) => ({ value, text: capitalised(value), hint: { text: severityHints[value] } })),
        remedies: remedyChoices,
      },
    );
  };

  scope.get('/secretariat/harms/:productId/:reportId', async (request, reply) => {
    const params = parseInput(reportParams, request.params, 'Cannot show that harm report');
    const duty = await onDuty(request, reply, 'productBoard', ['secretariat']);
    if (!duty) return reply;
    return triagePage(request, reply, duty, params);
  });

  scope.post('/secretariat/harms/:productId/:reportId', async (request, reply) => {
    const params = parseInput(reportParams, request.params, 'Cannot triage that harm report');
    const duty = await onDuty(request, reply, 'productBoard', ['secretariat']);
    if (!duty) return reply;
    const form = typed(request.body, triageNames);
    const again = (problem: Problem, status: number) => triagePage(request, reply, duty, params, { form, problem, status });
    // An action plan goes when any of its fields is filled, or with a medium harm (which the watch refuses without one).
    const plan = [form.actionDescription, form.actionDue, form.actionOwner].some((v) => v.trim());
    const dueAt = plan ? hourOnDay(form.actionDue, deadlineHour, portal.zoneOf(duty.viewer)) : undefined;
    if (plan && !dueAt) return again(problemAt('actionDue', dayWanted('the day the action plan is due')), 400);
    const actionPlan = dueAt ? { description: form.actionDescription.trim(), dueAt, ...(form.actionOwner.trim() ? { owner: form.actionOwner.trim() } : {}) } : undefined;
    const sent = await sendFromForm(context, {
      workflowId: harmWatchProcessId(params.productId),
      command: 'triageHarm',
      payload: { reportId: params.reportId, ...(form.severity ? { severity: form.severity } : {}), note: form.note.trim(), ...(actionPlan ? { actionPlan } : {}), ...(form.remedy ? { remedy: form.remedy } : {}) },
      by: duty.viewer.personId,
      fields: { severity: 'severity', note: 'note', actionPlan: 'actionDescription', 'actionPlan.description': 'actionDescription', 'actionPlan.dueAt': 'actionDue', 'actionPlan.owner': 'actionOwner', remedy: 'remedy' },
      field: 'severity',
      said: { severity: 'Choose how serious the harm is: low, medium, high or critical' },
      // The watch refuses a due date that has passed by quoting it; every other refusal is about the report as a whole.
      refusedAt: (message) => (dueAt && message.includes(dueAt) ? 'actionDue' : 'severity'),
    });
    if (sent.problem) return again(sent.problem, sent.status);
    const report = await governanceOf(context).harmReport(params.productId, params.reportId, 'board');
    return pages.page(request, reply, 'harm-triaged.njk', { title: 'The harm report is triaged', viewer: duty.viewer }, { productId: params.productId, report, remedyDoes });
  });

  const actionPage = async (request: FastifyRequest, reply: FastifyReply, duty: OnDuty, params: ReportParams, extra: { form?: Readonly<Record<string, string>>; problem?: Problem; status?: number } = {}) => {
    const found = await reportOf(request, reply, duty, params);
    if (!found) return reply;
    return pages.page(
      request,
      reply.code(extra.status ?? 200),
      'harm-action.njk',
      { title: `Action plan done: ${found.report.summary}`, viewer: duty.viewer, ...(extra.problem ? { problem: extra.problem } : {}) },
      { ...found, form: extra.form ?? { evidence: '' } },
    );
  };

  scope.get('/secretariat/harms/:productId/:reportId/action', async (request, reply) => {
    const params = parseInput(reportParams, request.params, 'Cannot show that action plan');
    const duty = await onDuty(request, reply, 'productBoard', ['secretariat']);
    if (!duty) return reply;
    return actionPage(request, reply, duty, params);
  });

  scope.post('/secretariat/harms/:productId/:reportId/action', async (request, reply) => {
    const params = parseInput(reportParams, request.params, 'Cannot record that action plan');
    const duty = await onDuty(request, reply, 'productBoard', ['secretariat']);
    if (!duty) return reply;
    const form = typed(request.body, ['evidence']);
    const sent = await sendFromForm(context, {
      workflowId: harmWatchProcessId(params.productId),
      command: 'completeAction',
      payload: { reportId: params.reportId, evidence: form.evidence.trim() },
      by: duty.viewer.personId,
      fields: { evidence: 'evidence' },
      field: 'evidence',
    });
    if (sent.problem) return actionPage(request, reply, duty, params, { form, problem: sent.problem, status: sent.status });
    const report = await governanceOf(context).harmReport(params.productId, params.reportId, 'board');
    return pages.page(request, reply, 'harm-action-done.njk', { title: 'The action plan is done', viewer: duty.viewer }, { productId: params.productId, report });
  });
}
