/**
 * The KPIs of the initiative board's strategy in force, for its secretariat: each KPI's trend (its baseline,
 * target and date, and each quarter's figure so far), and recording this quarter's figure for one, with the
 * evidence it comes from (recordKpiProgress; a second figure in the same quarter corrects the first).
 *
 *   GET  /secretariat/quarter/kpis   the strategy's KPIs and their trends, and the form; with no strategy in force, how to get one
 *   POST /secretariat/quarter/kpis   records a KPI's figure this quarter (kpi.progressRecorded)
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isTracked } from '../../../../machines/initiativeBoard/kpis';
import { initiativeProcessId } from '../../../../machines/kernel/ids';
import { governanceOf } from '../../../routes/processes';
import { sendFromForm } from '../../formCommand';
import { problemAt, typed, type Problem, type Typed } from '../../forms';
import type { Portal } from '../../plugin';
import { confirmations } from './done';
import { dutyChecks, type OnDuty } from './duty';
import type { Task } from './hub';

export const kpiTasks: readonly Task[] = [
  { href: '/secretariat/quarter/kpis', text: 'The strategy’s KPIs', hint: 'Record where each KPI of the strategy in force has got to this quarter, with the evidence, and see how each is going.', for: [['initiativeBoard', 'secretariat']] },
];

const kpiNames = ['kpi', 'value', 'evidence'] as const;
type KpiForm = Typed<(typeof kpiNames)[number]>;

/** What the figure field says when it is empty or not a number: the schema's words name its bounds only. */
const figureWanted = 'Give the figure the KPI has reached, as a number, for example 2,400';

/** The figure as typed, a thousands separator allowed ("2,400", "12.5"); undefined when it is not a number. */
export function figureOf(typedFigure: string): number | undefined {
  const figure = typedFigure.trim().replace(/[\s,]/g, '');
  return /^-?\d+(\.\d+)?$/.test(figure) ? Number(figure) : undefined;
}

export function kpiPages(scope: FastifyInstance, portal: Portal): void {
  const { context, pages } = portal;
  const { onDuty } = dutyChecks(portal);
  const boardOf = (duty: OnDuty) => governanceOf(context).initiative(duty.answer.boardId).status();
  const secretariat = (request: FastifyRequest, reply: FastifyReply) => onDuty(request, reply, 'initiativeBoard', ['secretariat']);
  const done = confirmations(pages, { href: '/secretariat/quarter/kpis', text: 'Back to the KPIs' });

  const kpisPage = async (request: FastifyRequest, reply: FastifyReply, duty: OnDuty, extra: { form?: KpiForm; problem?: Problem; status?: number } = {}) => {
    const view = await boardOf(duty);
    const strategy = view.strategy;
    const kpis = strategy ? strategy.kpis.map((k, i) => ({ name: k.name, trend: strategy.trends[i] ?? '', tracked: isTracked(k) })) : [];
    return pages.page(
      request,
      reply.code(extra.status ?? 200),
      'quarter-kpis.njk',
      { title: 'The strategy’s KPIs', viewer: duty.viewer, ...(extra.problem ? { problem: extra.problem } : {}) },
      {
        strategy,
        kpis,
        meetingId: view.quarter.meetingId,
        // Only a KPI with a baseline, a target and a date can be followed; one decided in words cannot.
        choices: kpis.filter((k) => k.tracked).map((k) => ({ value: k.name, text: k.name })),
        form: extra.form ?? (Object.fromEntries(kpiNames.map((n) => [n, ''])) as KpiForm),
      },
    );
  };

  scope.get('/secretariat/quarter/kpis', async (request, reply) => {
    const duty = await secretariat(request, reply);
    if (!duty) return reply;
    return kpisPage(request, reply, duty);
  });

  scope.post('/secretariat/quarter/kpis', async (request, reply) => {
    const duty = await secretariat(request, reply);
    if (!duty) return reply;
    const form = typed(request.body, kpiNames);
    const again = (problem: Problem, status: number) => kpisPage(request, reply, duty, { form, problem, status });
    const value = figureOf(form.value);
    if (form.value.trim() && value === undefined) return again(problemAt('value', figureWanted), 400);
    const sent = await sendFromForm(context, {
      workflowId: initiativeProcessId(duty.answer.boardId),
      command: 'recordKpiProgress',
      payload: { ...(form.kpi ? { kpi: form.kpi } : {}), ...(value !== undefined ? { value } : {}), evidence: form.evidence.trim() },
      by: duty.viewer.personId,
      fields: { kpi: 'kpi', value: 'value', evidence: 'evidence' },
      field: 'kpi',
      said: { kpi: 'Choose the KPI the figure is for', ...(value === undefined ? { value: figureWanted } : {}) },
    });
    if (sent.problem) return again(sent.problem, sent.status);
    const view = await boardOf(duty);
    const at = view.strategy?.kpis.findIndex((k) => k.name === form.kpi) ?? -1;
    return done(request, reply, duty.viewer, 'The figure is recorded', [
      `${form.kpi}: ${value!.toLocaleString('en-GB')} this quarter (${view.quarter.meetingId}). The evidence is recorded: ${form.evidence.trim()}`,
      `How it is going now: ${view.strategy?.trends[at] ?? ''}`,
      'A second figure for it this quarter corrects this one; each quarter’s goes in the minutes of its meeting.',
    ]);
  });
}
