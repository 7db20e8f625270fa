/**
 * A member's side of the portal: what awaits them, and voting. Who may vote is the review's own
 * roster (the machine refuses anyone else, in its own words); the page only offers the form to the
 * members the review says are yet to vote or have voted. How anyone voted is never shown while
 * voting is open: the review's view holds only who has voted.
 *
 *   GET  /me                          votes awaiting you (closing soonest first), votes you may change, your notices
 *   GET  /reviews/:reviewId           the item: papers, self-assessment, who has voted, and your vote form
 *   POST /reviews/:reviewId/vote      casts or changes your vote; then a confirmation
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { readNotifications } from '../../../client/notices';
import type { GateReviewView } from '../../../machines/gateReview/view';
import { recordId } from '../../../machines/kernel/schema';
import { voteChoices } from '../../../machines/kernel/voting';
import { parseInput } from '../../input';
import { governanceOf } from '../../routes/processes';
import { lines, typed, type Problem } from '../forms';
import { sendFromForm } from '../formCommand';
import { keptFor, openReviewsMs } from '../keptRegister';
import type { Portal } from '../plugin';
import type { Viewer } from '../render';

const reviewParams = z.strictObject({ reviewId: recordId.max(200) });

/** The words for each choice, in the order the form offers them. */
export const choiceWords: Readonly<Record<(typeof voteChoices)[number], string>> = {
  approve: 'Approve',
  approveWithConditions: 'Approve with conditions',
  reject: 'Reject',
  abstain: 'Abstain',
};

/** Where `personId` stands on a review: to vote, voted (may change), or neither (not a member, recused, closed). */
export function standing(view: GateReviewView, personId: string): 'toVote' | 'voted' | undefined {
  if (view.state !== 'awaitingVotes' && view.state !== 'awaitingAssessment') return undefined;
  if (view.yetToVote.some((m) => m.id === personId)) return 'toVote';
  if (view.voted.includes(personId)) return 'voted';
  return undefined;
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

  scope.get('/me', async (request, reply) => {
    const viewer = await portal.signedIn(request, reply);
    if (!viewer) return reply;
    const [reviews, notices] = await Promise.all([openReviews(), readNotifications(context.db, viewer.personId)]);
    const soonest = (a: GateReviewView, b: GateReviewView) => a.votingClosesAt.localeCompare(b.votingClosesAt);
    return pages.page(request, reply, 'me.njk', { title: 'Your page', viewer }, {
      toVote: reviews.filter((r) => standing(r, viewer.personId) === 'toVote').sort(soonest),
      voted: reviews.filter((r) => standing(r, viewer.personId) === 'voted').sort(soonest),
      notices: notices.slice(-10).reverse(),
    });
  });

  const reviewPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    viewer: Viewer | undefined,
    reviewId: string,
    extra: { problem?: Problem; form?: Readonly<Record<string, string>>; done?: string; status?: number } = {},
  ) => {
    const view = await governanceOf(context).status(reviewId, viewer?.personId);
    const stands = viewer ? standing(view, viewer.personId) : undefined;
    return pages.page(
      request,
      reply.code(extra.status ?? 200),
      'review.njk',
      { title: `${view.product.name ?? view.product.id}: the ${view.gate} gate`, ...(viewer ? { viewer } : {}), ...(extra.problem ? { problem: extra.problem } : {}), ...(extra.done ? { done: extra.done } : {}) },
      { view, stands, yetToVote: view.yetToVote.map((m) => m.name).join(', '), choices: Object.entries(choiceWords).map(([value, text]) => ({ value, text })), form: extra.form ?? { choice: '', reason: '', conditions: '' } },
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
    const form = typed(request.body, ['choice', 'reason', 'conditions']);
    const view = await governanceOf(context).status(reviewId);
    const changed = standing(view, viewer.personId) === 'voted';
    const conditions = lines(form.conditions);
    const sent = await sendFromForm(context, {
      workflowId: reviewId,
      command: changed ? 'changeVote' : 'castVote',
      payload: { ...(form.choice ? { choice: form.choice } : {}), ...(form.reason.trim() ? { reason: form.reason } : {}), ...(conditions.length ? { conditions } : {}) },
      by: viewer.personId,
      fields: { choice: 'choice', reason: 'reason', conditions: 'conditions' },
      field: 'choice',
      said: { choice: 'Choose how you vote: approve, approve with conditions, reject or abstain' },
    });
    if (sent.problem) return reviewPage(request, reply, viewer, reviewId, { status: sent.status, form, problem: sent.problem });
    openReviews.forget();
    return pages.page(request, reply, 'voted.njk', { title: 'Your vote is recorded', viewer }, { view, changed });
  });
}
