/**
 * Attendance at a meeting sitting now, on either board, for its secretariat.
 *
 *   GET  /secretariat/attendance                meetings sitting now, on either board
 *   GET  /secretariat/attendance/:meetingId     who is present, as checkboxes
 *   POST /secretariat/attendance/:meetingId     records it
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { recordId } from '../../../../machines/kernel/schema';
import { parseInput } from '../../../input';
import { governanceOf } from '../../../routes/processes';
import { sendFromForm } from '../../formCommand';
import type { Portal } from '../../plugin';
import { initiativeProcessId, meetingProcessId } from '../../../../machines/kernel/ids';
import { rolesOn, type BoardKind } from '../../../roles';
import { picked, type Problem } from '../../forms';
import type { Viewer } from '../../render';
import { boardWords, dutyChecks } from './duty';
import type { Task } from './hub';

export const attendanceTasks: readonly Task[] = [
  { href: '/secretariat/attendance', text: 'Attendance', hint: 'Who is present at a meeting sitting now.', for: [['productBoard', 'secretariat'], ['initiativeBoard', 'secretariat']] },
];

const meetingParams = z.strictObject({ meetingId: recordId.max(200) });

export function attendancePages(scope: FastifyInstance, portal: Portal): void {
  const { context, pages } = portal;
  const { secretariatOfEither } = dutyChecks(portal);

  /** The meetings sitting now that `viewer` is secretariat of: the product board's meetings, the initiative board's quarter. */
  const sittings = async (viewer: Viewer) => {
    const governance = governanceOf(context);
    const { answered } = await context.boards.rosters();
    const mine = answered.filter((a) => rolesOn(a, viewer.personId).some((r) => r.role === 'secretariat'));
    const found: { meetingId: string; board: BoardKind; boardId: string; workflowId: string; startsAt: string; endsAt: string; members: readonly { id: string; name: string }[]; present: readonly string[] }[] = [];
    for (const answer of mine) {
      if (answer.board === 'productBoard') {
        const board = await governance.boardStatus(answer.boardId);
        const meetings = await Promise.allSettled(board.convened.map((m) => governance.meeting(m.meetingId)));
        for (const m of meetings)
          if (m.status === 'fulfilled' && m.value.state === 'inSession')
            found.push({ meetingId: m.value.meeting.meetingId, board: 'productBoard', boardId: answer.boardId, workflowId: meetingProcessId(m.value.meeting.meetingId), startsAt: m.value.meeting.startsAt, endsAt: m.value.meeting.endsAt, members: board.roster.members, present: m.value.attendance?.present ?? [] });
      } else {
        const view = await governance.initiative(answer.boardId).status();
        if (view.stage === 'inSession')
          found.push({ meetingId: view.quarter.meetingId, board: 'initiativeBoard', boardId: answer.boardId, workflowId: initiativeProcessId(answer.boardId), startsAt: view.quarter.startsAt, endsAt: view.quarter.endsAt, members: view.roster.members, present: view.attendance?.present ?? [] });
      }
    }
    return found;
  };

  scope.get('/secretariat/attendance', async (request, reply) => {
    const viewer = await secretariatOfEither(request, reply);
    if (!viewer) return reply;
    return pages.page(request, reply, 'attendance-list.njk', { title: 'Attendance', viewer }, { sittings: await sittings(viewer), boardWords });
  });

  const attendancePage = async (request: FastifyRequest, reply: FastifyReply, viewer: Viewer, meetingId: string, extra: { present?: readonly string[]; problem?: Problem; status?: number } = {}) => {
    const sitting = (await sittings(viewer)).find((s) => s.meetingId === meetingId);
    if (!sitting)
      return pages.page(request, reply.code(404), 'message.njk', { title: 'No such meeting sitting', viewer }, {
        heading: 'That meeting is not sitting',
        message: `No meeting ${meetingId} of a board you are secretariat of is sitting now. Attendance is recorded while a meeting sits; see the meetings sitting now.`,
      });
    const present = new Set(extra.present ?? sitting.present);
    return pages.page(
      request,
      reply.code(extra.status ?? 200),
      'attendance.njk',
      { title: `Attendance at ${meetingId}`, viewer, ...(extra.problem ? { problem: extra.problem } : {}) },
      { sitting, boardWords, members: sitting.members.map((m) => ({ value: m.id, text: m.name, checked: present.has(m.id) })) },
    );
  };

  scope.get('/secretariat/attendance/:meetingId', async (request, reply) => {
    const { meetingId } = parseInput(meetingParams, request.params, 'Cannot show that meeting');
    const viewer = await secretariatOfEither(request, reply);
    if (!viewer) return reply;
    return attendancePage(request, reply, viewer, meetingId);
  });

  scope.post('/secretariat/attendance/:meetingId', async (request, reply) => {
    const { meetingId } = parseInput(meetingParams, request.params, 'Cannot record attendance at that meeting');
    const viewer = await secretariatOfEither(request, reply);
    if (!viewer) return reply;
    const present = picked(request.body, 'present');
    const sitting = (await sittings(viewer)).find((s) => s.meetingId === meetingId);
    if (!sitting) return attendancePage(request, reply, viewer, meetingId);
    const again = (problem: Problem, status = 400) => attendancePage(request, reply, viewer, meetingId, { present, problem, status });
    const sent = await sendFromForm(context, {
      workflowId: sitting.workflowId,
      command: 'recordAttendance',
      payload: { present },
      by: viewer.personId,
      fields: { present: 'present' },
      field: 'present',
      said: { present: 'Tick each member who is present: at least one' },
    });
    if (sent.problem) return again(sent.problem, sent.status);
    const names = sitting.members.filter((m) => present.includes(m.id)).map((m) => m.name);
    return pages.page(request, reply, 'attended.njk', { title: 'Attendance is recorded', viewer }, { sitting, names, boardWords });
  });
}
