/**
 * The initiative board chair's casting vote. The board's policy may give the chair one (each item keeps
 * the policy in force when it was opened); it counts only if the item's vote is tied when the meeting
 * ends. Votes stay secret until then, so nobody, the chair included, can see a tie coming: the chair
 * gives it beforehand, on any item of this quarter's agenda whose policy allows it, and may give it
 * again to replace it. Which way it went is shown only in the register, once the meeting has decided.
 * Who may open these pages is what the board's roster says now (server/roles.ts), never the request.
 *
 *   GET  /secretariat/casting-vote            the chair's: this quarter's items that allow a casting vote
 *   GET  /secretariat/casting-vote/:itemId    the casting vote form
 *   POST /secretariat/casting-vote/:itemId    gives it; then a confirmation
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { InitiativeItemView, InitiativeView } from '../../../machines/initiativeBoard/view';
import { initiativeProcessId } from '../../../machines/kernel/ids';
import { itemLink } from '../../../machines/initiativeBoard/voteNotices';
import { parseInput } from '../../input';
import { governanceOf } from '../../routes/processes';
import { typed, type Problem } from '../forms';
import { sendFromForm } from '../formCommand';
import type { Portal } from '../plugin';
import type { Viewer } from '../render';
import { itemParams } from './initiativeItems';
import { dutyChecks } from './secretariat/duty';
import type { Task } from './secretariat/hub';

export const castingVoteTasks: readonly Task[] = [
  {
    href: '/secretariat/casting-vote',
    text: 'Casting votes on the initiative board’s items',
    hint: 'This quarter’s items whose policy gives you, as chair, a casting vote in case the vote is tied.',
    for: [['initiativeBoard', 'chair']],
  },
];

/** The items of this quarter on which the chair may give a casting vote, by the policy each was opened under. */
const castable = (view: InitiativeView): InitiativeItemView[] => (view.stage === 'publishing' ? [] : view.agenda.filter((i) => i.voting.chairHasCastingVote));

export function initiativeChairPages(scope: FastifyInstance, portal: Portal): void {
  const { context, pages } = portal;

  const { onDuty } = dutyChecks(portal);

  /** The person signed in and the board's view, when its roster names them chair now (./secretariat/duty.ts); otherwise undefined after a page says why. */
  const chairOnly = async (request: FastifyRequest, reply: FastifyReply): Promise<{ viewer: Viewer; view: InitiativeView; boardId: string } | undefined> => {
    const duty = await onDuty(request, reply, 'initiativeBoard', ['chair']);
    if (!duty) return undefined;
    return { viewer: duty.viewer, view: await governanceOf(context).initiative(duty.answer.boardId).status(), boardId: duty.answer.boardId };
  };

  scope.get('/secretariat/casting-vote', async (request, reply) => {
    const chair = await chairOnly(request, reply);
    if (!chair) return reply;
    return pages.page(request, reply, 'casting-votes.njk', { title: 'Your casting vote', viewer: chair.viewer }, { items: castable(chair.view), quarter: chair.view.quarter });
  });

  const castingPage = async (request: FastifyRequest, reply: FastifyReply, chair: { viewer: Viewer; view: InitiativeView }, itemId: string, extra: { form?: Readonly<Record<string, string>>; problem?: Problem; status?: number } = {}) => {
    const item = castable(chair.view).find((i) => i.itemId === itemId);
    if (!item)
      return pages.page(request, reply.code(404), 'message.njk', { title: 'No casting vote here', viewer: chair.viewer }, {
        heading: 'No casting vote on this item',
        message: `Item ${itemId} is not on this quarter's agenda with a casting vote for the chair: it is not on the agenda, the policy it was opened under gives the chair none, or the meeting has ended. See the items that allow one.`,
      });
    return pages.page(
      request,
      reply.code(extra.status ?? 200),
      'casting-vote.njk',
      { title: `Casting vote: ${item.title}`, viewer: chair.viewer, ...(extra.problem ? { problem: extra.problem } : {}) },
      { item, link: itemLink(item.itemId), quarter: chair.view.quarter, form: extra.form ?? { choice: '', reason: '' }, choices: [{ value: 'approve', text: 'Approve' }, { value: 'reject', text: 'Reject' }] },
    );
  };

  scope.get('/secretariat/casting-vote/:itemId', async (request, reply) => {
    const { itemId } = parseInput(itemParams, request.params, 'Cannot show that item');
    const chair = await chairOnly(request, reply);
    if (!chair) return reply;
    return castingPage(request, reply, chair, itemId);
  });

  scope.post('/secretariat/casting-vote/:itemId', async (request, reply) => {
    const { itemId } = parseInput(itemParams, request.params, 'Cannot give a casting vote on that item');
    const chair = await chairOnly(request, reply);
    if (!chair) return reply;
    const form = typed(request.body, ['choice', 'reason']);
    const sent = await sendFromForm(context, {
      workflowId: initiativeProcessId(chair.boardId),
      command: 'castCastingVote',
      payload: { itemId, ...(form.choice ? { choice: form.choice } : {}), ...(form.reason.trim() ? { reason: form.reason } : {}) },
      by: chair.viewer.personId,
      fields: { choice: 'choice', reason: 'reason' },
      field: 'choice',
      said: { choice: 'Choose approve or reject: a casting vote settles a tie one way' },
    });
    if (sent.problem) return castingPage(request, reply, chair, itemId, { form, problem: sent.problem, status: sent.status });
    const item = chair.view.agenda.find((i) => i.itemId === itemId)!;
    return pages.page(request, reply, 'member-done.njk', { title: 'Your casting vote is recorded', viewer: chair.viewer }, {
      heading: 'Your casting vote is recorded',
      said: [
        `On “${item.title}” you voted to ${form.choice}. It counts only if the vote is tied when the meeting ends.`,
        'Until the meeting has decided nobody sees which way you gave it; you may give it again to replace it.',
      ],
      closesAt: chair.view.quarter.endsAt,
      back: { href: '/secretariat/casting-vote', text: 'Back to the items that allow a casting vote' },
    });
  });
}
