/**
 * The initiative board's quarter, for its secretariat: the stage it is at, this quarter's agenda and the
 * next's, the actions carried from meeting to meeting; proposing an item (item.proposed, which the
 * board's rules let its secretariat send), recording an action and completing one with evidence.
 *
 *   GET  /secretariat/quarter                              the stage, both agendas, the actions
 *   GET  /secretariat/quarter/propose                      the form to propose an item: its title, motion and what the board decides
 *   POST /secretariat/quarter/propose                      proposes it (item.proposed)
 *   GET  /secretariat/quarter/actions                      the form to record an action
 *   POST /secretariat/quarter/actions                      records it (action.recorded)
 *   GET  /secretariat/quarter/actions/:actionId/complete   the form to complete an action, with evidence
 *   POST /secretariat/quarter/actions/:actionId/complete   completes it (action.completed)
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { initiativeProcessId } from '../../../../machines/kernel/ids';
import { recordId } from '../../../../machines/kernel/schema';
import type { InitiativeView, QuarterStage } from '../../../../machines/initiativeBoard/view';
import { parseInput } from '../../../input';
import { governanceOf } from '../../../routes/processes';
import { dateInWords, dayInWords, dayOfParts, deadlineHour, hourOnDay } from '../../dates';
import { sendFromForm } from '../../formCommand';
import { problemAt, typed, type Problem, type Typed } from '../../forms';
import type { Portal } from '../../plugin';
import { confirmations } from './done';
import { proposalChoices, proposalFieldsAt, proposalFrom, proposalNames, proposalUnchosen, refusedAtOf } from './proposalForm';
import { dutyChecks, type OnDuty } from './duty';
import type { Task } from './hub';

export const quarterTasks: readonly Task[] = [
  { href: '/secretariat/quarter', text: 'The quarter, its agenda and actions', hint: 'The initiative board’s stage, this quarter’s agenda and the next, proposing items, and the actions carried between meetings.', for: [['initiativeBoard', 'secretariat']] },
];

const stageWords: Readonly<Record<QuarterStage, (v: InitiativeView, zone: string) => string>> = {
  agendaOpen: (v, zone) => `The agenda is open: an item proposed by ${dateInWords(v.quarter.papersDeadline, zone)}, when the papers go out, joins this quarter’s meeting; later ones go to the next.`,
  papersCirculated: () => 'The papers have gone out: this quarter’s agenda is fixed, and an item proposed now goes to the next quarter.',
  inSession: (v, zone) => `The meeting is sitting, until ${dateInWords(v.quarter.endsAt, zone)}: members vote on this quarter’s agenda.`,
  publishing: () => 'The meeting has ended and its decisions are being published.',
};

const proposeNames = ['title', 'text', ...proposalNames] as const;
type ProposeForm = Typed<(typeof proposeNames)[number]>;

const actionParams = z.strictObject({ actionId: recordId.max(200) });

/** The action form's fields: the due date is a GOV.UK date input, a field for each part. */
const actionNames = ['text', 'owner', 'itemId', 'dueAt-day', 'dueAt-month', 'dueAt-year'] as const;
type ActionForm = Typed<(typeof actionNames)[number]>;

/** Where the board's refusal of an action goes: a due date missing or past at the date, an owner not named by id at the owner. */
const actionRefusedAt = (message: string): string => (/due date/i.test(message) ? 'dueAt-day' : /owner/i.test(message) ? 'owner' : 'text');

export function quarterPages(scope: FastifyInstance, portal: Portal): void {
  const { context, pages } = portal;
  const { onDuty } = dutyChecks(portal);
  const boardOf = (duty: OnDuty) => governanceOf(context).initiative(duty.answer.boardId).status();
  const secretariat = (request: FastifyRequest, reply: FastifyReply) => onDuty(request, reply, 'initiativeBoard', ['secretariat']);

  const done = confirmations(pages, { href: '/secretariat/quarter', text: 'Back to the quarter' });

  scope.get('/secretariat/quarter', async (request, reply) => {
    const duty = await secretariat(request, reply);
    if (!duty) return reply;
    const view = await boardOf(duty);
    return pages.page(request, reply, 'quarter.njk', { title: 'The quarter', viewer: duty.viewer }, {
      view,
      stage: stageWords[view.stage](view, portal.zoneOf(duty.viewer)),
      open: view.actions.filter((a) => !a.completed),
      overdue: view.actions.filter((a) => a.overdue).length,
      completed: view.actions.filter((a) => a.completed),
    });
  });

  const proposePage = async (request: FastifyRequest, reply: FastifyReply, duty: OnDuty, extra: { form?: ProposeForm; problem?: Problem; status?: number } = {}) => {
    const view = await boardOf(duty);
    const form = extra.form ?? (Object.fromEntries(proposeNames.map((n) => [n, ''])) as ProposeForm);
    return pages.page(
      request,
      reply.code(extra.status ?? 200),
      'quarter-propose.njk',
      { title: 'Propose an item', viewer: duty.viewer, ...(extra.problem ? { problem: extra.problem } : {}) },
      {
        form,
        stage: stageWords[view.stage](view, portal.zoneOf(duty.viewer)),
        ...proposalChoices(view),
      },
    );
  };

  scope.get('/secretariat/quarter/propose', async (request, reply) => {
    const duty = await secretariat(request, reply);
    if (!duty) return reply;
    return proposePage(request, reply, duty);
  });

  scope.post('/secretariat/quarter/propose', async (request, reply) => {
    const duty = await secretariat(request, reply);
    if (!duty) return reply;
    const form = typed(request.body, proposeNames);
    const again = (problem: Problem, status = 400) => proposePage(request, reply, duty, { form, problem, status });
    const read = proposalFrom(form);
    if ('problem' in read) return again(read.problem);
    const sent = await sendFromForm(context, {
      workflowId: initiativeProcessId(duty.answer.boardId),
      command: 'proposeItem',
      payload: { title: form.title.trim(), text: form.text.trim(), proposal: read.proposal },
      by: duty.viewer.personId,
      fields: {
        title: 'title',
        text: 'text',
        ...proposalFieldsAt('proposal'),
      },
      field: 'decision',
      said: {
        decision: 'Choose what the board is asked to decide',
        ...proposalUnchosen,
      },
      refusedAt: () => refusedAtOf[form.decision] ?? 'title',
    });
    if (sent.problem) return again(sent.problem, sent.status);
    const view = await boardOf(duty);
    const next = view.nextAgenda.some((i) => i.itemId === sent.receipt?.created);
    return done(request, reply, duty.viewer, 'The item is proposed', [
      `“${form.title.trim()}” is item ${sent.receipt?.created ?? ''} on the agenda of ${next ? 'the next quarter’s meeting' : `this quarter’s meeting, on ${dateInWords(view.quarter.startsAt, portal.zoneOf(duty.viewer))}`}.`,
    ]);
  });

  const actionPage = async (request: FastifyRequest, reply: FastifyReply, duty: OnDuty, extra: { form?: ActionForm; problem?: Problem; status?: number } = {}) => {
    const view = await boardOf(duty);
    return pages.page(
      request,
      reply.code(extra.status ?? 200),
      'quarter-action.njk',
      { title: 'Record an action', viewer: duty.viewer, ...(extra.problem ? { problem: extra.problem } : {}) },
      { form: extra.form ?? (Object.fromEntries(actionNames.map((n) => [n, ''])) as ActionForm), ownerExample: view.roster.members.find((m) => m.id !== view.roster.chair)?.id ?? 'i-kofi', items: [...view.agenda, ...view.nextAgenda].map((i) => ({ value: i.itemId, text: `${i.title} (${i.itemId})` })) },
    );
  };

  scope.get('/secretariat/quarter/actions', async (request, reply) => {
    const duty = await secretariat(request, reply);
    if (!duty) return reply;
    return actionPage(request, reply, duty);
  });

  scope.post('/secretariat/quarter/actions', async (request, reply) => {
    const duty = await secretariat(request, reply);
    if (!duty) return reply;
    const form = typed(request.body, actionNames);
    const zone = portal.zoneOf(duty.viewer);
    // Left empty, no date goes and the board says it needs one; typed, it must make a day (at the end of its working day).
    const parts = [form['dueAt-day'], form['dueAt-month'], form['dueAt-year']] as const;
    const given = parts.some((p) => p.trim());
    const day = dayOfParts(...parts);
    const dueAt = day ? hourOnDay(day, deadlineHour, zone) : undefined;
    if (given && !dueAt) return actionPage(request, reply, duty, { form, problem: problemAt('dueAt-day', 'The date it is due must be a real date, with its day, month and year, for example 27 3 2027'), status: 400 });
    const sent = await sendFromForm(context, {
      workflowId: initiativeProcessId(duty.answer.boardId),
      command: 'recordAction',
      payload: { text: form.text.trim(), owner: form.owner.trim(), ...(form.itemId ? { itemId: form.itemId } : {}), ...(dueAt ? { dueAt } : {}) },
      by: duty.viewer.personId,
      fields: { text: 'text', owner: 'owner', itemId: 'itemId', dueAt: 'dueAt-day' },
      field: 'text',
      said: { owner: 'Name who will do it, by their id' },
      refusedAt: actionRefusedAt,
    });
    if (sent.problem) return actionPage(request, reply, duty, { form, problem: sent.problem, status: sent.status });
    return done(request, reply, duty.viewer, 'The action is recorded', [
      `Action ${sent.receipt?.created ?? ''}, for ${form.owner.trim()}, due ${dayInWords(dueAt, zone)}: ${form.text.trim()}`,
      'It is carried from quarter to quarter until it is completed. Past its due date, the papers name it as overdue and its owner is told.',
    ]);
  });

  const completePage = async (request: FastifyRequest, reply: FastifyReply, duty: OnDuty, actionId: string, extra: { evidence?: string; problem?: Problem; status?: number } = {}) => {
    const action = (await boardOf(duty)).actions.find((a) => a.actionId === actionId);
    if (!action)
      return pages.page(request, reply.code(404), 'message.njk', { title: 'No such action', viewer: duty.viewer }, {
        heading: 'No such action',
        message: `The initiative board has no action ${actionId}. See the quarter’s actions.`,
      });
    return pages.page(
      request,
      reply.code(extra.status ?? 200),
      'quarter-complete.njk',
      { title: `Complete action ${actionId}`, viewer: duty.viewer, ...(extra.problem ? { problem: extra.problem } : {}) },
      { action, evidence: extra.evidence ?? '' },
    );
  };

  scope.get('/secretariat/quarter/actions/:actionId/complete', async (request, reply) => {
    const { actionId } = parseInput(actionParams, request.params, 'Cannot show that action');
    const duty = await secretariat(request, reply);
    if (!duty) return reply;
    return completePage(request, reply, duty, actionId);
  });

  scope.post('/secretariat/quarter/actions/:actionId/complete', async (request, reply) => {
    const { actionId } = parseInput(actionParams, request.params, 'Cannot complete that action');
    const duty = await secretariat(request, reply);
    if (!duty) return reply;
    const { evidence } = typed(request.body, ['evidence']);
    const sent = await sendFromForm(context, {
      workflowId: initiativeProcessId(duty.answer.boardId),
      command: 'completeAction',
      payload: { actionId, evidence: evidence.trim() },
      by: duty.viewer.personId,
      fields: { evidence: 'evidence' },
      field: 'evidence',
      said: { evidence: 'Say what shows the action is done: a link or a sentence' },
    });
    if (sent.problem) return completePage(request, reply, duty, actionId, { evidence, problem: sent.problem, status: sent.status });
    return done(request, reply, duty.viewer, 'The action is completed', [`Action ${actionId} is completed. The evidence is recorded: ${evidence.trim()}`]);
  });
}
