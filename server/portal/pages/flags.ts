/**
 * Flagging public input for the secretariat, for anyone signed in: a submission to the initiative board
 * or a harm report on a live product, as spam, abuse, personal details or a repeat. Each person flags a
 * thing once; at the policy's number of flags it is hidden from the public until the secretariat keeps,
 * merges or removes it (machines/kernel/moderation.ts). The engine refuses a second flag, or one on what
 * the secretariat already merged or removed, in its own words, shown on the form.
 *
 *   GET  /follow/flag?reference=                 the form for a submission
 *   POST /follow/flag                            flags it; a confirmation
 *   GET  /follow-harm/flag?product=&reference=   the form for a harm report
 *   POST /follow-harm/flag                       flags it; a confirmation
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { harmWatchProcessId, initiativeProcessId } from '../../../machines/kernel/ids';
import { recordId } from '../../../machines/kernel/schema';
import { governanceOf } from '../../routes/processes';
import { audienceOf, boardIdOf } from '../../roles';
import { sendFromForm } from '../formCommand';
import { problemOfRefusal, typed, type Problem, type Typed } from '../forms';
import { flagChoices } from '../moderation';
import type { Portal } from '../plugin';
import type { Viewer } from '../render';

/** What a flag form is about, as the page names it and where it goes back to. */
interface Flagged {
  /** "submission initiative-board-S4", "harm report benefits-map-H2". */
  readonly what: string;
  /** Its title as this reader may read it (the view's sentence, when moderation withholds it). */
  readonly title: string;
  readonly action: string;
  /** The follow page it came from. */
  readonly back: string;
  /** The hidden fields that say which it is. */
  readonly ids: Readonly<Record<string, string>>;
}

const said = { reason: 'Choose why the secretariat should look at it' };

export function flagPages(scope: FastifyInstance, portal: Portal): void {
  const { context, pages } = portal;
  const initiativeBoard = () => {
    const boardId = boardIdOf(context.boards, 'initiativeBoard');
    if (!boardId) throw new Error('This server serves no initiative board.');
    return boardId;
  };

  const formPage = (request: FastifyRequest, reply: FastifyReply, viewer: Viewer, flagged: Flagged, form: Typed<'reason'>, problem?: Problem, status = 200) =>
    pages.page(request, reply.code(status), 'flag.njk', { title: `Report ${flagged.what}`, viewer, ...(problem ? { problem } : {}) }, { flagged, form, reasons: flagChoices });

  /** The page for a thing that cannot be read (no such reference, or gone from the list), in the engine's words. */
  const noSuch = (request: FastifyRequest, reply: FastifyReply, viewer: Viewer, said: string, back: string) =>
    pages.page(request, reply.code(404), 'message.njk', { title: 'Nothing to report', viewer }, { heading: 'Nothing to report', message: `${said} Look for it again from ${back}.` });
  const refused = (err: unknown): string => {
    const problem = problemOfRefusal(err, 'reference');
    if (!problem) throw err;
    return problem.summary[0]!.text;
  };

  const badReference = (request: FastifyRequest, reply: FastifyReply, viewer: Viewer) =>
    pages.page(request, reply.code(400), 'message.njk', { title: 'Nothing to report', viewer }, {
      heading: 'Nothing to report',
      message: 'This address does not name a submission or report. Follow it by its reference first, then choose to report it from there.',
    });

  /** The submission `reference` as `viewer` may read it, for the form's heading. */
  const submissionFlagged = async (reference: string, viewer: Viewer): Promise<Flagged> => {
    const submission = await governanceOf(context).initiative(initiativeBoard()).follow(reference, viewer.personId);
    return { what: `submission ${reference}`, title: submission.title, action: '/follow/flag', back: `/follow?reference=${encodeURIComponent(reference)}`, ids: { reference } };
  };

  scope.get('/follow/flag', async (request, reply) => {
    const viewer = await portal.signedIn(request, reply);
    if (!viewer) return reply;
    const { reference } = typed(request.query, ['reference']);
    if (!recordId.safeParse(reference).success) return badReference(request, reply, viewer);
    try {
      return formPage(request, reply, viewer, await submissionFlagged(reference, viewer), { reason: '' });
    } catch (err) {
      return noSuch(request, reply, viewer, refused(err), 'the page to follow a submission');
    }
  });

  scope.post('/follow/flag', async (request, reply) => {
    const viewer = await portal.signedIn(request, reply);
    if (!viewer) return reply;
    const form = typed(request.body, ['reference', 'reason']);
    if (!recordId.safeParse(form.reference).success) return badReference(request, reply, viewer);
    const sent = await sendFromForm(context, {
      workflowId: initiativeProcessId(initiativeBoard()),
      command: 'flagSubmission',
      payload: { submissionId: form.reference, ...(form.reason ? { reason: form.reason } : {}) },
      by: viewer.personId,
      fields: { reason: 'reason' },
      field: 'reason',
      said,
    });
    const flagged = await submissionFlagged(form.reference, viewer).catch(() => undefined);
    if (sent.problem) {
      if (!flagged) return noSuch(request, reply, viewer, sent.problem.summary[0]!.text, 'the page to follow a submission');
      return formPage(request, reply, viewer, flagged, form, sent.problem, sent.status);
    }
    // As the public now reads it: whether this flag hid it.
    const seen = await governanceOf(context).initiative(initiativeBoard()).follow(form.reference).catch(() => undefined);
    return pages.page(request, reply, 'flagged.njk', { title: 'Thank you for telling us', viewer }, { flagged, back: `/follow?reference=${encodeURIComponent(form.reference)}`, hidden: seen?.withheld === 'hidden' });
  });

  /** The harm report `reference` on `product` as `viewer` may read it (as the board, if they sit on it). */
  const reportFlagged = async (product: string, reference: string, viewer: Viewer): Promise<Flagged> => {
    const report = await governanceOf(context).harmReport(product, reference, await audienceOf(context.boards, 'productBoard', viewer.personId));
    const back = `/follow-harm?product=${encodeURIComponent(product)}&reference=${encodeURIComponent(reference)}`;
    return { what: `harm report ${reference}`, title: report.summary, action: '/follow-harm/flag', back, ids: { product, reference } };
  };

  scope.get('/follow-harm/flag', async (request, reply) => {
    const viewer = await portal.signedIn(request, reply);
    if (!viewer) return reply;
    const { product, reference } = typed(request.query, ['product', 'reference']);
    if (!recordId.safeParse(product).success || !recordId.safeParse(reference).success) return badReference(request, reply, viewer);
    try {
      return formPage(request, reply, viewer, await reportFlagged(product, reference, viewer), { reason: '' });
    } catch (err) {
      return noSuch(request, reply, viewer, refused(err), 'the page to follow a harm report');
    }
  });

  scope.post('/follow-harm/flag', async (request, reply) => {
    const viewer = await portal.signedIn(request, reply);
    if (!viewer) return reply;
    const form = typed(request.body, ['product', 'reference', 'reason']);
    if (!recordId.safeParse(form.product).success || !recordId.safeParse(form.reference).success) return badReference(request, reply, viewer);
    const sent = await sendFromForm(context, {
      workflowId: harmWatchProcessId(form.product),
      command: 'flagHarm',
      payload: { reportId: form.reference, ...(form.reason ? { reason: form.reason } : {}) },
      by: viewer.personId,
      fields: { reason: 'reason' },
      field: 'reason',
      said,
    });
    const back = `/follow-harm?product=${encodeURIComponent(form.product)}&reference=${encodeURIComponent(form.reference)}`;
    const flagged = await reportFlagged(form.product, form.reference, viewer).catch(() => undefined);
    if (sent.problem) {
      if (!flagged) return noSuch(request, reply, viewer, sent.problem.summary[0]!.text, 'the page to follow a harm report');
      return formPage(request, reply, viewer, flagged, { reason: form.reason }, sent.problem, sent.status);
    }
    const seen = await governanceOf(context).harmReport(form.product, form.reference).catch(() => undefined);
    return pages.page(request, reply, 'flagged.njk', { title: 'Thank you for telling us', viewer }, { flagged, back, hidden: seen?.withheld === 'hidden' });
  });
}
