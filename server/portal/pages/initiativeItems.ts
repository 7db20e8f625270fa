/**
 * The initiative board's items, as its members read and decide them: the item's text (its papers), what
 * it asks the board to decide, who has voted (never how while the meeting has not ended: the board's
 * view holds only who), the interests declared, the research commissioned; and a member's forms. Each
 * form is offered only as the board's view answers for the reader (`may`, asked of the board's own
 * guards: machines/initiativeBoard/view.ts); the board checks again and a refusal is shown in its own words.
 *
 *   GET  /initiative/items/:itemId             the item, and your forms (the address the board's vote notices link to)
 *   POST /initiative/items/:itemId/vote        casts or changes your vote; then a confirmation
 *   POST /initiative/items/:itemId/interest    declares your interest (you are recused); then a confirmation
 *   POST /initiative/items/:itemId/research    commissions research before the board decides; then a confirmation
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { initiativeProcessId } from '../../../machines/kernel/ids';
import { recordId } from '../../../machines/kernel/schema';
import type { InitiativeItemView, InitiativeView } from '../../../machines/initiativeBoard/view';
import { itemLink } from '../../../machines/initiativeBoard/voteNotices';
import { parseInput } from '../../input';
import { governanceOf } from '../../routes/processes';
import { typed, type Problem } from '../forms';
import { sendFromForm } from '../formCommand';
import type { Portal } from '../plugin';
import type { Viewer } from '../render';
import { choiceItems, dueDate, emptyMemberForm, noChoice, votePayload, type MemberForm, type RefusedForm } from './memberForms';
import { boardIdOf } from '../../roles';

export const itemParams = z.strictObject({ itemId: recordId.max(200) });

/** Every open item: this quarter's agenda, then the next quarter's. */
export const itemsOf = (view: InitiativeView): readonly InitiativeItemView[] => [...view.agenda, ...view.nextAgenda];

const recused = (item: InitiativeItemView, personId: string) => item.recusals.some((r) => r.by === personId);

/** Where the reader stands on an item, as the board's view for them (`may`) says: to vote, voted (may change), or neither. */
export const itemStanding = (item: InitiativeItemView): 'toVote' | 'voted' | undefined => (item.may?.vote === 'cast' ? 'toVote' : item.may?.vote === 'change' ? 'voted' : undefined);

export function initiativeItemPages(scope: FastifyInstance, portal: Portal): void {
  const { context, pages } = portal;

  /** The board's view and the item, or undefined after a page says there is no such open item. */
  const found = async (request: FastifyRequest, reply: FastifyReply, viewer: Viewer | undefined, itemId: string): Promise<{ view: InitiativeView; item: InitiativeItemView; boardId: string } | undefined> => {
    const boardId = boardIdOf(context.boards, 'initiativeBoard');
    const view = boardId ? await governanceOf(context).initiative(boardId).status(viewer?.personId) : undefined;
    const item = view && itemsOf(view).find((i) => i.itemId === itemId);
    if (view && item && boardId) return { view, item, boardId };
    const decided = view?.lastMeeting?.decisions.find((d) => d.itemId === itemId);
    pages.page(request, reply.code(404), 'message.njk', { title: 'No such open item', ...(viewer ? { viewer } : {}) }, {
      heading: 'No such open item',
      message: decided
        ? `The meeting ${view!.lastMeeting!.meetingId} decided item ${itemId}: it was ${decided.outcome}. Its decision ${decided.decisionId} is in the register, with the votes and the reasons.`
        : `The initiative board has no open item ${itemId}. See what awaits you on your page, or the decisions in the register.`,
    });
    return undefined;
  };

  const itemPage = async (request: FastifyRequest, reply: FastifyReply, viewer: Viewer | undefined, itemId: string, extra: { problem?: Problem; form?: MemberForm; status?: number; refused?: RefusedForm } = {}) => {
    const open = await found(request, reply, viewer, itemId);
    if (!open) return reply;
    const { view, item } = open;
    const name = (id: string) => view.roster.members.find((m) => m.id === id)?.name ?? id;
    const thisQuarter = view.agenda.some((i) => i.itemId === itemId);
    return pages.page(
      request,
      reply.code(extra.status ?? 200),
      'item.njk',
      { title: item.title, ...(viewer ? { viewer } : {}), ...(extra.problem ? { problem: extra.problem } : {}) },
      {
        item,
        link: itemLink(itemId),
        view,
        thisQuarter,
        stands: itemStanding(item) ?? (viewer && extra.refused === 'vote' ? 'toVote' : undefined),
        recused: !!viewer && recused(item, viewer.personId),
        offers: { interest: !!item.may?.declareInterest || extra.refused === 'interest', research: !!item.may?.commissionResearch || extra.refused === 'commission' },
        voted: item.voted.map(name).join(', '),
        yetToVote: view.roster.members.filter((m) => !item.voted.includes(m.id) && !recused(item, m.id)).map((m) => m.name).join(', '),
        recusals: item.recusals.map((r) => ({ ...r, name: name(r.by) })),
        choices: choiceItems,
        form: extra.form ?? emptyMemberForm,
      },
    );
  };

  scope.get('/initiative/items/:itemId', async (request, reply) => {
    const { itemId } = parseInput(itemParams, request.params, 'Cannot show that item');
    return itemPage(request, reply, await portal.viewer(request), itemId);
  });

  scope.post('/initiative/items/:itemId/vote', async (request, reply) => {
    const { itemId } = parseInput(itemParams, request.params, 'Cannot vote on that item');
    const viewer = await portal.signedIn(request, reply);
    if (!viewer) return reply;
    const open = await found(request, reply, viewer, itemId);
    if (!open) return reply;
    const form = { ...emptyMemberForm, ...typed(request.body, ['choice', 'reason', 'conditions']) };
    const changed = itemStanding(open.item) === 'voted';
    const sent = await sendFromForm(context, {
      workflowId: initiativeProcessId(open.boardId),
      command: changed ? 'changeVote' : 'castVote',
      payload: { itemId, ...votePayload(form) },
      by: viewer.personId,
      fields: { choice: 'choice', reason: 'reason', conditions: 'conditions' },
      field: 'choice',
      said: { choice: noChoice },
    });
    if (sent.problem) return itemPage(request, reply, viewer, itemId, { status: sent.status, form, problem: sent.problem, refused: 'vote' });
    return pages.page(request, reply, 'voted.njk', { title: changed ? 'Your vote is changed' : 'Your vote is recorded', viewer }, { changed, closesAt: open.view.quarter.endsAt, back: { href: itemLink(itemId), text: 'Back to the item' } });
  });

  scope.post('/initiative/items/:itemId/interest', async (request, reply) => {
    const { itemId } = parseInput(itemParams, request.params, 'Cannot declare an interest in that item');
    const viewer = await portal.signedIn(request, reply);
    if (!viewer) return reply;
    const open = await found(request, reply, viewer, itemId);
    if (!open) return reply;
    const form = { ...emptyMemberForm, ...typed(request.body, ['interest']) };
    const sent = await sendFromForm(context, {
      workflowId: initiativeProcessId(open.boardId),
      command: 'declareInterest',
      payload: { itemId, interest: form.interest },
      by: viewer.personId,
      fields: { interest: 'interest' },
      field: 'interest',
    });
    if (sent.problem) return itemPage(request, reply, viewer, itemId, { status: sent.status, form, problem: sent.problem, refused: 'interest' });
    return pages.page(request, reply, 'member-done.njk', { title: 'Your interest is declared', viewer }, {
      heading: 'Your interest is declared',
      said: [`You are recused from “${open.item.title}”. You cannot vote on it, and you do not count toward its quorum; a vote you gave on it no longer counts.`, 'Your declaration is published with the decision.'],
      interest: form.interest,
      back: { href: itemLink(itemId), text: 'Back to the item' },
    });
  });

  scope.post('/initiative/items/:itemId/research', async (request, reply) => {
    const { itemId } = parseInput(itemParams, request.params, 'Cannot commission research for that item');
    const viewer = await portal.signedIn(request, reply);
    if (!viewer) return reply;
    const open = await found(request, reply, viewer, itemId);
    if (!open) return reply;
    const form = { ...emptyMemberForm, ...typed(request.body, ['who', 'question', 'dueAt']) };
    const due = dueDate(form.dueAt, portal.zoneOf(viewer));
    if ('problem' in due) return itemPage(request, reply, viewer, itemId, { status: 400, form, problem: due.problem, refused: 'commission' });
    const sent = await sendFromForm(context, {
      workflowId: initiativeProcessId(open.boardId),
      command: 'commissionResearch',
      payload: { itemId, researcher: form.who, question: form.question, dueAt: due.dueAt },
      by: viewer.personId,
      fields: { researcher: 'who', question: 'question', dueAt: 'dueAt' },
      field: 'who',
      refusedAt: (message) => (/due date/.test(message) ? 'dueAt' : 'who'),
    });
    if (sent.problem) return itemPage(request, reply, viewer, itemId, { status: sent.status, form, problem: sent.problem, refused: 'commission' });
    return pages.page(request, reply, 'member-done.njk', { title: 'The research is commissioned', viewer }, {
      heading: 'The research is commissioned',
      said: [`${form.who.trim()} is asked to research “${open.item.title}”.`, 'The board decides the item once the report is in.'],
      dueAt: due.dueAt,
      back: { href: itemLink(itemId), text: 'Back to the item' },
    });
  });
}
