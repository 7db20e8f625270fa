/**
 * The product board's meetings and their agendas, for its secretariat and chair: the next meetings
 * with the items each will decide, written procedures under way, the meetings convened; calling a
 * meeting (secretariat or chair, as the board's rules say), pausing and resuming the calendar
 * (secretariat only).
 *
 *   GET  /secretariat/meetings           the next meetings and their agendas, those convened, whether paused
 *   GET  /secretariat/meetings/call      the form to call a meeting: its day and time
 *   POST /secretariat/meetings/call      calls it (meeting.called)
 *   GET  /secretariat/meetings/pause     the form to pause meetings, with a reason
 *   POST /secretariat/meetings/pause     pauses them (meetings.paused)
 *   GET  /secretariat/meetings/resume    the form to resume meetings
 *   POST /secretariat/meetings/resume    resumes them (meetings.resumed)
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { boardProcessId } from '../../../../machines/kernel/ids';
import type { BoardView } from '../../../../machines/productBoard/view';
import { governanceOf } from '../../../routes/processes';
import { dateInWords, timeOnDay, zoneInWords } from '../../dates';
import { sendFromForm } from '../../formCommand';
import { problemAt, typed, type Problem, type Typed } from '../../forms';
import type { Portal } from '../../plugin';
import { confirmations } from './done';
import { dutyChecks, type OnDuty } from './duty';
import type { Task } from './hub';

export const meetingTasks: readonly Task[] = [
  { href: '/secretariat/meetings', text: 'Meetings and agendas', hint: 'The product board’s next meetings and what each will decide; calling, pausing and resuming meetings.', for: [['productBoard', 'secretariat'], ['productBoard', 'chair']] },
];

/** How many of the meetings convened the page lists, newest first. */
const convenedShown = 6;

/** The meetings page's view of the board: each next meeting with its items, and the written procedures under way. */
function calendarOf(view: BoardView) {
  const item = (i: BoardView['agenda'][number]) => ({ itemId: i.itemId, product: i.productName ?? i.productId, gate: i.gate, votingClosesAt: i.votingClosesAt });
  return {
    paused: view.paused,
    upcoming: view.upcomingMeetings.map((m) => ({ ...m, items: view.agenda.filter((i) => i.meeting?.meetingId === m.meetingId).map(item) })),
    written: view.agenda.filter((i) => i.procedure === 'written').map(item),
    convened: view.convened.slice(-convenedShown).reverse(),
  };
}

export function meetingPages(scope: FastifyInstance, portal: Portal): void {
  const { context, pages } = portal;
  const { onDuty } = dutyChecks(portal);
  const boardOf = (duty: OnDuty) => governanceOf(context).boardStatus(duty.answer.boardId);

  const done = confirmations(pages, { href: '/secretariat/meetings', text: 'Back to the meetings' });

  scope.get('/secretariat/meetings', async (request, reply) => {
    const duty = await onDuty(request, reply, 'productBoard', ['secretariat', 'chair']);
    if (!duty) return reply;
    const view = await boardOf(duty);
    return pages.page(request, reply, 'meetings.njk', { title: 'Meetings and agendas', viewer: duty.viewer }, { ...calendarOf(view), secretariat: duty.holds.includes('secretariat') });
  });

  const callPage = async (request: FastifyRequest, reply: FastifyReply, duty: OnDuty, extra: { form?: Typed<'day' | 'time'>; problem?: Problem; status?: number } = {}) => {
    const view = await boardOf(duty);
    return pages.page(
      request,
      reply.code(extra.status ?? 200),
      'meeting-call.njk',
      { title: 'Call a meeting', viewer: duty.viewer, ...(extra.problem ? { problem: extra.problem } : {}) },
      { form: extra.form ?? { day: '', time: '' }, papersDeadlineDays: view.policy.meetings.papersDeadlineDays, durationHours: view.policy.meetings.durationHours, zone: zoneInWords(portal.zoneOf(duty.viewer)) },
    );
  };

  scope.get('/secretariat/meetings/call', async (request, reply) => {
    const duty = await onDuty(request, reply, 'productBoard', ['secretariat', 'chair']);
    if (!duty) return reply;
    return callPage(request, reply, duty);
  });

  scope.post('/secretariat/meetings/call', async (request, reply) => {
    const duty = await onDuty(request, reply, 'productBoard', ['secretariat', 'chair']);
    if (!duty) return reply;
    const form = typed(request.body, ['day', 'time']);
    const again = (problem: Problem, status = 400) => callPage(request, reply, duty, { form, problem, status });
    const zone = portal.zoneOf(duty.viewer);
    if (!timeOnDay(form.day, '00:00', zone)) return again(problemAt('day', 'Give the day of the meeting as year-month-day, for example 2027-01-20'));
    const startsAt = timeOnDay(form.day, form.time, zone);
    if (!startsAt) return again(problemAt('time', 'Give the time the meeting starts as hours and minutes, for example 14:00'));
    const sent = await sendFromForm(context, {
      workflowId: boardProcessId(duty.answer.boardId),
      command: 'callMeeting',
      payload: { startsAt },
      by: duty.viewer.personId,
      fields: { startsAt: 'day' },
      field: 'day',
    });
    if (sent.problem) return again(sent.problem, sent.status);
    const meeting = (await boardOf(duty)).upcomingMeetings.find((m) => m.meetingId === sent.receipt?.created);
    return done(request, reply, duty.viewer, 'The meeting is called', [
      `The product board meets on ${dateInWords(startsAt, zone)}${meeting ? ` until ${dateInWords(meeting.endsAt, zone)}` : ''}.`,
      meeting ? `Items requested by ${dateInWords(meeting.papersDeadline, zone)} go on its agenda; the papers go to the members then.` : 'It is on the board’s calendar.',
    ]);
  });

  const pausePage = async (request: FastifyRequest, reply: FastifyReply, duty: OnDuty, extra: { reason?: string; problem?: Problem; status?: number } = {}) => {
    const view = await boardOf(duty);
    return pages.page(
      request,
      reply.code(extra.status ?? 200),
      'meetings-pause.njk',
      { title: view.paused ? 'Resume meetings' : 'Pause meetings', viewer: duty.viewer, ...(extra.problem ? { problem: extra.problem } : {}) },
      { paused: view.paused, next: view.upcomingMeetings[0], reason: extra.reason ?? '' },
    );
  };

  for (const path of ['/secretariat/meetings/pause', '/secretariat/meetings/resume'])
    scope.get(path, async (request, reply) => {
      const duty = await onDuty(request, reply, 'productBoard', ['secretariat']);
      if (!duty) return reply;
      return pausePage(request, reply, duty);
    });

  scope.post('/secretariat/meetings/pause', async (request, reply) => {
    const duty = await onDuty(request, reply, 'productBoard', ['secretariat']);
    if (!duty) return reply;
    const { reason } = typed(request.body, ['reason']);
    const sent = await sendFromForm(context, {
      workflowId: boardProcessId(duty.answer.boardId),
      command: 'pauseMeetings',
      payload: { reason: reason.trim() },
      by: duty.viewer.personId,
      fields: { reason: 'reason' },
      field: 'reason',
      said: { reason: 'Give the reason meetings are paused: members and the public read it' },
    });
    if (sent.problem) return pausePage(request, reply, duty, { reason, problem: sent.problem, status: sent.status });
    return done(request, reply, duty.viewer, 'Meetings are paused', [
      `No meeting of the product board is convened, and nothing joins an agenda, until meetings resume. The reason is recorded: ${reason.trim()}`,
      'An urgent item can still be decided by written procedure, called by the chair.',
    ]);
  });

  scope.post('/secretariat/meetings/resume', async (request, reply) => {
    const duty = await onDuty(request, reply, 'productBoard', ['secretariat']);
    if (!duty) return reply;
    const sent = await sendFromForm(context, { workflowId: boardProcessId(duty.answer.boardId), command: 'resumeMeetings', payload: {}, by: duty.viewer.personId, fields: {}, field: 'resume' });
    if (sent.problem) return pausePage(request, reply, duty, { problem: sent.problem, status: sent.status });
    const next = (await boardOf(duty)).upcomingMeetings[0];
    const zone = portal.zoneOf(duty.viewer);
    return done(request, reply, duty.viewer, 'Meetings are resumed', [
      next ? `The product board meets again on ${dateInWords(next.startsAt, zone)}; items requested by ${dateInWords(next.papersDeadline, zone)} go on its agenda.` : 'The product board’s calendar runs again.',
    ]);
  });
}
