/**
 * Driving the product board's processes on a real server from a test: the
 * board founding configuration, and waits for the asynchronous steps (a
 * review started as a product's child, a decision reaching the product).
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { BoardConfigInput } from '../../machines/productBoard/schema';
import type { GovernanceClient } from '../../client/governanceClient';
import type { BoardConfig } from '../../client/boardConfig';
import { NotFound } from '../../client/errors';
import type { ProductView } from '../../machines/product/view';
import type { Gate } from '../../machines/kernel/lifecycle';
import { defaultProductBoardPolicy } from '../../machines/productBoard/policy';
import { sevenMemberBoard } from './gateReviews';
import { skipTime } from './temporal';

const expertise = [['governance'], ['product'], ['product', 'data'], ['ethics'], ['security'], ['community'], ['ethics', 'law']];

/** Seven members who meet the default composition policy, and two principles to assess against. */
export const foundingBoard: BoardConfigInput = {
  roster: { ...sevenMemberBoard, members: sevenMemberBoard.members.map((m, i) => ({ ...m, expertise: expertise[i]! })) },
  policy: defaultProductBoardPolicy,
  principles: {
    guiding: [{ id: 'good-data', title: 'Good data' }],
    board: [{ id: 'open-by-default', title: 'Open by default' }],
  },
};

export const fullSelfAssessment = [
  { principle: 'good-data', assessment: 'Sources, methods and contacts are documented.' },
  { principle: 'Open by default', assessment: 'Code and data are published.' },
];

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `read` returns something `done` accepts; time-skipping servers act between our calls. */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, tries = 200): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < tries; i++) {
    try {
      last = await read();
      if (done(last)) return last;
    } catch (err) {
      if (!(err instanceof NotFound)) throw err;
    }
    await pause(50);
  }
  throw new Error(`Timed out waiting for ${what}; last seen: ${JSON.stringify(last)?.slice(0, 500)}`);
}

/** Moves the server's clock to `iso` (it only moves forward). */
export async function skipTo(env: TestWorkflowEnvironment, iso: string): Promise<void> {
  const ms = Date.parse(iso) - (await env.currentTimeMs());
  if (ms > 0) await skipTime(env, ms);
}

/** The review a product has before the board, once its workflow answers. */
export async function pendingReview(governance: GovernanceClient, productId: string): Promise<string> {
  const view = await eventually(() => governance.product(productId), (p) => p.pending !== undefined, `a pending item on ${productId}`);
  const reviewId = view.pending!.reviewId;
  await eventually(() => governance.status(reviewId), () => true, `review ${reviewId} to start`);
  return reviewId;
}

/**
 * Registers `productId` and has the chair of `board` put its prioritisation to a written procedure a week
 * long, whose review opens at once (one at a meeting waits for the papers deadline); answers the review's id.
 */
export async function writtenPrioritisation(governance: GovernanceClient, board: BoardConfig, productId: string): Promise<string> {
  await governance.registerProduct({ by: board.roster.secretariat[0]!, product: { id: productId, name: productId } });
  await governance.requestGate(productId, {
    by: board.roster.chair,
    gate: 'prioritisation',
    procedure: 'written',
    deadline: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    papers: [`https://example.org/${productId}/prioritisation`],
    selfAssessment: [...board.principles.guiding, ...board.principles.board].map((p) => ({ principle: p.id, assessment: `How the team meets ${p.title}` })),
  });
  return pendingReview(governance, productId);
}

/** Waits until the product has recorded `count` decisions. */
export const decisionsReach = (governance: GovernanceClient, productId: string, count: number): Promise<ProductView> =>
  eventually(() => governance.product(productId), (p) => p.decisions.length >= count, `${count} decisions on ${productId}`);

/** Who takes a product live, and what they vote: by default the founding board's, approving. */
export interface GoingLive {
  readonly chair?: string;
  /** Five members who vote at each gate. */
  readonly voters?: readonly string[];
  readonly selfAssessment?: readonly { readonly principle: string; readonly assessment: string }[];
  /** Conditions set at a gate: the first voter approves it with these, the others without. */
  readonly conditions?: Partial<Record<Gate, readonly string[]>>;
}

/**
 * Takes a registered product through every gate to live by written procedures the chair calls,
 * each decided 49 hours later (a written procedure's least window is 48 hours from when the board
 * takes it, a moment after the request) by five approvals:
 * the quickest honest way to a live product.
 */
export async function goLive(env: TestWorkflowEnvironment, governance: GovernanceClient, productId: string, going: GoingLive = {}): Promise<void> {
  const { chair = 'm1', voters = ['m1', 'm2', 'm3', 'm4', 'm5'], selfAssessment = fullSelfAssessment, conditions = {} } = going;
  for (const gate of ['prioritisation', 'discovery', 'alpha', 'beta', 'live'] as const) await decideInWriting(env, governance, productId, gate, { chair, voters, selfAssessment, conditions: conditions[gate] });
}

/**
 * Has the chair put `gate` to a written procedure 49 hours long (the least window is 48 hours from when the board
 * takes it), each of `voters` approve (the first with `conditions`, if any), lets the deadline pass, and waits until
 * the product has the decision; answers the review's id.
 */
export async function decideInWriting(
  env: TestWorkflowEnvironment,
  governance: GovernanceClient,
  productId: string,
  gate: Gate,
  { chair = 'm1', voters = ['m1', 'm2', 'm3', 'm4', 'm5'], selfAssessment = fullSelfAssessment, conditions }: Omit<GoingLive, 'conditions'> & { readonly conditions?: readonly string[] } = {},
): Promise<string> {
  const { decisions } = await governance.product(productId);
  const deadline = new Date((await env.currentTimeMs()) + 49 * 3_600_000).toISOString();
  await governance.requestGate(productId, { by: chair, gate, procedure: 'written', deadline, selfAssessment: [...selfAssessment] });
  const reviewId = await pendingReview(governance, productId);
  for (const [n, by] of voters.entries()) await governance.send(reviewId, 'castVote', conditions && n === 0 ? { by, choice: 'approveWithConditions', conditions: [...conditions] } : { by, choice: 'approve' });
  await skipTo(env, new Date(Date.parse(deadline) + 60_000).toISOString());
  await decisionsReach(governance, productId, decisions.length + 1);
  return reviewId;
}
