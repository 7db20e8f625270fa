/**
 * The conditions of approvals still open, for the product board's secretariat: an approval with
 * conditions moves the product, and each condition must be closed with evidence before its next gate
 * may be requested (machines/product/rules.ts says so; this page only shows what the product says).
 *
 *   GET  /secretariat/conditions                                   the open conditions, product by product
 *   GET  /secretariat/products/:productId/conditions/:conditionId  the form to close one with evidence
 *   POST /secretariat/products/:productId/conditions/:conditionId  closes it
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { productProcessId } from '../../../../machines/kernel/ids';
import { recordId } from '../../../../machines/kernel/schema';
import type { ProductView } from '../../../../machines/product/view';
import { parseInput } from '../../../input';
import { governanceOf } from '../../../routes/processes';
import { sendFromForm } from '../../formCommand';
import { typed, type Problem } from '../../forms';
import type { Portal } from '../../plugin';
import { dutyChecks, type OnDuty } from './duty';
import type { Task } from './hub';

export const conditionTasks: readonly Task[] = [
  { href: '/secretariat/conditions', text: 'Conditions to close', hint: 'What the board’s approvals with conditions still ask for: each closed with evidence before the product’s next gate.', for: [['productBoard', 'secretariat']] },
];

const conditionParams = z.strictObject({ productId: recordId.max(200), conditionId: recordId.max(200) });

export function conditionPages(scope: FastifyInstance, portal: Portal): void {
  const { context, pages } = portal;
  const { onDuty } = dutyChecks(portal);

  scope.get('/secretariat/conditions', async (request, reply) => {
    const duty = await onDuty(request, reply, 'productBoard', ['secretariat']);
    if (!duty) return reply;
    const governance = governanceOf(context);
    const { products: ids } = await governance.boardStatus(duty.answer.boardId);
    const asked = await Promise.allSettled(ids.map((id) => governance.product(id)));
    const silent = ids.filter((_, i) => asked[i]!.status === 'rejected');
    const products = asked.flatMap((a) => (a.status === 'fulfilled' && a.value.openConditions.length ? [a.value] : []));
    return pages.page(request, reply, 'conditions.njk', { title: 'Conditions to close', viewer: duty.viewer }, { products, silent });
  });

  const conditionPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    duty: OnDuty,
    params: z.output<typeof conditionParams>,
    extra: { form?: Readonly<Record<string, string>>; problem?: Problem; status?: number } = {},
  ) => {
    const product: ProductView = await governanceOf(context).product(params.productId);
    const condition = product.conditions.find((c) => c.conditionId === params.conditionId);
    if (!condition)
      return pages.page(request, reply.code(404), 'message.njk', { title: 'No such condition', viewer: duty.viewer }, {
        heading: 'No such condition',
        message: `${product.product.name} has no condition ${params.conditionId}. Look for it in the list of conditions to close.`,
      });
    return pages.page(
      request,
      reply.code(extra.status ?? 200),
      'condition.njk',
      { title: `Close a condition of ${product.product.name}`, viewer: duty.viewer, ...(extra.problem ? { problem: extra.problem } : {}) },
      { product, condition, form: extra.form ?? { evidence: '' } },
    );
  };

  scope.get('/secretariat/products/:productId/conditions/:conditionId', async (request, reply) => {
    const params = parseInput(conditionParams, request.params, 'Cannot show that condition');
    const duty = await onDuty(request, reply, 'productBoard', ['secretariat']);
    if (!duty) return reply;
    return conditionPage(request, reply, duty, params);
  });

  scope.post('/secretariat/products/:productId/conditions/:conditionId', async (request, reply) => {
    const params = parseInput(conditionParams, request.params, 'Cannot close that condition');
    const duty = await onDuty(request, reply, 'productBoard', ['secretariat']);
    if (!duty) return reply;
    const form = typed(request.body, ['evidence']);
    const sent = await sendFromForm(context, {
      workflowId: productProcessId(params.productId),
      command: 'closeCondition',
      payload: { conditionId: params.conditionId, evidence: form.evidence.trim() },
      by: duty.viewer.personId,
      fields: { evidence: 'evidence' },
      field: 'evidence',
    });
    if (sent.problem) return conditionPage(request, reply, duty, params, { form, problem: sent.problem, status: sent.status });
    const product = await governanceOf(context).product(params.productId);
    const condition = product.conditions.find((c) => c.conditionId === params.conditionId);
    return pages.page(request, reply, 'condition-closed.njk', { title: 'The condition is closed', viewer: duty.viewer }, { product, condition });
  });
}
