/**
 * The rules of a product's life as pure functions: which decision may be
 * requested now, and what a decision does to the product.
 */
import type { DecisionRecord, Outcome } from '../gateReview/rules';
import type { GateReviewRequest } from '../gateReview/schema';
import { conditionId, gateReviewId } from '../kernel/ids';
import { keepOpen, newestFitting, type Window } from '../kernel/size';
import { decisionRefusal, forwardGates, stageAfter, type Gate, type Stage } from '../kernel/lifecycle';
import type { RegisteredProduct } from '../productBoard/rules';
import type { ItemPlacement } from '../productBoard/schema';
import type { GateRequestPayload, Placement, ProductCommand } from './schema';

export interface ProductCondition {
  readonly conditionId: string;
  readonly text: string;
  readonly setBy: string;
  readonly decisionId: string;
  readonly gate: Gate;
  readonly closed?: { readonly by: string; readonly evidence: string; readonly at: string };
}

export interface DecisionSummary {
  readonly decisionId: string;
  readonly gate: Gate;
  readonly outcome: Outcome;
  readonly explanation: string;
  readonly closedAt: string;
}

/** The request under way: what was asked, and where the board put it. */
export interface PendingRequest {
  readonly request: GateRequestPayload;
  readonly placement: Placement;
}

export interface ProductContext {
  readonly product: RegisteredProduct;
  readonly boardId: string;
  readonly stage: Stage;
  readonly prioritised: boolean;
  readonly suspended: boolean;
  readonly conditions: readonly ProductCondition[];
  /** How many items this product has put to the board: numbers the review ids. */
  readonly itemsRequested: number;
  readonly pending?: PendingRequest;
  readonly decisions: readonly DecisionSummary[];
  /** Set once the product is live: its harm watch's process id. */
  readonly harmWatch?: string;
  /** Something the secretariat should know, e.g. a deferred item the board would not carry over. */
  readonly notice?: string;
  /** How many runs came before this one (the product continues as new between decisions); absent in the first. */
  readonly runs?: number;
}


export const openConditions = (ctx: ProductContext) => ctx.conditions.filter((c) => !c.closed);

/** The decisions a product shows: the newest 50 that fit in 40 KB; the register keeps them all. */
export const DECISIONS_KEPT: Window = { count: 50, bytes: 40_000 };
/** Closed conditions a product shows: the newest 20 that fit in 20 KB. Open ones are always kept: they hold back the next gate. */
export const CLOSED_CONDITIONS_KEPT: Window = { count: 20, bytes: 20_000 };
export const keepClosedConditions = (conditions: readonly ProductCondition[]): ProductCondition[] => keepOpen(conditions, (c) => !c.closed, CLOSED_CONDITIONS_KEPT);

/** The id of the item (and gate review) the product's next request opens. */
export const nextItemId = (ctx: ProductContext, gate: Gate) => gateReviewId(ctx.product.id, gate, ctx.itemsRequested + 1);

type CommandOf<T extends ProductCommand['type']> = Extract<ProductCommand, { type: T }>;

export const productRules = {
  'gate.requested': (ctx: ProductContext, e: CommandOf<'gate.requested'>) => {
    if (ctx.pending) return `Product ${ctx.product.id} already has ${ctx.pending.placement.item.itemId} (${ctx.pending.request.gate}) before the board; wait for its decision.`;
    const refusal = decisionRefusal(ctx.product.id, ctx, e.gate);
    if (refusal) return refusal;
    const open = openConditions(ctx);
    if (forwardGates.includes(e.gate) && open.length)
      return `Product ${ctx.product.id} has ${open.length} open condition${open.length === 1 ? '' : 's'} from earlier decisions (${open.map((c) => `${c.conditionId}: "${c.text}"`).join('; ')}); close each with evidence (govern condition close) before requesting the ${e.gate} gate.`;
    if (e.procedure === 'written' && !e.deadline) return 'A written procedure needs a deadline (--deadline).';
    return undefined;
  },
  'condition.closed': (ctx: ProductContext, e: CommandOf<'condition.closed'>) => {
    const condition = ctx.conditions.find((c) => c.conditionId === e.conditionId);
    if (!condition) return `Product ${ctx.product.id} has no condition ${e.conditionId}; its conditions are: ${ctx.conditions.map((c) => c.conditionId).join(', ') || 'none'}.`;
    if (condition.closed) return `Condition ${e.conditionId} was closed by ${condition.closed.by} at ${condition.closed.at}.`;
    return undefined;
  },
} satisfies { [K in ProductCommand['type']]: (ctx: ProductContext, e: CommandOf<K>) => string | undefined };

export function productRuleRefusal(ctx: ProductContext, event: ProductCommand): string | undefined {
  const rule = productRules[event.type] as (c: ProductContext, e: ProductCommand) => string | undefined;
  return rule(ctx, event);
}

/** What a gate request asks, without the engine's timestamp and the board's placement. */
export const gateRequestOf = ({ type: _type, at: _at, placement: _placement, ...request }: CommandOf<'gate.requested'>): GateRequestPayload => request;

/** The placement request for the board: a new item, or the carry-over of a deferred one. */
export function placementRequest(ctx: ProductContext, request: PendingRequest['request'], carriedOverFrom?: string): ItemPlacement {
  return {
    ...request,
    itemId: nextItemId(ctx, request.gate),
    productId: ctx.product.id,
    productName: ctx.product.name,
    ...(carriedOverFrom ? { carriedOverFrom, procedure: 'meeting' as const } : {}),
  };
}

/** The gate review the board's placement opens. */
export function reviewRequest(ctx: ProductContext, { item, board }: Placement): GateReviewRequest {
  return {
    reviewId: item.itemId,
    product: { id: ctx.product.id, name: ctx.product.name, stage: ctx.stage },
    gate: item.gate,
    requestedBy: item.by,
    papers: [...item.papers],
    selfAssessment: [...item.selfAssessment],
    board: board.roster,
    policy: board.policy,
    votingClosesAt: item.votingClosesAt,
    procedure: item.procedure,
    ...(item.meeting ? { meetingId: item.meeting.meetingId } : {}),
    ...(item.carriedOverFrom ? { carriedOverFrom: item.carriedOverFrom } : {}),
    composition: { ...board.composition, unmet: [...board.composition.unmet] },
    principles: [...board.principles],
    subscribers: [...board.subscribers],
  };
}

/** What a decision does to the product. Only an approval moves it; conditions travel with the approval. */
export function applyDecision(ctx: ProductContext, decision: DecisionRecord): Partial<ProductContext> {
  const summary: DecisionSummary = { decisionId: decision.decisionId, gate: decision.gate, outcome: decision.outcome, explanation: decision.explanation, closedAt: decision.closedAt };
  const decisions = newestFitting([...ctx.decisions, summary], DECISIONS_KEPT);
  if (decision.outcome !== 'approved' && decision.outcome !== 'approvedWithConditions') return { decisions };
  const conditions = decision.conditions.map((c, i) => ({
    conditionId: conditionId(decision.decisionId, i + 1),
    text: c.text,
    setBy: c.setBy,
    decisionId: decision.decisionId,
    gate: decision.gate,
  }));
  return {
    decisions,
    stage: stageAfter(ctx.stage, decision.gate),
    prioritised: ctx.prioritised || decision.gate === 'prioritisation',
    suspended: decision.gate === 'suspension' ? true : decision.gate === 'reinstatement' ? false : ctx.suspended,
    conditions: keepClosedConditions([...ctx.conditions, ...conditions]),
  };
}

export const approved = (decision: DecisionRecord, gate?: Gate) =>
  (decision.outcome === 'approved' || decision.outcome === 'approvedWithConditions') && (gate === undefined || decision.gate === gate);
