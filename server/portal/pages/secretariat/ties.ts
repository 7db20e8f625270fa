/**
 * The product board chair's casting vote on a tied gate review.
 *
 *   GET  /secretariat/ties                      gate reviews tied, waiting for the casting vote
 *   GET  /secretariat/ties/:reviewId            the casting vote form
 *   POST /secretariat/ties/:reviewId            gives it; the review is decided
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { recordId } from '../../../../machines/kernel/schema';
import { parseInput } from '../../../input';
import { governanceOf } from '../../../routes/processes';
import { sendFromForm } from '../../formCommand';
import type { Portal } from '../../plugin';
import type { GateReviewView } from '../../../../machines/gateReview/view';
import { typed, type Problem } from '../../forms';
import { dutyChecks, type OnDuty } from './duty';
import type { Task } from './hub';

export const tieTasks: readonly Task[] = [
  { href: '/secretariat/ties', text: 'Ties to settle', hint: 'Gate reviews whose vote is tied, waiting for your casting vote as chair.', for: [['productBoard', 'chair']] },
];

const reviewParams = z.strictObject({ reviewId: recordId.max(200) });

export function tiePages(scope: FastifyInstance, portal: Portal): void {
  const { context, pages } = portal;
  const { onDuty } = dutyChecks(portal);

  /** The gate reviews of `boardId` tied and waiting for the chair; a review that does not answer just now is left out. */
  const ties = async (boardId: string): Promise<GateReviewView[]> => {
    const governance = governanceOf(context);
    const running = (await governance.listReviews({ limit: 100 })).filter((r) => r.running);
    const views = await Promise.allSettled(running.map((r) => governance.status(r.reviewId)));
    return views.flatMap((v) => (v.status === 'fulfilled' && v.value.state === 'awaitingCastingVote' && v.value.boardId === boardId ? [v.value] : []));
  };

  scope.get('/secretariat/ties', async (request, reply) => {
    const duty = await onDuty(request, reply, 'productBoard', ['chair']);
    if (!duty) return reply;
    return pages.page(request, reply, 'ties.njk', { title: 'Ties to settle', viewer: duty.viewer }, { ties: await ties(duty.answer.boardId) });
  });

  const tiePage = async (request: FastifyRequest, reply: FastifyReply, duty: OnDuty, reviewId: string, extra: { form?: Readonly<Record<string, string>>; problem?: Problem; status?: number } = {}) => {
    const view = (await ties(duty.answer.boardId)).find((v) => v.reviewId === reviewId);
    if (!view)
      return pages.page(request, reply.code(404), 'message.njk', { title: 'No tie to settle', viewer: duty.viewer }, {
        heading: 'No tie to settle',
        message: `Gate review ${reviewId} is not waiting for a casting vote: it is not tied, or it was decided already. See the ties to settle.`,
      });
    return pages.page(
      request,
      reply.code(extra.status ?? 200),
      'tie.njk',
      { title: `Casting vote: ${view.product.name ?? view.product.id}, the ${view.gate} gate`, viewer: duty.viewer, ...(extra.problem ? { problem: extra.problem } : {}) },
      { view, form: extra.form ?? { choice: '', reason: '' }, choices: [{ value: 'approve', text: 'Approve' }, { value: 'reject', text: 'Reject' }] },
    );
  };

  scope.get('/secretariat/ties/:reviewId', async (request, reply) => {
    const { reviewId } = parseInput(reviewParams, request.params, 'Cannot show that review');
    const duty = await onDuty(request, reply, 'productBoard', ['chair']);
    if (!duty) return reply;
    return tiePage(request, reply, duty, reviewId);
  });

  scope.post('/secretariat/ties/:reviewId', async (request, reply) => {
    const { reviewId } = parseInput(reviewParams, request.params, 'Cannot give a casting vote on that review');
    const duty = await onDuty(request, reply, 'productBoard', ['chair']);
    if (!duty) return reply;
    const form = typed(request.body, ['choice', 'reason']);
    const again = (problem: Problem, status = 400) => tiePage(request, reply, duty, reviewId, { form, problem, status });
    const sent = await sendFromForm(context, {
      workflowId: reviewId,
      command: 'castCastingVote',
      payload: { ...(form.choice ? { choice: form.choice } : {}), ...(form.reason.trim() ? { reason: form.reason } : {}) },
      by: duty.viewer.personId,
      fields: { choice: 'choice', reason: 'reason' },
      field: 'choice',
      said: { choice: 'Choose approve or reject: a casting vote settles the tie one way' },
    });
    if (sent.problem) return again(sent.problem, sent.status);
    return pages.page(request, reply, 'tie-settled.njk', { title: 'Your casting vote is recorded', viewer: duty.viewer }, { reviewId, choice: form.choice });
  });
}
