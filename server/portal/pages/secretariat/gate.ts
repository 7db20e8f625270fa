/**
 * The product board's products and gate requests, for its secretariat and chair.
 *
 *   GET  /secretariat/products                  the product board's products, with stage and what is before the board
 *   GET  /secretariat/products/:productId/gate  the gate request form: decision, papers, one self-assessment per principle in force
 *   POST /secretariat/products/:productId/gate  requests it (at a meeting, or by written procedure if the chair calls one)
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { recordId } from '../../../../machines/kernel/schema';
import { parseInput } from '../../../input';
import { governanceOf } from '../../../routes/processes';
import { sendFromForm } from '../../formCommand';
import type { Portal } from '../../plugin';
import { productProcessId } from '../../../../machines/kernel/ids';
import { forwardGates } from '../../../../machines/kernel/lifecycle';
import type { ProductView } from '../../../../machines/product/view';
import { dayWanted, deadlineHour, hourOnDay } from '../../dates';
import { capitalised, lines, problemAt, typed, type Problem } from '../../forms';
import { dutyChecks, type OnDuty } from './duty';
import type { Task } from './hub';

export const gateTasks: readonly Task[] = [
  { href: '/secretariat/products', text: 'Products and gate requests', hint: 'The product board’s products, their stage, and asking the board to decide a gate.', for: [['productBoard', 'secretariat'], ['productBoard', 'chair']] },
];

const productParams = z.strictObject({ productId: recordId.max(200) });

/** The id of the form field for the self-assessment against principle `id`. */
const assessmentField = (id: string) => `assessment-${id}`;

export function gatePages(scope: FastifyInstance, portal: Portal): void {
  const { context, pages } = portal;
  const { onDuty } = dutyChecks(portal);

  scope.get('/secretariat/products', async (request, reply) => {
    const duty = await onDuty(request, reply, 'productBoard', ['secretariat', 'chair']);
    if (!duty) return reply;
    const governance = governanceOf(context);
    const board = await governance.boardStatus(duty.answer.boardId);
    const asked = await Promise.allSettled(board.products.map((id) => governance.product(id)));
    const products = asked.map((a, i) => (a.status === 'fulfilled' ? { id: board.products[i]!, view: a.value } : { id: board.products[i]! }));
    return pages.page(request, reply, 'secretariat-products.njk', { title: 'Products', viewer: duty.viewer }, { products, secretariat: duty.holds.includes('secretariat') });
  });

  const gateNames = (principles: readonly { id: string }[]) => ['gate', 'papers', 'procedure', 'deadline', ...principles.map((p) => assessmentField(p.id))] as const;

  const gatePage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    duty: OnDuty,
    productId: string,
    extra: { form?: Readonly<Record<string, string>>; problem?: Problem; status?: number } = {},
  ) => {
    const governance = governanceOf(context);
    const [product, board] = await Promise.all([governance.product(productId), governance.boardStatus(duty.answer.boardId)]);
    // The secretariat places items on a meeting's agenda; only the chair calls a written procedure.
    const procedures = [
      ...(duty.holds.includes('secretariat') ? [{ value: 'meeting', text: 'At the next meeting whose papers deadline it meets' }] : []),
      ...(duty.holds.includes('chair') ? [{ value: 'written', text: 'By written procedure, between meetings (you call it as chair)' }] : []),
    ];
    const form = extra.form ?? Object.fromEntries(gateNames(board.principles).map((n) => [n, n === 'procedure' ? procedures[0]!.value : '']));
    // A step forward waits while a condition of an earlier approval is open (the product's rule); the page says so before anyone asks.
    const held = product.openConditions.length ? product.mayRequest.filter((g) => forwardGates.includes(g)) : [];
    return pages.page(
      request,
      reply.code(extra.status ?? 200),
      'gate.njk',
      { title: `Request a gate for ${product.product.name}`, viewer: duty.viewer, ...(extra.problem ? { problem: extra.problem } : {}) },
      {
        product,
        form,
        gates: product.mayRequest.map((g) => ({ value: g, text: capitalised(g), ...(held.includes(g) ? { hint: { text: 'Not until the open conditions are closed' } } : {}) })),
        held,
        procedures,
        mayWrite: duty.holds.includes('chair'),
        assessments: board.principles.map((p) => ({ field: assessmentField(p.id), principle: p, value: form[assessmentField(p.id)] ?? '' })),
      },
    );
  };

  scope.get('/secretariat/products/:productId/gate', async (request, reply) => {
    const { productId } = parseInput(productParams, request.params, 'Cannot show that product');
    const duty = await onDuty(request, reply, 'productBoard', ['secretariat', 'chair']);
    if (!duty) return reply;
    return gatePage(request, reply, duty, productId);
  });

  scope.post('/secretariat/products/:productId/gate', async (request, reply) => {
    const { productId } = parseInput(productParams, request.params, 'Cannot request a gate for that product');
    const duty = await onDuty(request, reply, 'productBoard', ['secretariat', 'chair']);
    if (!duty) return reply;
    const governance = governanceOf(context);
    const { principles } = await governance.boardStatus(duty.answer.boardId);
    const form = typed(request.body, gateNames(principles));
    const field = (name: string): string => form[name] ?? '';
    const again = (problem: Problem, status = 400) => gatePage(request, reply, duty, productId, { form, problem, status });
    const written = form.procedure === 'written';
    const deadline = written ? hourOnDay(field('deadline'), deadlineHour, portal.zoneOf(duty.viewer)) : undefined;
    if (written && !deadline) return again(problemAt('deadline', dayWanted('the day voting closes')));
    // Each principle's field as the team wrote it; an empty one is left out, and the board says which it misses.
    const selfAssessment = principles.map((p) => ({ principle: p.id, assessment: field(assessmentField(p.id)).trim() })).filter((a) => a.assessment);
    const firstEmpty = principles.find((p) => !field(assessmentField(p.id)).trim()) ?? principles[0];
    const assessmentAt = firstEmpty ? assessmentField(firstEmpty.id) : 'gate';
    const sent = await sendFromForm(context, {
      workflowId: productProcessId(productId),
      command: 'requestGate',
      payload: { ...(field('gate') ? { gate: field('gate') } : {}), procedure: written ? 'written' : 'meeting', ...(deadline ? { deadline } : {}), papers: lines(field('papers')), selfAssessment },
      by: duty.viewer.personId,
      fields: { gate: 'gate', papers: 'papers', procedure: 'procedure', deadline: 'deadline', selfAssessment: assessmentAt },
      field: 'gate',
      said: { gate: 'Choose the decision the board is asked for' },
      refusedAt: (message) => (/self-assessment/i.test(message) ? assessmentAt : /written procedure|deadline/i.test(message) ? 'deadline' : 'gate'),
    });
    if (sent.problem) return again(sent.problem, sent.status);
    const product: ProductView = await governance.product(productId);
    return pages.page(request, reply, 'gate-requested.njk', { title: 'The gate is requested', viewer: duty.viewer }, { product, written });
  });
}
