/**
 * The initiative board's submissions awaiting triage, for its secretariat.
 *
 *   GET  /secretariat/triage                    the submissions awaiting triage, soonest deadline first
 *   GET  /secretariat/triage/:submissionId      the triage form
 *   POST /secretariat/triage/:submissionId      accepts, merges or declines it with a published reason; accepting, it may
 *                                               say what the board decides (a submission need not, and a recognition
 *                                               needs the resource's good-data card, which a member of the public may not know)
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { recordId } from '../../../../machines/kernel/schema';
import { parseInput } from '../../../input';
import { governanceOf } from '../../../routes/processes';
import { sendFromForm } from '../../formCommand';
import type { Portal } from '../../plugin';
import { initiativeProcessId } from '../../../../machines/kernel/ids';
import { problemAt, typed, type Problem, type Typed } from '../../forms';
import { kpiLines, proposalChoices, proposalFieldsAt, proposalFrom, proposalNames, proposalUnchosen, refusedAtOf } from './proposalForm';
import { dutyChecks, type OnDuty } from './duty';
import type { Task } from './hub';

export const triageTasks: readonly Task[] = [
  { href: '/secretariat/triage', text: 'Submissions to triage', hint: 'What people raised with the initiative board, soonest deadline first.', for: [['initiativeBoard', 'secretariat']] },
];

/** The words for each outcome of triage, in the order the form offers them. */
const outcomeWords = { accepted: 'Accept it: it goes on the agenda', merged: 'Merge it into an item already on the agenda', declined: 'Decline it' } as const;

const submissionParams = z.strictObject({ submissionId: recordId.max(200) });

const triageNames = ['outcome', 'mergedInto', 'reason', ...proposalNames] as const;
type TriageForm = Typed<(typeof triageNames)[number]>;

export function triagePages(scope: FastifyInstance, portal: Portal): void {
  const { context, pages } = portal;
  const { onDuty } = dutyChecks(portal);

  scope.get('/secretariat/triage', async (request, reply) => {
    const duty = await onDuty(request, reply, 'initiativeBoard', ['secretariat']);
    if (!duty) return reply;
    const view = await governanceOf(context).initiative(duty.answer.boardId).status(duty.viewer.personId);
    const now = Date.now();
    const waiting = view.submissions
      .filter((s) => s.status === 'awaitingTriage')
      .sort((a, b) => a.triageBy.localeCompare(b.triageBy))
      .map((s) => ({ ...s, late: s.overdue === true || Date.parse(s.triageBy) < now }));
    return pages.page(request, reply, 'triage-queue.njk', { title: 'Submissions to triage', viewer: duty.viewer }, { waiting });
  });

  const triagePage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    duty: OnDuty,
    submissionId: string,
    extra: { form?: TriageForm; problem?: Problem; status?: number } = {},
  ) => {
    const view = await governanceOf(context).initiative(duty.answer.boardId).status(duty.viewer.personId);
    const submission = view.submissions.find((s) => s.submissionId === submissionId);
    if (!submission)
      return pages.page(request, reply.code(404), 'message.njk', { title: 'No such submission', viewer: duty.viewer }, {
        heading: 'No such submission',
        message: `The initiative board has no submission ${submissionId}. Look for it in the list of submissions to triage.`,
      });
    return pages.page(
      request,
      reply.code(extra.status ?? 200),
      'triage.njk',
      { title: `Triage: ${submission.title}`, viewer: duty.viewer, ...(extra.problem ? { problem: extra.problem } : {}) },
      {
        submission,
        form: extra.form ?? (Object.fromEntries(triageNames.map((n) => [n, ''])) as TriageForm),
        ...proposalChoices(view),
        outcomes: Object.entries(outcomeWords).map(([value, text]) => ({ value, text })),
        items: [...view.agenda, ...view.nextAgenda].map((i) => ({ value: i.itemId, text: `${i.title} (${i.itemId})` })),
      },
    );
  };

  scope.get('/secretariat/triage/:submissionId', async (request, reply) => {
    const { submissionId } = parseInput(submissionParams, request.params, 'Cannot show that submission');
    const duty = await onDuty(request, reply, 'initiativeBoard', ['secretariat']);
    if (!duty) return reply;
    return triagePage(request, reply, duty, submissionId);
  });

  scope.post('/secretariat/triage/:submissionId', async (request, reply) => {
    const { submissionId } = parseInput(submissionParams, request.params, 'Cannot triage that submission');
    const duty = await onDuty(request, reply, 'initiativeBoard', ['secretariat']);
    if (!duty) return reply;
    const form = typed(request.body, triageNames);
    const again = (problem: Problem, status = 400) => triagePage(request, reply, duty, submissionId, { form, problem, status });
    // Accepting, what the board decides goes with the answer when the form says it; else the submission's own proposal.
    const read = form.outcome === 'accepted' && form.decision ? proposalFrom(form) : undefined;
    if (read && 'problem' in read) return again(read.problem);
    const sent = await sendFromForm(context, {
      workflowId: initiativeProcessId(duty.answer.boardId),
      command: 'triageSubmission',
      // The item chosen goes only with "merged": the board refuses it with any other outcome.
      payload: {
        submissionId,
        ...(form.outcome ? { outcome: form.outcome } : {}),
        ...(form.outcome === 'merged' && form.mergedInto ? { mergedInto: form.mergedInto } : {}),
        reason: form.reason.trim(),
        ...(read ? { proposal: read.proposal } : {}),
      },
      by: duty.viewer.personId,
      fields: { outcome: 'outcome', mergedInto: 'mergedInto', reason: 'reason', ...proposalFieldsAt('proposal') },
      field: 'outcome',
      said: { outcome: 'Choose what happens to the submission: accepted, merged or declined', ...proposalUnchosen },
      // The board's refusal of what it would decide (a recognition without its card, say) is shown at that part.
      refusedAt: () => (form.outcome === 'accepted' ? (refusedAtOf[form.decision] ?? 'decision') : 'outcome'),
    });
    if (sent.problem) {
      // Its own strategy, put as it is, is refused when its KPIs are only words: the form is filled with it to complete, a line a KPI.
      const refusal = sent.problem.summary[0]?.text ?? '';
      const proposed = form.outcome === 'accepted' && !form.decision && sent.status === 409 && refusal.includes('KPI') ? (await governanceOf(context).initiative(duty.answer.boardId).follow(submissionId, duty.viewer.personId)).proposal : undefined;
      if (proposed?.decision === 'strategy')
        return triagePage(request, reply, duty, submissionId, {
          form: { ...form, decision: 'strategy', focus: form.focus || proposed.focus, kpis: form.kpis || kpiLines(proposed.kpis) },
          problem: problemAt('kpis', refusal),
          status: sent.status,
        });
      return again(sent.problem, sent.status);
    }
    const submission = await governanceOf(context).initiative(duty.answer.boardId).follow(submissionId, duty.viewer.personId);
    return pages.page(request, reply, 'triaged.njk', { title: 'The submission is triaged', viewer: duty.viewer }, { submission });
  });
}
