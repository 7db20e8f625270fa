/**
 * Registering a product with the product board, for its secretariat: the board starts the product's
 * own process at `proposed`, from which the secretariat requests its gates.
 *
 *   GET  /secretariat/products/register   the form: the product's name, its id, a description
 *   POST /secretariat/products/register   registers it; a confirmation once the product's process answers
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { readOnceStarted } from '../../../../client/processes';
import { boardProcessId } from '../../../../machines/kernel/ids';
import type { ProductView } from '../../../../machines/product/view';
import { governanceOf } from '../../../routes/processes';
import { sendFromForm } from '../../formCommand';
import { typed, type Problem } from '../../forms';
import type { Portal } from '../../plugin';
import { dutyChecks, type OnDuty } from './duty';
import type { Task } from './hub';

export const registrationTasks: readonly Task[] = [
  { href: '/secretariat/products/register', text: 'Register a product', hint: 'Bring a new product before the product board: it starts as proposed.', for: [['productBoard', 'secretariat']] },
];

const names = ['name', 'id', 'description'] as const;

export function registrationPages(scope: FastifyInstance, portal: Portal): void {
  const { context, pages } = portal;
  const { onDuty } = dutyChecks(portal);

  const registerPage = (request: FastifyRequest, reply: FastifyReply, duty: OnDuty, extra: { form?: Readonly<Record<string, string>>; problem?: Problem; status?: number } = {}) =>
    pages.page(
      request,
      reply.code(extra.status ?? 200),
      'product-register.njk',
      { title: 'Register a product', viewer: duty.viewer, ...(extra.problem ? { problem: extra.problem } : {}) },
      { form: extra.form ?? Object.fromEntries(names.map((n) => [n, ''])) },
    );

  scope.get('/secretariat/products/register', async (request, reply) => {
    const duty = await onDuty(request, reply, 'productBoard', ['secretariat']);
    if (!duty) return reply;
    return registerPage(request, reply, duty);
  });

  scope.post('/secretariat/products/register', async (request, reply) => {
    const duty = await onDuty(request, reply, 'productBoard', ['secretariat']);
    if (!duty) return reply;
    const form = typed(request.body, names);
    const id = form.id.trim();
    const sent = await sendFromForm(context, {
      workflowId: boardProcessId(duty.answer.boardId),
      command: 'registerProduct',
      payload: { product: { id, name: form.name.trim(), ...(form.description.trim() ? { description: form.description.trim() } : {}) } },
      by: duty.viewer.personId,
      fields: { 'product.name': 'name', 'product.id': 'id', 'product.description': 'description' },
      field: 'name',
      // The board refuses an id it has, naming it; any other refusal (the role) is about no one field.
      refusedAt: (message) => (id && message.includes(`Product ${id} `) ? 'id' : 'name'),
    });
    if (sent.problem) return registerPage(request, reply, duty, { form, problem: sent.problem, status: sent.status });
    // The board starts the product's process as it records the registration: wait until it answers.
    const product: ProductView | undefined = await readOnceStarted(() => governanceOf(context).product(id)).catch(() => undefined);
    return pages.page(request, reply, 'product-registered.njk', { title: 'The product is registered', viewer: duty.viewer }, { id, name: form.name.trim(), product });
  });
}
