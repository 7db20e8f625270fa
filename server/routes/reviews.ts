/**
 * Gate reviews as anyone reads them, and a gate review opened on its own (outside a product's
 * lifecycle: the GovernanceClient's `requestGateReview`), which only the product board's secretariat may open.
 *
 *   GET  /api/reviews?productId=&status=&limit=   → gate reviews, newest first (at most 100)
 *   POST /api/reviews  { productId, productName?, stage, gate, papers?, selfAssessment?, votingClosesAt?, reviewId? }
 *                                                  → { reviewId, votingClosesAt } (secretariat)
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { gateReviewRequestSchema } from '../../machines/gateReview/schema';
import { isSecretariat, type BoardRoster } from '../../machines/kernel/roster';
import { isoDate, recordId } from '../../machines/kernel/schema';
import { ApiError } from '../errors';
import { parseInput } from '../input';
import { requireSession } from '../session';
import type { ServerContext } from './context';
import { governanceOf } from './processes';

const listQuery = z.strictObject({
  productId: recordId.optional(),
  status: z.string().regex(/^[A-Za-z]{1,40}$/, 'a status is a word, e.g. voting or decided').optional(),
  limit: z.coerce.number({ error: 'limit is a number from 1 to 100' }).int('limit is a whole number').min(1, 'limit is at least 1').max(100, 'limit is at most 100').default(100),
});

const request = gateReviewRequestSchema.shape;
const standaloneReview = z.strictObject({
  productId: request.product.shape.id,
  productName: request.product.shape.name,
  stage: request.product.shape.stage,
  gate: request.gate,
  papers: request.papers.optional(),
  selfAssessment: request.selfAssessment.optional(),
  votingClosesAt: isoDate('votingClosesAt').optional(),
  reviewId: recordId.optional(),
});

export function reviewRoutes(app: FastifyInstance, context: ServerContext): void {
  app.get('/api/reviews', async (req) => {
    const query = parseInput(listQuery, req.query, 'Cannot list reviews');
    return governanceOf(context).listReviews(query);
  });

  app.post('/api/reviews', async (req) => {
    const { session } = await requireSession(req, context.db, context.settings.publicUrl);
    const body = parseInput(standaloneReview, req.body, 'Cannot open that gate review');
    const governance = governanceOf(context);
    // The board the review is for is the board file's: its secretariat, as the board's process holds it now, may open one.
    const boardId = governance.boardId;
    const roster: BoardRoster = await governance.boardStatus(boardId).then((view) => view.roster, () => governance.board.roster);
    if (!isSecretariat(roster, session.personId))
      throw new ApiError(403, 'NotSecretariat', `You are signed in as ${session.personId}, who may not open a gate review: only the secretariat of ${boardId} (${roster.secretariat.join(', ')}) may.`);
    const { votingClosesAt, ...asked } = body;
    return governance.requestGateReview({ ...asked, ...(votingClosesAt ? { votingClosesAt: new Date(votingClosesAt) } : {}), requestedBy: session.personId });
  });
}
