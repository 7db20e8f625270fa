/**
 * The initiative board's submissions awaiting triage, for its secretariat.
 *
 *   GET  /secretariat/triage                    the submissions awaiting triage, soonest deadline first
 *   GET  /secretariat/triage/:submissionId      the triage form
 *   POST /secretariat/triage/:submissionId      accepts, merges or declines it with a published reason
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { recordId } from '../../../../machines/kernel/schema';
import { parseInput } from '../../../input';
import { governanceOf } from '../../../routes/processes';
import { sendFromForm } from '../../formCommand';
import type { Portal } from '../../plugin';
import { initiativeProcessId } from '../../../../machines/kernel/ids';
import { typed, type Problem } from '../../forms';
import { dutyChecks, type OnDuty } from './duty';
import type { Task } from './hub';

export const triageTasks: readonly Task[] = [
  { href: '/secretariat/triage', text: 'Submissions to triage', hint: 'What people raised with the initiative board, soonest deadline first.', for: [['initiativeBoard', 'secretariat']] },
];

/** The words for each outcome of triage, in the order the form offers them. */
const outcomeWords = { accepted: 'Accept it: it goes on the agenda', merged: 'Merge it into an item already on the agenda', declined: 'Decline it' } as const;

const submissionParams = z.strictObject({ submissionId: recordId.max(200) });

export function triagePages(scope: FastifyInstance, portal: Portal): void {
  const { context, pages } = portal;
  const { onDuty } = dutyChecks(portal);

  scope.get('/secretariat/triage', async (request, reply) => {
    const duty = await onDuty(request, reply, 'initiativeBoard', ['secretariat']);
    if (!duty) return reply;
    const view = await governanceOf(context).initiative(duty.answer.boardId).status();
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
    extra: { form?: Readonly<Record<string, string>>; problem?: Problem; status?: number } = {},
  ) => {
    const view = await governanceOf(context).initiative(duty.answer.boardId).status();
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
        form: extra.form ?? { outcome: '', mergedInto: '', reason: '' },
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
    const form = typed(request.body, ['outcome', 'mergedInto', 'reason']);
    const again = (problem: Problem, status = 400) => triagePage(request, reply, duty, submissionId, { form, problem, status });
    const sent = await sendFromForm(context, {
      workflowId: initiativeProcessId(duty.answer.boardId),
      command: 'triageSubmission',
      // The item chosen goes only with "merged": the board refuses it with any other outcome.
      payload: { submissionId, ...(form.outcome ? { outcome: form.outcome } : {}), ...(form.outcome === 'merged' && form.mergedInto ? { mergedInto: form.mergedInto } : {}), reason: form.reason.trim() },
      by: duty.viewer.personId,
      fields: { outcome: 'outcome', mergedInto: 'mergedInto', reason: 'reason' },
      field: 'outcome',
      said: { outcome: 'Choose what happens to the submission: accepted, merged or declined' },
    });
    if (sent.problem) return again(sent.problem, sent.status);
    const submission = await governanceOf(context).initiative(duty.answer.boardId).follow(submissionId);
    return pages.page(request, reply, 'triaged.njk', { title: 'The submission is triaged', viewer: duty.viewer }, { submission });
  });
}
