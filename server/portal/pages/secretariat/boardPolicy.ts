/**
 * Each board's policy in words, for its secretariat, and changing the product board's. The product
 * board's secretariat records a change the board made (`policy.changed`, with the decision or minute it
 * comes from); the initiative board's policy changes only by one of its own governance decisions, so
 * its page says how, and links to the form that proposes one (./governance.ts).
 *
 *   GET  /secretariat/policy           each board's policy in words, and its latest changes
 *   GET  /secretariat/policy/change    the product board's policy as a form, filled with what it is now
 *   POST /secretariat/policy/change    records the change (policy.changed)
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { boardProcessId } from '../../../../machines/kernel/ids';
import { governanceOf } from '../../../routes/processes';
import { rolesOn } from '../../../roles';
import { sendFromForm } from '../../formCommand';
import { problemsAt, typed, type Problem, type Typed } from '../../forms';
import type { Portal } from '../../plugin';
import { initiativePolicyInWords, productBoardPolicyInWords, ruleInWords } from '../../policyWords';
import { boardWords, dutyChecks, type OnDuty } from './duty';
import type { Task } from './hub';
import { keptSections, productBoardPolicyForm } from './policyForm';

export const policyTasks: readonly Task[] = [
  { href: '/secretariat/policy', text: 'Board policy', hint: 'Quorum, passing rules, meetings, papers deadline, composition and reviews, in words; changing the product board’s.', for: [['productBoard', 'secretariat'], ['initiativeBoard', 'secretariat']] },
];

/** How many of a board's latest changes the policy page lists. */
const latestChanges = 5;

const formNames = [...productBoardPolicyForm.fields.map((f) => f.id), 'reference'];

export function policyPages(scope: FastifyInstance, portal: Portal): void {
  const { context, pages } = portal;
  const { onDuty, secretariatOfEither } = dutyChecks(portal);

  scope.get('/secretariat/policy', async (request, reply) => {
    const viewer = await secretariatOfEither(request, reply);
    if (!viewer) return reply;
    const governance = governanceOf(context);
    const { answered } = await context.boards.rosters();
    const mine = answered.filter((a) => rolesOn(a, viewer.personId).some((r) => r.role === 'secretariat'));
    const boards = await Promise.all(
      mine.map(async (a) => {
        const heading = boardWords[a.board].replace(/^the/, 'The');
        if (a.board === 'productBoard') {
          const view = await governance.boardStatus(a.boardId);
          return { heading, lines: productBoardPolicyInWords(view.policy), changes: view.changes.slice(-latestChanges).reverse(), mayChange: true, how: '' };
        }
        const view = await governance.initiative(a.boardId).status();
        const rule = view.policy.passing.governance ?? view.policy.passing.default;
        return {
          heading,
          lines: initiativePolicyInWords(view.policy),
          changes: view.changes.slice(-latestChanges).reverse(),
          mayChange: false,
          how:
            `The initiative board's policy changes only by its own decision: a governance item, proposed by a member or the secretariat (or raised by anyone and accepted at triage), ` +
            `that the board passes by ${ruleInWords(rule)}. The change applies to items opened after it. The same kind of decision can change the product board's policy too.`,
        };
      }),
    );
    return pages.page(request, reply, 'policy.njk', { title: 'Board policy', viewer }, { boards });
  });

  const changePage = async (request: FastifyRequest, reply: FastifyReply, duty: OnDuty, extra: { form?: Typed<string>; problem?: Problem; status?: number } = {}) => {
    const view = await governanceOf(context).boardStatus(duty.answer.boardId);
    const form = extra.form ?? { ...productBoardPolicyForm.values(view.policy), reference: '' };
    return pages.page(
      request,
      reply.code(extra.status ?? 200),
      'policy-change.njk',
      { title: 'Change the product board’s policy', viewer: duty.viewer, ...(extra.problem ? { problem: extra.problem } : {}) },
      { form, groups: productBoardPolicyForm.groups },
    );
  };

  scope.get('/secretariat/policy/change', async (request, reply) => {
    const duty = await onDuty(request, reply, 'productBoard', ['secretariat']);
    if (!duty) return reply;
    return changePage(request, reply, duty);
  });

  scope.post('/secretariat/policy/change', async (request, reply) => {
    const duty = await onDuty(request, reply, 'productBoard', ['secretariat']);
    if (!duty) return reply;
    const form = typed(request.body, formNames);
    const again = (problem: Problem, status = 400) => changePage(request, reply, duty, { form, problem, status });
    const { policy, problems } = productBoardPolicyForm.read(form);
    if (problems.length) return again(problemsAt(problems));
    const sent = await sendFromForm(context, {
      workflowId: boardProcessId(duty.answer.boardId),
      command: 'changePolicy',
      payload: { policy, ...(keptSections.length ? { keep: keptSections } : {}), reference: form.reference!.trim() },
      by: duty.viewer.personId,
      fields: { ...productBoardPolicyForm.fieldPaths('policy'), reference: 'reference' },
      field: 'reference',
      said: { reference: 'Give the decision or minute the change comes from: it goes in the board’s records' },
    });
    if (sent.problem) return again(sent.problem, sent.status);
    const view = await governanceOf(context).boardStatus(duty.answer.boardId);
    return pages.page(request, reply, 'policy-changed.njk', { title: 'The policy is changed', viewer: duty.viewer }, { lines: productBoardPolicyInWords(view.policy), reference: form.reference!.trim() });
  });
}
