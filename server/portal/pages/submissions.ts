/**
 * Bringing something to the initiative board, for anyone: a submission, named (signed in) or
 * anonymous, and following it by its reference to the board's published answer. The board's own
 * rules say what a submission must hold (its schema); the page names each field that falls short.
 *
 *   GET  /submit                   the form
 *   POST /submit                   sends it; a confirmation with its reference
 *   GET  /follow?reference=        where a submission stands, and the answer once published; what moderation
 *                                  withholds from the reader as the board's sentence, how many flagged it, and
 *                                  a link to flag it (./flags.ts) for whoever may
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { recordId } from '../../../machines/kernel/schema';
import { governanceOf } from '../../routes/processes';
import { initiativeProcessId, triageDecisionId } from '../../../machines/kernel/ids';
import { problemAt, problemOfRefusal, typed } from '../forms';
import { sendFromForm } from '../formCommand';
import { withViewer, type Portal } from '../plugin';
import { boardIdOf } from '../../roles';
import { finalDecision, flaggedInWords } from '../moderation';

const followQuery = z.strictObject({ reference: z.string().max(200).optional() });

export function submissionPages(scope: FastifyInstance, portal: Portal): void {
  const { context, pages } = portal;
  const initiativeBoard = () => {
    const boardId = boardIdOf(context.boards, 'initiativeBoard');
    if (!boardId) throw new Error('This server serves no initiative board.');
    return boardId;
  };

  scope.get('/submit', async (request, reply) => {
    const viewer = await portal.viewer(request);
    return pages.page(request, reply, 'submit.njk', { title: 'Raise something with the initiative board', ...withViewer(viewer) }, { form: { title: '', text: '', named: viewer ? 'yes' : 'no' } });
  });

  scope.post('/submit', { preHandler: portal.anonymousPosts }, async (request, reply) => {
    const viewer = await portal.viewer(request);
    const form = typed(request.body, ['title', 'text', 'named']);
    const again = (problem: ReturnType<typeof problemAt>, status = 400) =>
      pages.page(request, reply.code(status), 'submit.njk', { title: 'Raise something with the initiative board', ...withViewer(viewer), problem }, { form });
    // Named only when signed in and asked for; otherwise anonymous, whoever is signed in.
    const by = viewer && form.named === 'yes' ? viewer.personId : undefined;
    const sent = await sendFromForm(context, {
      workflowId: initiativeProcessId(initiativeBoard()),
      command: 'submitItem',
      payload: { title: form.title.trim(), text: form.text.trim() },
      by,
      fields: { title: 'title', text: 'text' },
      field: 'title',
    });
    if (sent.problem) return again(sent.problem, sent.status);
    const reference = sent.receipt?.created;
    const submission = reference ? await governanceOf(context).initiative(initiativeBoard()).follow(reference) : undefined;
    return pages.page(request, reply, 'submitted.njk', { title: 'Your submission is sent', ...withViewer(viewer) }, { reference, submission, named: by !== undefined });
  });

  scope.get('/follow', async (request, reply) => {
    const viewer = await portal.viewer(request);
    const { reference } = followQuery.catch({}).parse(request.query ?? {});
    const frame = { title: 'Follow a submission', ...withViewer(viewer) };
    if (!reference) return pages.page(request, reply, 'follow.njk', frame, { form: { reference: '' } });
    const form = { reference: reference.trim() };
    if (!recordId.safeParse(form.reference).success)
      return pages.page(request, reply.code(400), 'follow.njk', { ...frame, problem: problemAt('reference', 'A reference is the letters, digits and dashes we gave you when you sent it, for example initiative-board-S4') }, { form });
    try {
      // As the signed-in reader may see it (in full for the board), with what they may do on it.
      const submission = await governanceOf(context).initiative(initiativeBoard()).follow(form.reference, viewer?.personId);
      // A submission the secretariat removed is answered by its moderation decision.
      const answer = submission.triage ? (submission.triage.decisionId ?? triageDecisionId(submission.submissionId)) : undefined;
      // Signed out, the link leads to signing in, unless the secretariat's word on it is final.
      const mayFlag = viewer ? submission.may?.flag === true : !finalDecision(submission.moderation) && submission.withheld !== 'removed';
      const flagged = submission.moderation && flaggedInWords(submission.moderation.flags, submission.moderation.reasons);
      return pages.page(request, reply, 'follow.njk', frame, { form, submission, answer, mayFlag, flagged });
    } catch (err) {
      const problem = problemOfRefusal(err, 'reference');
      if (!problem) throw err;
      return pages.page(request, reply.code(404), 'follow.njk', { ...frame, problem }, { form });
    }
  });
}
