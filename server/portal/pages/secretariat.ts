/**
 * The secretariat's and the chair's side of the portal. Who may open each page is what the board's
 * roster says now (asked of the board's process, as every role is: server/roles.ts), never what a
 * request says; anyone else gets a page saying so, and nothing is done. The engine checks each
 * command again in its own rules, and a refusal it gives is shown in its own words.
 *
 *   GET  /secretariat                           what the person may do here, by the duties a roster gives them
 *   GET  /secretariat/products                  the product board's products, with stage and what is before the board
 *   GET  /secretariat/products/:productId/gate  the gate request form: decision, papers, one self-assessment per principle in force
 *   POST /secretariat/products/:productId/gate  requests it (at a meeting, or by written procedure if the chair calls one)
 *   GET  /secretariat/triage                    the initiative board's submissions awaiting triage, soonest deadline first
 *   GET  /secretariat/triage/:submissionId      the triage form
 *   POST /secretariat/triage/:submissionId      accepts, merges or declines it with a published reason
 *   GET  /secretariat/attendance                meetings sitting now, on either board
 *   GET  /secretariat/attendance/:meetingId     who is present, as checkboxes
 *   POST /secretariat/attendance/:meetingId     records it
 *   GET  /secretariat/ties                      the chair's: gate reviews tied, waiting for the casting vote
 *   GET  /secretariat/ties/:reviewId            the casting vote form
 *   POST /secretariat/ties/:reviewId            gives it; the review is decided
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { initiativeProcessId, meetingProcessId, productProcessId } from '../../../machines/kernel/ids';
import type { GateReviewView } from '../../../machines/gateReview/view';
import type { ProductView } from '../../../machines/product/view';
import { recordId } from '../../../machines/kernel/schema';
import { parseInput } from '../../input';
import { rolesOn, type BoardAnswer, type BoardKind } from '../../roles';
import { governanceOf } from '../../routes/processes';
import type { ServerContext } from '../../routes/context';
import { hourOnDay } from '../dates';
import { lines, picked, problemAt, typed, type Problem } from '../forms';
import { sendFromForm } from '../formCommand';
import type { Portal } from '../plugin';
import type { Viewer } from '../render';

export type Duty = 'secretariat' | 'chair';

/**
 * The duties the rosters of the boards that answer give `personId` now that these pages serve (for the
 * menu and the attendance pages): the secretariat of either board, the chair of the product board (the
 * initiative board's chair has no page here yet, so the menu offers them none).
 */
export async function dutiesOf(context: ServerContext, personId: string): Promise<Duty[]> {
  const { answered } = await context.boards.rosters();
  const roles = answered.flatMap((a) => rolesOn(a, personId));
  return [
    ...(roles.some((r) => r.role === 'secretariat') ? (['secretariat'] as const) : []),
    ...(roles.some((r) => r.role === 'chair' && r.board === 'productBoard') ? (['chair'] as const) : []),
  ];
}

const boardWords: Readonly<Record<BoardKind, string>> = { productBoard: 'the product board', initiativeBoard: 'the initiative board' };

/** The words for each outcome of triage, in the order the form offers them. */
const outcomeWords = { accepted: 'Accept it: it goes on the agenda', merged: 'Merge it into an item already on the agenda', declined: 'Decline it' } as const;

/** The hour of the day a written procedure closes, on the day the chair gives. */
const closingHour = 17;

const productParams = z.strictObject({ productId: recordId.max(200) });
const submissionParams = z.strictObject({ submissionId: recordId.max(200) });
const meetingParams = z.strictObject({ meetingId: recordId.max(200) });
const reviewParams = z.strictObject({ reviewId: recordId.max(200) });

/** The id of the form field for the self-assessment against principle `id`. */
const assessmentField = (id: string) => `assessment-${id}`;

export function secretariatPages(scope: FastifyInstance, portal: Portal): void {
  const { context, pages } = portal;
  const zone = context.settings.timeZone;

  /**
   * The person signed in and the roster of `board`, when that roster names them in one of `duties`;
   * otherwise undefined, after sending them to sign in, or a page saying the board does not answer,
   * or one saying this page is not theirs.
   */
  const onDuty = async (request: FastifyRequest, reply: FastifyReply, board: BoardKind, duties: readonly Duty[]): Promise<{ viewer: Viewer; answer: BoardAnswer; holds: Duty[] } | undefined> => {
    const viewer = await portal.signedIn(request, reply);
    if (!viewer) return undefined;
    const { answered } = await context.boards.rosters();
    const answer = answered.find((a) => a.board === board);
    if (!answer) {
      pages.page(request, reply.code(503), 'message.njk', { title: 'The board does not answer', viewer }, {
        heading: 'The board does not answer just now',
        message: `We could not ask ${boardWords[board]} who its secretariat and chair are, so this page cannot be shown. Nothing was done. Try again in a minute.`,
      });
      return undefined;
    }
    const holds = rolesOn(answer, viewer.personId)
      .map((r) => r.role)
      .filter((r): r is Duty => (duties as readonly string[]).includes(r));
    if (!holds.length) {
      const who = `${duties.map((d) => `the ${d}`).join(' or ')} of ${boardWords[board]}`;
      pages.page(request, reply.code(403), 'message.njk', { title: 'This page is not for you', viewer }, {
        heading: 'This page is not for you',
        message: `It is for ${who}. The board's list of members and roles does not name you (${viewer.personId}) as such, so nothing is shown here and nothing was done. If it should, ask the secretariat to record it.`,
      });
      return undefined;
    }
    return { viewer, answer, holds };
  };

  // ── The hub ───────────────────────────────────────────────────────────────

  scope.get('/secretariat', async (request, reply) => {
    const viewer = await portal.signedIn(request, reply);
    if (!viewer) return reply;
    const { answered } = await context.boards.rosters();
    const on = (board: BoardKind, role: Duty) => answered.some((a) => a.board === board && rolesOn(a, viewer.personId).some((r) => r.role === role));
    const tasks = [
      ...(on('productBoard', 'secretariat') || on('productBoard', 'chair') ? [{ href: '/secretariat/products', text: 'Products and gate requests', hint: 'The product board’s products, their stage, and asking the board to decide a gate.' }] : []),
      ...(on('productBoard', 'chair') ? [{ href: '/secretariat/ties', text: 'Ties to settle', hint: 'Gate reviews whose vote is tied, waiting for your casting vote as chair.' }] : []),
      ...(on('initiativeBoard', 'secretariat') ? [{ href: '/secretariat/triage', text: 'Submissions to triage', hint: 'What people raised with the initiative board, soonest deadline first.' }] : []),
      ...(on('productBoard', 'secretariat') || on('initiativeBoard', 'secretariat') ? [{ href: '/secretariat/attendance', text: 'Attendance', hint: 'Who is present at a meeting sitting now.' }] : []),
    ];
    if (!tasks.length)
      return pages.page(request, reply.code(403), 'message.njk', { title: 'This page is not for you', viewer }, {
        heading: 'This page is not for you',
        message: `It is for the secretariat and the chairs of the boards. Neither board's list of members and roles names you (${viewer.personId}) as such, so nothing is shown here.`,
      });
    return pages.page(request, reply, 'secretariat.njk', { title: 'Board business', viewer }, { tasks });
  });

  // ── Products and gate requests ──────────────────────────────────────────────

  scope.get('/secretariat/products', async (request, reply) => {
    const duty = await onDuty(request, reply, 'productBoard', ['secretariat', 'chair']);
    if (!duty) return reply;
    const governance = governanceOf(context);
    const board = await governance.boardStatus(duty.answer.boardId);
    const asked = await Promise.allSettled(board.products.map((id) => governance.product(id)));
    const products = asked.map((a, i) => (a.status === 'fulfilled' ? { id: board.products[i]!, view: a.value } : { id: board.products[i]! }));
    return pages.page(request, reply, 'secretariat-products.njk', { title: 'Products', viewer: duty.viewer }, { products });
  });

  const gateNames = (principles: readonly { id: string }[]) => ['gate', 'papers', 'procedure', 'deadline', ...principles.map((p) => assessmentField(p.id))] as const;

  const gatePage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    duty: { viewer: Viewer; answer: BoardAnswer; holds: Duty[] },
    productId: string,
    extra: { form?: Readonly<Record<string, string>>; problem?: Problem; status?: number } = {},
  ) => {
    const governance = governanceOf(context);
    const [product, board] = await Promise.all([governance.product(productId), governance.boardStatus(duty.answer.boardId)]);
    // The secretariat places items on a meeting's agenda; only the chair calls a written procedure.
    const procedures = [
      ...(duty.holds.includes('secretariat') ? [{ value: 'meeting', text: 'At the next meeting whose papers deadline it meets' }] : []),
      ...(duty.holds.includes('chair') ? [{ value: 'written', text: 'By written procedure, between meetings (you call it as chair)' }] : []),
    ];
    const form = extra.form ?? Object.fromEntries(gateNames(board.principles).map((n) => [n, n === 'procedure' ? procedures[0]!.value : '']));
    return pages.page(
      request,
      reply.code(extra.status ?? 200),
      'gate.njk',
      { title: `Request a gate for ${product.product.name}`, viewer: duty.viewer, ...(extra.problem ? { problem: extra.problem } : {}) },
      {
        product,
        form,
        gates: product.mayRequest.map((g) => ({ value: g, text: g.charAt(0).toUpperCase() + g.slice(1) })),
        procedures,
        mayWrite: duty.holds.includes('chair'),
        assessments: board.principles.map((p) => ({ field: assessmentField(p.id), principle: p, value: form[assessmentField(p.id)] ?? '' })),
      },
    );
  };

  scope.get('/secretariat/products/:productId/gate', async (request, reply) => {
    const { productId } = parseInput(productParams, request.params, 'Cannot show that product');
    const duty = await onDuty(request, reply, 'productBoard', ['secretariat', 'chair']);
    if (!duty) return reply;
    return gatePage(request, reply, duty, productId);
  });

  scope.post('/secretariat/products/:productId/gate', async (request, reply) => {
    const { productId } = parseInput(productParams, request.params, 'Cannot request a gate for that product');
    const duty = await onDuty(request, reply, 'productBoard', ['secretariat', 'chair']);
    if (!duty) return reply;
    const governance = governanceOf(context);
    const { principles } = await governance.boardStatus(duty.answer.boardId);
    const form = typed(request.body, gateNames(principles));
    const field = (name: string): string => form[name] ?? '';
    const again = (problem: Problem, status = 400) => gatePage(request, reply, duty, productId, { form, problem, status });
    const written = form.procedure === 'written';
    const deadline = written ? hourOnDay(field('deadline'), closingHour, zone) : undefined;
    if (written && !deadline) return again(problemAt('deadline', 'Give the day voting closes as year-month-day, for example 2027-01-20'));
    // Each principle's field as the team wrote it; an empty one is left out, and the board says which it misses.
    const selfAssessment = principles.map((p) => ({ principle: p.id, assessment: field(assessmentField(p.id)).trim() })).filter((a) => a.assessment);
    const firstEmpty = principles.find((p) => !field(assessmentField(p.id)).trim()) ?? principles[0];
    const assessmentAt = firstEmpty ? assessmentField(firstEmpty.id) : 'gate';
    const sent = await sendFromForm(context, {
      workflowId: productProcessId(productId),
      command: 'requestGate',
      payload: { ...(field('gate') ? { gate: field('gate') } : {}), procedure: written ? 'written' : 'meeting', ...(deadline ? { deadline } : {}), papers: lines(field('papers')), selfAssessment },
      by: duty.viewer.personId,
      fields: { gate: 'gate', papers: 'papers', procedure: 'procedure', deadline: 'deadline', selfAssessment: assessmentAt },
      field: 'gate',
      said: { gate: 'Choose the decision the board is asked for' },
      refusedAt: (message) => (/self-assessment/i.test(message) ? assessmentAt : /written procedure|deadline/i.test(message) ? 'deadline' : 'gate'),
    });
    if (sent.problem) return again(sent.problem, sent.status);
    const product: ProductView = await governance.product(productId);
    return pages.page(request, reply, 'gate-requested.njk', { title: 'The gate is requested', viewer: duty.viewer }, { product, written });
  });

  // ── Triage ──────────────────────────────────────────────────────────────────

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
    duty: { viewer: Viewer; answer: BoardAnswer },
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

  // ── Attendance ──────────────────────────────────────────────────────────────

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

  /** The person signed in, when a roster names them secretariat of either board; otherwise undefined after a page says why. */
  const secretariatOfEither = async (request: FastifyRequest, reply: FastifyReply): Promise<Viewer | undefined> => {
    const viewer = await portal.signedIn(request, reply);
    if (!viewer) return undefined;
    if ((await dutiesOf(context, viewer.personId)).includes('secretariat')) return viewer;
    pages.page(request, reply.code(403), 'message.njk', { title: 'This page is not for you', viewer }, {
      heading: 'This page is not for you',
      message: `It is for the secretariat of the boards. Neither board's list of members and roles names you (${viewer.personId}) as its secretariat, so nothing is shown here and nothing was done.`,
    });
    return undefined;
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

  // ── The chair's casting vote ────────────────────────────────────────────────

  /** The gate reviews of `boardId` tied and waiting for the chair; a review that does not answer just now is left out. */
  const ties = async (boardId: string): Promise<GateReviewView[]> => {
    const governance = governanceOf(context);
    const running = (await governance.listReviews({ limit: 100 })).filter((r) => r.running);
    const views = await Promise.allSettled(running.map((r) => governance.status(r.reviewId)));
    return views.flatMap((v) => (v.status === 'fulfilled' && v.value.state === 'awaitingCastingVote' && v.value.boardId === boardId ? [v.value] : []));
  };

  scope.get('/secretariat/ties', async (request, reply) => {
    const duty = await onDuty(request, reply, 'productBoard', ['chair']);
    if (!duty) return reply;
    return pages.page(request, reply, 'ties.njk', { title: 'Ties to settle', viewer: duty.viewer }, { ties: await ties(duty.answer.boardId) });
  });

  const tiePage = async (request: FastifyRequest, reply: FastifyReply, duty: { viewer: Viewer; answer: BoardAnswer }, reviewId: string, extra: { form?: Readonly<Record<string, string>>; problem?: Problem; status?: number } = {}) => {
    const view = (await ties(duty.answer.boardId)).find((v) => v.reviewId === reviewId);
    if (!view)
      return pages.page(request, reply.code(404), 'message.njk', { title: 'No tie to settle', viewer: duty.viewer }, {
        heading: 'No tie to settle',
        message: `Gate review ${reviewId} is not waiting for a casting vote: it is not tied, or it was decided already. See the ties to settle.`,
      });
    return pages.page(
      request,
      reply.code(extra.status ?? 200),
      'tie.njk',
      { title: `Casting vote: ${view.product.name ?? view.product.id}, the ${view.gate} gate`, viewer: duty.viewer, ...(extra.problem ? { problem: extra.problem } : {}) },
      { view, form: extra.form ?? { choice: '', reason: '' }, choices: [{ value: 'approve', text: 'Approve' }, { value: 'reject', text: 'Reject' }] },
    );
  };

  scope.get('/secretariat/ties/:reviewId', async (request, reply) => {
    const { reviewId } = parseInput(reviewParams, request.params, 'Cannot show that review');
    const duty = await onDuty(request, reply, 'productBoard', ['chair']);
    if (!duty) return reply;
    return tiePage(request, reply, duty, reviewId);
  });

  scope.post('/secretariat/ties/:reviewId', async (request, reply) => {
    const { reviewId } = parseInput(reviewParams, request.params, 'Cannot give a casting vote on that review');
    const duty = await onDuty(request, reply, 'productBoard', ['chair']);
    if (!duty) return reply;
    const form = typed(request.body, ['choice', 'reason']);
    const again = (problem: Problem, status = 400) => tiePage(request, reply, duty, reviewId, { form, problem, status });
    const sent = await sendFromForm(context, {
      workflowId: reviewId,
      command: 'castCastingVote',
      payload: { ...(form.choice ? { choice: form.choice } : {}), ...(form.reason.trim() ? { reason: form.reason } : {}) },
      by: duty.viewer.personId,
      fields: { choice: 'choice', reason: 'reason' },
      field: 'choice',
      said: { choice: 'Choose approve or reject: a casting vote settles the tie one way' },
    });
    if (sent.problem) return again(sent.problem, sent.status);
    return pages.page(request, reply, 'tie-settled.njk', { title: 'Your casting vote is recorded', viewer: duty.viewer }, { reviewId, choice: form.choice });
  });
}
