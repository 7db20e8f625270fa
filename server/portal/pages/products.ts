/**
 * Each product as anyone reads it, and reporting a harm a live product does. Anyone may report,
 * named (signed in) or anonymously, and follow the report by its reference; the harm watch's own
 * schema says what a report must hold, and the page names each field that falls short.
 *
 *   GET  /products                          every product the board has registered, with its stage
 *   GET  /products/:productId               its stage, open conditions, the item before the board, its decisions
 *   GET  /report-harm?product=              the form (live products only: they have a harm watch)
 *   POST /report-harm                       sends it; a confirmation with its reference
 *   GET  /follow-harm?product=&reference=   where a report stands; what moderation withholds from the public
 *                                          as the watch's sentence, how many flagged it, and a link to flag it (./flags.ts)
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { harmWatchProcessId } from '../../../machines/kernel/ids';
import { recordId } from '../../../machines/kernel/schema';
import type { ProductView } from '../../../machines/product/view';
import { parseInput } from '../../input';
import { governanceOf } from '../../routes/processes';
import { problemAt, problemOfRefusal, typed, type Problem } from '../forms';
import { sendFromForm } from '../formCommand';
import { withViewer, type Portal } from '../plugin';
import { audienceOf, boardIdOf } from '../../roles';
import { finalDecision, flaggedInWords } from '../moderation';

const productParams = z.strictObject({ productId: recordId.max(200) });
const followQuery = z.object({ product: z.string().max(200).optional(), reference: z.string().max(200).optional() });

export function productPages(scope: FastifyInstance, portal: Portal): void {
  const { context, pages } = portal;

  /** Every registered product's view; one that does not answer just now is left out. */
  const products = async (): Promise<ProductView[]> => {
    const governance = governanceOf(context);
    const boardId = boardIdOf(context.boards, 'productBoard');
    if (!boardId) return [];
    const ids = await governance.boardStatus(boardId).then((view) => view.products, () => [] as readonly string[]);
    const views = await Promise.allSettled(ids.map((id) => governance.product(id)));
    return views.flatMap((v) => (v.status === 'fulfilled' ? [v.value] : []));
  };
  const live = async () => (await products()).filter((p) => p.stage === 'live');

  scope.get('/products', async (request, reply) => {
    const viewer = await portal.viewer(request);
    return pages.page(request, reply, 'products.njk', { title: 'Products', ...withViewer(viewer) }, { products: await products() });
  });

  scope.get('/products/:productId', async (request, reply) => {
    const { productId } = parseInput(productParams, request.params, 'Cannot show that product');
    const viewer = await portal.viewer(request);
    const product = await governanceOf(context).product(productId);
    return pages.page(request, reply, 'product.njk', { title: product.product.name ?? product.product.id, ...withViewer(viewer) }, { product, decisions: [...product.decisions].reverse() });
  });

  const reportForm = async (request: FastifyRequest, reply: FastifyReply, form: Readonly<Record<string, string>>, problem?: Problem, status = 200) => {
    const viewer = await portal.viewer(request);
    return pages.page(request, reply.code(status), 'report-harm.njk', { title: 'Report a harm', ...withViewer(viewer), ...(problem ? { problem } : {}) }, { form, products: await live() });
  };

  scope.get('/report-harm', async (request, reply) => {
    const viewer = await portal.viewer(request);
    const product = typed(request.query, ['product']).product;
    return reportForm(request, reply, { product, summary: '', details: '', named: viewer ? 'yes' : 'no' });
  });

  scope.post('/report-harm', { preHandler: portal.anonymousPosts }, async (request, reply) => {
    const viewer = await portal.viewer(request);
    const form = typed(request.body, ['product', 'summary', 'details', 'named']);
    if (!recordId.safeParse(form.product).success) return reportForm(request, reply, form, problemAt('product', 'Choose the product that did harm'), 400);
    const sent = await sendFromForm(context, {
      workflowId: harmWatchProcessId(form.product),
      command: 'reportHarm',
      payload: { summary: form.summary.trim(), ...(form.details.trim() ? { details: form.details.trim() } : {}) },
      by: viewer && form.named === 'yes' ? viewer.personId : undefined,
      fields: { summary: 'summary', details: 'details' },
      field: 'summary',
      // What the watch refuses (the product is not live, or gone) is about the product chosen.
      refusedAt: () => 'product',
    });
    if (sent.problem) return reportForm(request, reply, form, sent.problem, sent.status);
    const reference = sent.receipt?.created;
    const report = reference ? await governanceOf(context).harmReport(form.product, reference) : undefined;
    return pages.page(request, reply, 'harm-reported.njk', { title: 'Your report is sent', ...withViewer(viewer) }, { product: form.product, reference, report });
  });

  scope.get('/follow-harm', async (request, reply) => {
    const viewer = await portal.viewer(request);
    const asked = followQuery.catch({}).parse(request.query ?? {});
    const form = { product: (asked.product ?? '').trim(), reference: (asked.reference ?? '').trim() };
    const frame = { title: 'Follow a harm report', ...withViewer(viewer) };
    if (!form.product && !form.reference) return pages.page(request, reply, 'follow-harm.njk', frame, { form });
    const wrong = !recordId.safeParse(form.product).success ? problemAt('product', 'Give the product the report is about, as the confirmation named it') : !recordId.safeParse(form.reference).success ? problemAt('reference', 'Give the reference we gave you when you reported') : undefined;
    if (wrong) return pages.page(request, reply.code(400), 'follow-harm.njk', { ...frame, problem: wrong }, { form });
    try {
      // As the API reads it for this reader: in full for someone the product board's roster names, else as the public.
      const report = await governanceOf(context).harmReport(form.product, form.reference, await audienceOf(context.boards, 'productBoard', viewer?.personId));
      const m = report.moderation;
      // The watch names who flagged only to the board: anyone else learns they flagged it already when they try.
      const mayFlag = !finalDecision(m) && !(viewer && m?.flaggedBy?.some((f) => f.by === viewer.personId));
      return pages.page(request, reply, 'follow-harm.njk', frame, { form, report, mayFlag, flagged: m && flaggedInWords(m.flags, m.reasons) });
    } catch (err) {
      const problem = problemOfRefusal(err, 'reference');
      if (!problem) throw err;
      return pages.page(request, reply.code(404), 'follow-harm.njk', { ...frame, problem }, { form });
    }
  });
}
