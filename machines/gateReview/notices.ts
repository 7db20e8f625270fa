/**
 * What a gate review tells people beyond its decision: every member when a
 * written procedure opens, members who have not voted before voting closes,
 * and each voter that their vote was recorded. Sent only by reviews opened
 * with `notices` on (see GateReviewInput), so a review's history replays as it ran.
 */
import type { Notification } from '../kernel/effects';
import { writtenProcedureNoticeId } from '../kernel/ids';
import { memberName } from '../kernel/roster';
import { choicesToType, notVoted, type VoteSubject } from '../kernel/voteNotices';
import { closesAtOf, reviewVoters, type GateReviewContext } from './rules';

/** Where people see a review and vote on it, under the deployment's public address. */
export const reviewLink = (reviewId: string): string => `/reviews/${reviewId}`;

const productName = (ctx: GateReviewContext) => ctx.request.product.name ?? ctx.request.product.id;

export function voteSubjectOf(ctx: GateReviewContext): VoteSubject {
  const { request } = ctx;
  return {
    id: request.reviewId,
    what: `${productName(ctx)} passing the ${request.gate} gate`,
    boardId: request.board.boardId,
    closesAt: closesAtOf(ctx),
    link: reviewLink(request.reviewId),
    voteCommand: (voter) => `govern vote ${request.reviewId} --as ${voter} --choice CHOICE`,
  };
}

/** Members who may vote and have not: not removed during the vote, not recused, no vote in. */
export const membersYetToVote = (ctx: GateReviewContext): string[] => notVoted(reviewVoters(ctx), ctx.votes);

/** Every member, told as the chair's written procedure opens: what is asked, by when, and how to vote. */
export function writtenProcedureOpened(ctx: GateReviewContext): Notification {
  const { request } = ctx;
  const papers = request.papers.length ? `Papers: ${request.papers.join(' ')}\n` : '';
  const assessed = request.selfAssessment.map((a) => `${a.principle}: ${a.assessment}`).join('; ');
  return {
    notificationId: writtenProcedureNoticeId(request.reviewId),
    to: request.board.members.map((m) => m.id),
    subject: `Written procedure: vote by {closes} on ${productName(ctx)} passing the ${request.gate} gate`,
    body:
      `${memberName(request.board, request.board.chair)}, the chair, has put ${productName(ctx)} passing the ${request.gate} gate to the board by written procedure: ` +
      `the board decides between meetings, under its usual voting rules.\n` +
      `Vote by {closes}: govern vote ${request.reviewId} --as YOUR_ID --choice CHOICE (${choicesToType}; a reason is welcome).\n` +
      `If you have an interest in it, declare it instead: govern interest ${request.reviewId} --as YOUR_ID --interest "…"\n` +
      papers +
      (assessed ? `Self-assessment: ${assessed}\n` : '') +
      `Reference: ${request.reviewId}.`,
    dates: { closes: request.votingClosesAt },
    link: reviewLink(request.reviewId),
    boardId: request.board.boardId,
  };
}
