/**
 * Members and chair of either board, for its secretariat: the roster as the board holds it, appointing
 * and removing members, appointing the chair. A new member's email address, when given, goes to the
 * engine's address book in PostgreSQL (as `govern person set` records it), never into the board's
 * command: the board names people by id only.
 *
 *   GET  /secretariat/members                              each board's members, chair and secretariat
 *   GET  /secretariat/members/:boardId/appoint             the form to appoint a member
 *   POST /secretariat/members/:boardId/appoint             appoints them (member.appointed), then records their address
 *   GET  /secretariat/members/:boardId/remove/:memberId    the form to remove a member, with a reason
 *   POST /secretariat/members/:boardId/remove/:memberId    removes them (member.removed)
 *   GET  /secretariat/members/:boardId/chair               the form to appoint the chair
 *   POST /secretariat/members/:boardId/chair               appoints them (chair.appointed)
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { boardProcessId, initiativeProcessId } from '../../../../machines/kernel/ids';
import type { BoardMember, BoardRoster } from '../../../../machines/kernel/roster';
import { personId, recordId } from '../../../../machines/kernel/schema';
import { emailAddress } from '../../../../mail/address';
import { ensureAccounts } from '../../../../store/accounts';
import { nameUnnamed, othersWithAddress, setPerson } from '../../../../store/people';
import { parseInput } from '../../../input';
import { rolesOn, type BoardKind } from '../../../roles';
import { governanceOf } from '../../../routes/processes';
import type { ServerContext } from '../../../routes/context';
import { sendFromForm } from '../../formCommand';
import { lines, picked, problemAt, typed, type Problem, type Typed } from '../../forms';
import type { Portal } from '../../plugin';
import { confirmations } from './done';
import { boardWords, dutyChecks, type OnDuty } from './duty';
import type { Task } from './hub';

export const memberTasks: readonly Task[] = [
  { href: '/secretariat/members', text: 'Members and chair', hint: 'Who sits on each board, and appointing or removing members and the chair.', for: [['productBoard', 'secretariat'], ['initiativeBoard', 'secretariat']] },
];

/** The workflow of a board's process. */
export const processOfBoard = (board: BoardKind, boardId: string): string => (board === 'productBoard' ? boardProcessId(boardId) : initiativeProcessId(boardId));

/** A board's roster and composition, asked of its process now. */
export async function boardNow(context: ServerContext, board: BoardKind, boardId: string): Promise<{ roster: BoardRoster; compositionSummary: string }> {
  const governance = governanceOf(context);
  return board === 'productBoard' ? governance.boardStatus(boardId) : governance.initiative(boardId).status();
}

const organisationWords: Readonly<Record<NonNullable<BoardMember['organisationType']>, string>> = {
  national: 'a national organisation',
  regional: 'a regional organisation',
  local: 'a local organisation',
  community: 'a community organisation',
  academic: 'an academic institution',
  independent: 'no organisation (independent)',
};

const organisationTypes = Object.keys(organisationWords) as NonNullable<BoardMember['organisationType']>[];

/** What the roster says of a member that the board's composition reads, in words. */
export function memberInWords(m: BoardMember): string {
  return [
    m.technical === undefined ? undefined : m.technical ? 'Technical' : 'Non-technical',
    m.expertise?.length ? `expertise in ${m.expertise.join(', ')}` : undefined,
    m.livedExperience ? 'lived experience of poverty' : undefined,
    m.disability ? 'disabled' : undefined,
    m.organisationType ? `based in ${organisationWords[m.organisationType]}` : undefined,
    m.areas?.length ? `works on ${m.areas.join(', ')}` : undefined,
  ]
    .filter(Boolean)
    .join('; ');
}

const boardParams = z.strictObject({ boardId: recordId.max(200) });
const memberParams = z.strictObject({ boardId: recordId.max(200), memberId: personId });

const appointNames = ['id', 'name', 'email', 'technical', 'expertise', 'organisationType', 'areas', 'reference'] as const;

export function memberPages(scope: FastifyInstance, portal: Portal): void {
  const { context, pages } = portal;
  const { onDuty, secretariatOfEither } = dutyChecks(portal);

  /** The secretariat of the board `boardId` names, or undefined after a page says why not. */
  const secretariatOf = async (request: FastifyRequest, reply: FastifyReply, boardId: string): Promise<OnDuty | undefined> => {
    const board = context.boards.boards.find((b) => b.boardId === boardId)?.board;
    if (board) return onDuty(request, reply, board, ['secretariat']);
    const viewer = await portal.signedIn(request, reply);
    if (viewer)
      pages.page(request, reply.code(404), 'message.njk', { title: 'No such board', viewer }, { heading: 'No such board', message: `This engine has no board ${boardId}. See the boards' members.` });
    return undefined;
  };

  const done = confirmations(pages, { href: '/secretariat/members', text: 'Back to the members of the boards' });

  scope.get('/secretariat/members', async (request, reply) => {
    const viewer = await secretariatOfEither(request, reply);
    if (!viewer) return reply;
    const { answered } = await context.boards.rosters();
    const mine = answered.filter((a) => rolesOn(a, viewer.personId).some((r) => r.role === 'secretariat'));
    const boards = await Promise.all(
      mine.map(async (a) => {
        const { roster, compositionSummary } = await boardNow(context, a.board, a.boardId);
        const chair = roster.members.find((m) => m.id === roster.chair);
        return { board: a.board, boardId: a.boardId, words: boardWords[a.board], heading: boardWords[a.board].replace(/^the/, 'The'), roster, compositionSummary, chair, members: roster.members.map((m) => ({ ...m, words: memberInWords(m) })) };
      }),
    );
    return pages.page(request, reply, 'members.njk', { title: 'Members and chair', viewer }, { boards });
  });

  const appointPage = async (request: FastifyRequest, reply: FastifyReply, duty: OnDuty, extra: { form?: Typed<string>; flags?: readonly string[]; problem?: Problem; status?: number } = {}) => {
    const { roster, compositionSummary } = await boardNow(context, duty.answer.board, duty.answer.boardId);
    const form = extra.form ?? Object.fromEntries(appointNames.map((n) => [n, '']));
    const flags = new Set(extra.flags ?? []);
    return pages.page(
      request,
      reply.code(extra.status ?? 200),
      'member-appoint.njk',
      { title: `Appoint a member of ${boardWords[duty.answer.board]}`, viewer: duty.viewer, ...(extra.problem ? { problem: extra.problem } : {}) },
      {
        boardId: duty.answer.boardId,
        words: boardWords[duty.answer.board],
        roster,
        compositionSummary,
        form,
        technical: [
          { value: 'nonTechnical', text: 'Non-technical' },
          { value: 'technical', text: 'Technical' },
          { value: '', text: 'Not said' },
        ],
        organisations: [...organisationTypes.map((t) => ({ value: t, text: `Based in ${organisationWords[t]}` })), { value: '', text: 'Not said' }],
        traits: [
          { value: 'livedExperience', text: 'Has lived experience of poverty', checked: flags.has('livedExperience') },
          { value: 'disability', text: 'Is disabled', checked: flags.has('disability') },
        ],
      },
    );
  };

  scope.get('/secretariat/members/:boardId/appoint', async (request, reply) => {
    const { boardId } = parseInput(boardParams, request.params, 'Cannot show that board');
    const duty = await secretariatOf(request, reply, boardId);
    if (!duty) return reply;
    return appointPage(request, reply, duty);
  });

  scope.post('/secretariat/members/:boardId/appoint', async (request, reply) => {
    const { boardId } = parseInput(boardParams, request.params, 'Cannot appoint a member of that board');
    const duty = await secretariatOf(request, reply, boardId);
    if (!duty) return reply;
    const form = typed(request.body, appointNames);
    const flags = picked(request.body, 'traits', 2);
    const again = (problem: Problem, status = 400) => appointPage(request, reply, duty, { form, flags, problem, status });
    // The address is checked before the board is asked: once appointed, a member must be able to sign in with it.
    const id = form.id.trim();
    const email = form.email.trim() ? emailAddress.safeParse(form.email) : undefined;
    if (email && !email.success) return again(problemAt('email', `The email address reads like name@example.org; ${form.email.trim().slice(0, 60)} does not`));
    if (email?.success && (await othersWithAddress(context.db, email.data, id)).length)
      return again(problemAt('email', 'Another person is recorded with this email address, so it could not say who is signing in. Give this member their own address, or leave it empty.'));
    const member = {
      id,
      name: form.name.trim(),
      ...(form.technical ? { technical: form.technical === 'technical' } : {}),
      ...(lines(form.expertise).length ? { expertise: lines(form.expertise) } : {}),
      ...(flags.includes('livedExperience') ? { livedExperience: true } : {}),
      ...(flags.includes('disability') ? { disability: true } : {}),
      ...(form.organisationType ? { organisationType: form.organisationType } : {}),
      ...(lines(form.areas).length ? { areas: lines(form.areas) } : {}),
    };
    const sent = await sendFromForm(context, {
      workflowId: processOfBoard(duty.answer.board, boardId),
      command: 'appointMember',
      payload: { member, ...(form.reference.trim() ? { reference: form.reference.trim() } : {}) },
      by: duty.viewer.personId,
      fields: { 'member.id': 'id', 'member.name': 'name', 'member.technical': 'technical', 'member.expertise': 'expertise', 'member.organisationType': 'organisationType', 'member.areas': 'areas', reference: 'reference' },
      field: 'id',
      said: { organisationType: 'Choose the kind of organisation they are based in, or Not said' },
    });
    if (sent.problem) return again(sent.problem, sent.status);
    // Only now the board has them: their name for messages (one set with `govern person set` stays), their address, and an account to sign in with.
    await nameUnnamed(context.db, [{ personId: member.id, name: member.name }]);
    if (email?.success) await setPerson(context.db, member.id, { email: email.data });
    await ensureAccounts(context.db, [member.id], 'roster');
    const { roster, compositionSummary } = await boardNow(context, duty.answer.board, boardId);
    return done(request, reply, duty.viewer, `${member.name} is appointed`, [
      `${member.name} (${member.id}) is now a member of ${boardWords[duty.answer.board]}: ${roster.members.length} of its ${roster.seats} seats are filled. ${compositionSummary}`,
      email?.success
        ? `They can sign in with ${email.data}: the address is kept in the engine's address book, not in the board's records.`
        : `No email address was given, so they cannot sign in by email until one is recorded for ${member.id} (govern person set ${member.id} --email ADDRESS).`,
    ]);
  });

  const removePage = async (request: FastifyRequest, reply: FastifyReply, duty: OnDuty, memberId: string, extra: { reason?: string; problem?: Problem; status?: number } = {}) => {
    const { roster } = await boardNow(context, duty.answer.board, duty.answer.boardId);
    const member = roster.members.find((m) => m.id === memberId);
    if (!member)
      return pages.page(request, reply.code(404), 'message.njk', { title: 'No such member', viewer: duty.viewer }, {
        heading: 'No such member',
        message: `${memberId} is not a member of ${boardWords[duty.answer.board]}. See the members of the boards.`,
      });
    return pages.page(
      request,
      reply.code(extra.status ?? 200),
      'member-remove.njk',
      { title: `Remove ${member.name}`, viewer: duty.viewer, ...(extra.problem ? { problem: extra.problem } : {}) },
      { boardId: duty.answer.boardId, words: boardWords[duty.answer.board], member, chairs: roster.chair === member.id, reason: extra.reason ?? '' },
    );
  };

  scope.get('/secretariat/members/:boardId/remove/:memberId', async (request, reply) => {
    const { boardId, memberId } = parseInput(memberParams, request.params, 'Cannot show that member');
    const duty = await secretariatOf(request, reply, boardId);
    if (!duty) return reply;
    return removePage(request, reply, duty, memberId);
  });

  scope.post('/secretariat/members/:boardId/remove/:memberId', async (request, reply) => {
    const { boardId, memberId } = parseInput(memberParams, request.params, 'Cannot remove that member');
    const duty = await secretariatOf(request, reply, boardId);
    if (!duty) return reply;
    const { reason } = typed(request.body, ['reason']);
    const before = await boardNow(context, duty.answer.board, boardId);
    const sent = await sendFromForm(context, {
      workflowId: processOfBoard(duty.answer.board, boardId),
      command: 'removeMember',
      payload: { memberId, reason: reason.trim() },
      by: duty.viewer.personId,
      fields: { reason: 'reason' },
      field: 'reason',
      said: { reason: 'Give the reason the member is removed: it goes in the board’s records' },
    });
    if (sent.problem) return removePage(request, reply, duty, memberId, { reason, problem: sent.problem, status: sent.status });
    const name = before.roster.members.find((m) => m.id === memberId)?.name ?? memberId;
    const { roster, compositionSummary } = await boardNow(context, duty.answer.board, boardId);
    return done(request, reply, duty.viewer, `${name} is removed`, [
      `${name} (${memberId}) is no longer a member of ${boardWords[duty.answer.board]}: ${roster.members.length} of its ${roster.seats} seats are filled. ${compositionSummary}`,
      `The reason is in the board's records: ${reason.trim()}`,
    ]);
  });

  const chairPage = async (request: FastifyRequest, reply: FastifyReply, duty: OnDuty, extra: { form?: Typed<'memberId' | 'reference'>; problem?: Problem; status?: number } = {}) => {
    const { roster } = await boardNow(context, duty.answer.board, duty.answer.boardId);
    const form = extra.form ?? { memberId: '', reference: '' };
    return pages.page(
      request,
      reply.code(extra.status ?? 200),
      'chair.njk',
      { title: `Appoint the chair of ${boardWords[duty.answer.board]}`, viewer: duty.viewer, ...(extra.problem ? { problem: extra.problem } : {}) },
      {
        boardId: duty.answer.boardId,
        words: boardWords[duty.answer.board],
        chair: roster.members.find((m) => m.id === roster.chair),
        form,
        members: roster.members.filter((m) => m.id !== roster.chair).map((m) => ({ value: m.id, text: m.name, hint: { text: m.id } })),
      },
    );
  };

  scope.get('/secretariat/members/:boardId/chair', async (request, reply) => {
    const { boardId } = parseInput(boardParams, request.params, 'Cannot show that board');
    const duty = await secretariatOf(request, reply, boardId);
    if (!duty) return reply;
    return chairPage(request, reply, duty);
  });

  scope.post('/secretariat/members/:boardId/chair', async (request, reply) => {
    const { boardId } = parseInput(boardParams, request.params, 'Cannot appoint the chair of that board');
    const duty = await secretariatOf(request, reply, boardId);
    if (!duty) return reply;
    const form = typed(request.body, ['memberId', 'reference']);
    const sent = await sendFromForm(context, {
      workflowId: processOfBoard(duty.answer.board, boardId),
      command: 'appointChair',
      payload: { ...(form.memberId ? { memberId: form.memberId } : {}), ...(form.reference.trim() ? { reference: form.reference.trim() } : {}) },
      by: duty.viewer.personId,
      fields: { memberId: 'memberId', reference: 'reference' },
      field: 'memberId',
      said: { memberId: 'Choose the member who will chair the board' },
    });
    if (sent.problem) return chairPage(request, reply, duty, { form, problem: sent.problem, status: sent.status });
    const { roster } = await boardNow(context, duty.answer.board, boardId);
    const chair = roster.members.find((m) => m.id === roster.chair);
    return done(request, reply, duty.viewer, `${chair?.name ?? roster.chair} chairs the board`, [
      `${chair?.name ?? roster.chair} (${roster.chair}) now chairs ${boardWords[duty.answer.board]}${form.reference.trim() ? `, as recorded in: ${form.reference.trim()}` : ''}.`,
    ]);
  });
}
