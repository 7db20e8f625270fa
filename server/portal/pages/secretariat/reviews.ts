/**
 * Recording a live product's benefit and harm review, for the product board's secretariat. A review
 * falls due on the harm watch's schedule (30 and 90 days after going live, then every 6 months, by
 * default), the watch gathers its evidence, and then it waits to be recorded: the benefits and harms
 * found, and the worst harm rated. The watch lets the board's members record it too (the role
 * "reviewer": workflows/harmWatch/workflow.ts); these pages serve the secretariat.
 *
 *   GET  /secretariat/reviews/:productId   the review under way, its evidence, and the form
 *   POST /secretariat/reviews/:productId   records it; it is published to the register
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { harmLevels } from '../../../../machines/harmWatch/schema';
import { harmWatchProcessId } from '../../../../machines/kernel/ids';
import { recordId } from '../../../../machines/kernel/schema';
import { parseInput } from '../../../input';
import { governanceOf } from '../../../routes/processes';
import { sendFromForm } from '../../formCommand';
import { capitalised, lines, typed, type Problem } from '../../forms';
import type { Portal } from '../../plugin';
import { dutyChecks, type OnDuty } from './duty';
import { remedyChoices } from './harms';

const productParams = z.strictObject({ productId: recordId.max(200) });

const names = ['benefits', 'harms', 'worstHarm', 'summary', 'remedy'] as const;

export function reviewPages(scope: FastifyInstance, portal: Portal): void {
  const { context, pages } = portal;
  const { onDuty } = dutyChecks(portal);

  const reviewPage = async (request: FastifyRequest, reply: FastifyReply, duty: OnDuty, productId: string, extra: { form?: Readonly<Record<string, string>>; problem?: Problem; status?: number } = {}) => {
    const watch = await governanceOf(context).harmWatch(productId, 'board');
    return pages.page(
      request,
      reply.code(extra.status ?? 200),
      'harm-review.njk',
      { title: `Benefit and harm review of ${watch.productName}`, viewer: duty.viewer, ...(extra.problem ? { problem: extra.problem } : {}) },
      {
        watch,
        form: extra.form ?? Object.fromEntries(names.map((n) => [n, ''])),
        levels: harmLevels.map((value) => ({ value, text: value === 'none' ? 'None found' : capitalised(value) })),
        remedies: remedyChoices,
        // The low harms triaged since the last review: this one takes them up.
        carried: watch.openReports.filter((r) => r.status === 'carriedToReview'),
      },
    );
  };

  scope.get('/secretariat/reviews/:productId', async (request, reply) => {
    const { productId } = parseInput(productParams, request.params, 'Cannot show that review');
    const duty = await onDuty(request, reply, 'productBoard', ['secretariat']);
    if (!duty) return reply;
    return reviewPage(request, reply, duty, productId);
  });

  scope.post('/secretariat/reviews/:productId', async (request, reply) => {
    const { productId } = parseInput(productParams, request.params, 'Cannot record that review');
    const duty = await onDuty(request, reply, 'productBoard', ['secretariat']);
    if (!duty) return reply;
    const form = typed(request.body, names);
    const sent = await sendFromForm(context, {
      workflowId: harmWatchProcessId(productId),
      command: 'recordReview',
      payload: {
        benefits: lines(form.benefits),
        harms: lines(form.harms),
        ...(form.worstHarm ? { worstHarm: form.worstHarm } : {}),
        ...(form.summary.trim() ? { summary: form.summary.trim() } : {}),
        ...(form.remedy ? { remedy: form.remedy } : {}),
      },
      by: duty.viewer.personId,
      fields: { benefits: 'benefits', harms: 'harms', worstHarm: 'worstHarm', summary: 'summary', remedy: 'remedy' },
      field: 'worstHarm',
      said: { worstHarm: 'Choose the worst harm the review found: none, low, medium, high or critical' },
    });
    if (sent.problem) return reviewPage(request, reply, duty, productId, { form, problem: sent.problem, status: sent.status });
    const watch = await governanceOf(context).harmWatch(productId, 'board');
    return pages.page(request, reply, 'harm-reviewed.njk', { title: 'The review is recorded', viewer: duty.viewer }, { watch, reviewId: sent.receipt?.created, worstHarm: form.worstHarm });
  });
}
