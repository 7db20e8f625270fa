/**
 * A member's side of the portal: what awaits them, and a gate review's page. Who may vote, declare an
 * interest or commission an assessment is the review's own roster (the machine refuses anyone else, in
 * its own words); the page offers each form only to whom the review's rules allow. How anyone voted
 * is never shown while voting is open: the review's view holds only who has voted.
 *
 *   GET  /me                              votes awaiting you on either board (closing soonest first), votes you may change,
 *                                         the next meetings of both boards with their papers, assessments and research awaiting
 *                                         a report, your notices
 *   GET  /reviews/:reviewId               the item: papers, self-assessment, who has voted, interests, the assessment, and your forms
 *   POST /reviews/:reviewId/vote          casts or changes your vote; then a confirmation
 *   POST /reviews/:reviewId/interest      declares your interest (you are recused); then a confirmation
 *   POST /reviews/:reviewId/assessment    commissions a technical assessment; then a confirmation
 *
 * The initiative board's items (./initiativeItems.ts) and its chair's casting vote (./initiativeChair.ts)
 * are registered from here, beside the member's home that lists them.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { readNotifications } from '../../../client/notices';
import type { GateReviewView } from '../../../machines/gateReview/view';
import type { InitiativeView } from '../../../machines/initiativeBoard/view';
import { itemLink } from '../../../machines/initiativeBoard/voteNotices';
import { recordId } from '../../../machines/kernel/schema';
import { parseInput } from '../../input';
import { boardIdOf, rolesOn } from '../../roles';
import { governanceOf } from '../../routes/processes';
import { typed, type Problem } from '../forms';
import { sendFromForm } from '../formCommand';
import { keptFor, keptForEach, openReviewsMs } from '../keptRegister';
import type { Portal } from '../plugin';
import type { Viewer } from '../render';
import { initiativeItemPages, itemStanding, itemsOf } from './initiativeItems';
import { initiativeChairPages } from './initiativeChair';
import { choiceItems, dueDate, emptyMemberForm, noChoice, votePayload, type MemberForm, type RefusedForm } from './memberForms';

const reviewParams = z.strictObject({ reviewId: recordId.max(200) });

/** Voting is open on a review in these states (the machine takes votes and declarations in them). */
const openStates: readonly GateReviewView['state'][] = ['awaitingVotes', 'awaitingAssessment'];

/** The members of the review's board, as the review holds them: those yet to vote, those who voted, those recused. */
const reviewMembers = (view: GateReviewView): Set<string> => new Set([...view.yetToVote.map((m) => m.id), ...view.voted, ...view.recusals.map((r) => r.by)]);

/** Where `personId` stands on a review: to vote, voted (may change), or neither (not a member, recused, closed). */
export function standing(view: GateReviewView, personId: string): 'toVote' | 'voted' | undefined {
  if (!openStates.includes(view.state)) return undefined;
  if (view.yetToVote.some((m) => m.id === personId)) return 'toVote';
  if (view.voted.includes(personId)) return 'voted';
  return undefined;
}

/** One line of the home page's list of votes: a gate review or an initiative item. */
interface Awaiting {
  readonly href: string;
  readonly title: string;
  readonly closesAt: string;
}

export function memberPages(scope: FastifyInstance, portal: Portal): void {
  const { context, pages } = portal;

  /** The reviews still open, each as its view; a review that does not answer just now is left out. Kept a moment (../keptRegister.ts). */
  const openReviews = keptFor(openReviewsMs, async (): Promise<GateReviewView[]> => {
    const governance = governanceOf(context);
    const running = (await governance.listReviews({ limit: 100 })).filter((r) => r.running);
    const views = await Promise.allSettled(running.map((r) => governance.status(r.reviewId)));
    return views.flatMap((v) => (v.status === 'fulfilled' ? [v.value] : []));
  });

  /** The product board's roster now, if it answers: who is its secretariat, and its members' names. */
  const productRoster = async () => (await context.boards.rosters()).answered.find((a) => a.board === 'productBoard');

  /*
   * What the home page shows of the boards, kept as the open reviews are (each is a query the worker
   * answers): the rosters, for which reports it lists; the product board, for its meetings; the
   * initiative board, for its items. Any form this server takes forgets them before its answer is
   * sent (the hook below), so whoever sent it sees the change on their next page.
   */
  const homeRosters = keptFor(openReviewsMs, () => context.boards.rosters());
  const productSecretariat = async (personId: string): Promise<boolean> => {
    const answer = (await homeRosters()).answered.find((a) => a.board === 'productBoard');
    return !!answer && rolesOn(answer, personId).some((r) => r.role === 'secretariat');
  };
  const productBoardView = keptFor(openReviewsMs, () => governanceOf(context).boardStatus(boardIdOf(context.boards, 'productBoard')!));
  // For each reader: its items say what that reader may send (`may`), so one reader's view is never another's.
  const initiativeView = keptForEach(openReviewsMs, (reader) => governanceOf(context).initiative(boardIdOf(context.boards, 'initiativeBoard')!).status(reader));
  scope.addHook('onSend', async (request, _reply, payload) => {
    if (request.method === 'POST') for (const kept of [openReviews, homeRosters, productBoardView, initiativeView]) kept.forget();
    return payload;
  });

  /**
   * The product board's next meetings: those convened and not yet ended (their items are gate reviews),
   * then the next upcoming one (its items wait on the agenda), each with its items' papers.
   */
  const productMeetings = async (reviews: readonly GateReviewView[]) => {
    const boardId = boardIdOf(context.boards, 'productBoard');
    if (!boardId) return undefined;
    try {
      const view = await productBoardView();
      const now = Date.now();
      const meetings = [...view.convened.filter((m) => Date.parse(m.endsAt) > now), ...view.upcomingMeetings.slice(0, 1)];
      return {
        meetings: meetings.map((meeting) => ({
          meeting,
          items: [
            ...reviews.filter((r) => r.meetingId === meeting.meetingId).map((r) => ({ title: `${r.product.name ?? r.product.id}: the ${r.gate} gate`, href: `/reviews/${r.reviewId}`, papers: r.papers })),
            ...view.agenda.filter((i) => i.meeting?.meetingId === meeting.meetingId).map((i) => ({ title: `${i.productName ?? i.productId}: the ${i.gate} gate`, papers: i.papers })),
          ],
        })),
      };
    } catch {
      return { silent: 'The product board does not answer just now, so its meetings are not shown. Try again later.' };
    }
  };

  scope.get('/me', async (request, reply) => {
    const viewer = await portal.signedIn(request, reply);
    if (!viewer) return reply;
    const me = viewer.personId;
    const initiative = boardIdOf(context.boards, 'initiativeBoard');
    const [reviews, notices, board, secretariat] = await Promise.all([
      openReviews(),
      // The zone came with the session (plugin.ts): no second read of the person.
      readNotifications(context.db, me, viewer.timeZone),
      initiative ? initiativeView(me).catch(() => undefined) : Promise.resolve(undefined),
      productSecretariat(me),
    ]);
    const productBoard = await productMeetings(reviews);
    const soonest = (a: Awaiting, b: Awaiting) => a.closesAt.localeCompare(b.closesAt);
    const reviewLine = (r: GateReviewView): Awaiting => ({ href: `/reviews/${r.reviewId}`, title: `${r.product.name ?? r.product.id}: the ${r.gate} gate`, closesAt: r.votingClosesAt });
    const items = board ? itemsOf(board) : [];
    const itemLine = (i: (typeof items)[number]): Awaiting => ({ href: itemLink(i.itemId), title: i.title, closesAt: board!.quarter.endsAt });
    const onInitiative = (view: InitiativeView) => view.roster.members.some((m) => m.id === me) || view.roster.secretariat.includes(me);
    return pages.page(request, reply, 'me.njk', { title: 'Your page', viewer }, {
      toVote: [...reviews.filter((r) => standing(r, me) === 'toVote').map(reviewLine), ...(board ? items.filter((i) => itemStanding(i) === 'toVote').map(itemLine) : [])].sort(soonest),
      voted: [...reviews.filter((r) => standing(r, me) === 'voted').map(reviewLine), ...(board ? items.filter((i) => itemStanding(i) === 'voted').map(itemLine) : [])].sort(soonest),
      productBoard,
      initiative: board ? { quarter: board.quarter, stage: board.stage, items: board.agenda.map((i) => ({ title: i.title, href: itemLink(i.itemId) })) } : initiative ? { silent: 'The initiative board does not answer just now, so its meeting is not shown. Try again later.' } : undefined,
      // Reports the board waits for, on a board the person sits on or serves: who was asked, what, by when.
      reports: [
        ...reviews
          .filter((r) => r.assessment && !r.assessment.report && !r.assessment.overdue && (reviewMembers(r).has(me) || secretariat))
          .map((r) => ({ href: `/reviews/${r.reviewId}`, title: `${r.product.name ?? r.product.id}: the ${r.gate} gate`, kind: 'A technical assessment', by: r.assessment!.assessor, question: r.assessment!.question, dueAt: r.assessment!.dueAt })),
        ...(board && onInitiative(board)
          ? [...board.agenda, ...board.nextAgenda]
              .filter((i) => i.research && !i.research.report)
              .map((i) => ({ href: itemLink(i.itemId), title: i.title, kind: 'Research', by: i.research!.researcher, question: i.research!.question, dueAt: i.research!.dueAt }))
          : []),
      ].sort((a, b) => a.dueAt.localeCompare(b.dueAt)),
      // The initiative board's chair holds a casting vote the menu does not offer (its duties are the product board's).
      chairsInitiative: board?.roster.chair === me,
      notices: notices.slice(-10).reverse(),
    });
  });

  const reviewPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    viewer: Viewer | undefined,
    reviewId: string,
    extra: { problem?: Problem; form?: MemberForm; status?: number; refused?: RefusedForm } = {},
  ) => {
    // The review answers for the reader what they may send now (machines/gateReview/view.ts `may`): the page offers those forms, and a refused one again.
    const view = await governanceOf(context).status(reviewId, viewer?.personId);
    const may = view.may;
    const stands = may?.vote === 'change' ? 'voted' : may?.vote === 'cast' || extra.refused === 'vote' ? 'toVote' : undefined;
    const roster = await productRoster();
    const offers = { interest: !!may?.declareInterest || extra.refused === 'interest', assessment: !!may?.commissionAssessment || extra.refused === 'commission' };
    const names = new Map([...(roster?.roster.members ?? []), ...view.yetToVote].map((m) => [m.id, m.name]));
    return pages.page(
      request,
      reply.code(extra.status ?? 200),
      'review.njk',
      { title: `${view.product.name ?? view.product.id}: the ${view.gate} gate`, ...(viewer ? { viewer } : {}), ...(extra.problem ? { problem: extra.problem } : {}) },
      {
        view,
        stands,
        offers,
        recused: !!viewer && view.recusals.some((r) => r.by === viewer.personId),
        yetToVote: view.yetToVote.map((m) => m.name).join(', '),
        recusals: view.recusals.map((r) => ({ ...r, name: names.get(r.by) ?? r.by })),
        // The self-assessment answers each principle by its id; a member reads its title.
        principleTitles: Object.fromEntries((view.principles ?? []).map((p) => [p.id, p.title])),
        choices: choiceItems,
        form: extra.form ?? emptyMemberForm,
      },
    );
  };

  scope.get('/reviews/:reviewId', async (request, reply) => {
    const { reviewId } = parseInput(reviewParams, request.params, 'Cannot show that review');
    return reviewPage(request, reply, await portal.viewer(request), reviewId);
  });

  scope.post('/reviews/:reviewId/vote', async (request, reply) => {
    const { reviewId } = parseInput(reviewParams, request.params, 'Cannot vote on that review');
    const viewer = await portal.signedIn(request, reply);
    if (!viewer) return reply;
    const form = { ...emptyMemberForm, ...typed(request.body, ['choice', 'reason', 'conditions']) };
    const view = await governanceOf(context).status(reviewId, viewer.personId);
    const changed = view.may?.vote === 'change';
    const sent = await sendFromForm(context, {
      workflowId: reviewId,
      command: changed ? 'changeVote' : 'castVote',
      payload: votePayload(form),
      by: viewer.personId,
      fields: { choice: 'choice', reason: 'reason', conditions: 'conditions' },
      field: 'choice',
      said: { choice: noChoice },
    });
    if (sent.problem) return reviewPage(request, reply, viewer, reviewId, { status: sent.status, form, problem: sent.problem, refused: 'vote' });
    openReviews.forget();
    return pages.page(request, reply, 'voted.njk', { title: changed ? 'Your vote is changed' : 'Your vote is recorded', viewer }, { changed, closesAt: view.votingClosesAt, back: { href: `/reviews/${reviewId}`, text: 'Back to the review' } });
  });

  scope.post('/reviews/:reviewId/interest', async (request, reply) => {
    const { reviewId } = parseInput(reviewParams, request.params, 'Cannot declare an interest in that review');
    const viewer = await portal.signedIn(request, reply);
    if (!viewer) return reply;
    const form = { ...emptyMemberForm, ...typed(request.body, ['interest']) };
    const sent = await sendFromForm(context, {
      workflowId: reviewId,
      command: 'declareInterest',
      payload: { interest: form.interest },
      by: viewer.personId,
      fields: { interest: 'interest' },
      field: 'interest',
    });
    if (sent.problem) return reviewPage(request, reply, viewer, reviewId, { status: sent.status, form, problem: sent.problem, refused: 'interest' });
    const view = await governanceOf(context).status(reviewId);
    return pages.page(request, reply, 'member-done.njk', { title: 'Your interest is declared', viewer }, {
      heading: 'Your interest is declared',
      said: [`You are recused from ${view.product.name ?? view.product.id}: the ${view.gate} gate. You cannot vote on it, and you do not count toward its quorum.`, 'Your declaration is published with the decision.'],
      interest: form.interest,
      back: { href: `/reviews/${reviewId}`, text: 'Back to the review' },
    });
  });

  scope.post('/reviews/:reviewId/assessment', async (request, reply) => {
    const { reviewId } = parseInput(reviewParams, request.params, 'Cannot commission an assessment for that review');
    const viewer = await portal.signedIn(request, reply);
    if (!viewer) return reply;
    const form = { ...emptyMemberForm, ...typed(request.body, ['who', 'question', 'dueAt']) };
    const due = dueDate(form.dueAt, portal.zoneOf(viewer));
    if ('problem' in due) return reviewPage(request, reply, viewer, reviewId, { status: 400, form, problem: due.problem, refused: 'commission' });
    const sent = await sendFromForm(context, {
      workflowId: reviewId,
      command: 'commissionAssessment',
      payload: { assessor: form.who, question: form.question, dueAt: due.dueAt },
      by: viewer.personId,
      fields: { assessor: 'who', question: 'question', dueAt: 'dueAt' },
      field: 'who',
      refusedAt: (message) => (/due date/.test(message) ? 'dueAt' : 'who'),
    });
    if (sent.problem) return reviewPage(request, reply, viewer, reviewId, { status: sent.status, form, problem: sent.problem, refused: 'commission' });
    const view = await governanceOf(context).status(reviewId);
    return pages.page(request, reply, 'member-done.njk', { title: 'The assessment is commissioned', viewer }, {
      heading: 'The assessment is commissioned',
      said: [`${form.who.trim()} is asked to assess ${view.product.name ?? view.product.id} for the ${view.gate} gate.`, 'The board decides once the report is in, or once it is due if none comes.'],
      dueAt: due.dueAt,
      back: { href: `/reviews/${reviewId}`, text: 'Back to the review' },
    });
  });

  initiativeItemPages(scope, portal);
  initiativeChairPages(scope, portal);
}
