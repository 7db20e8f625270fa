/** What people see of a product: the refusal for a command it will not take, and its status. */
import { betweenDecisions, type ProductEvent, type ProductSnapshot, type ProductState } from './machine';
import { allowedDecisions, type Gate, type Stage } from '../kernel/lifecycle';
import { explainRefusal, type RefusalWords } from '../kernel/admission';
import { openConditions, productRuleRefusal, type DecisionSummary, type ProductCondition } from './rules';
import type { Placement, ProductCommand } from './schema';
import type { RegisteredProduct } from '../productBoard/rules';

const isCommand = (event: ProductEvent): event is ProductCommand => event.type === 'gate.requested' || event.type === 'condition.closed';

const words: RefusalWords<ProductSnapshot, ProductEvent> = {
  rule: (snapshot, event) => (isCommand(event) ? productRuleRefusal(snapshot.context, event) : undefined),
  ownEvent: (event) => (isCommand(event) ? undefined : `${event.type} is the engine's own event.`),
  states: { retired: (s) => `Product ${s.context.product.id} is retired; nothing more can be decided on it.` },
  otherwise: (snapshot, event) => `Product ${snapshot.context.product.id} cannot take ${event.type} now.`,
};

/**
 * Stands in for the board's placement, which the host asks for only after this check: the machine's
 * guards read whether a request is placed, never what the placement says.
 */
const placementToCome = {} as Placement;

/**
 * Why the product will not take `event`, or undefined when it will. A gate request is checked twice
 * by the host: before the board is asked to place it, as the machine would take it once placed, then
 * with the board's placement.
 */
export function explainProductRefusal(snapshot: ProductSnapshot, event: ProductEvent): string | undefined {
  const asPlaced = event.type === 'gate.requested' && !event.placement ? { ...event, placement: placementToCome } : event;
  return explainRefusal(snapshot, asPlaced, words);
}

export interface ProductView {
  readonly product: RegisteredProduct;
  readonly boardId: string;
  readonly state: ProductState;
  readonly stage: Stage;
  readonly prioritised: boolean;
  readonly suspended: boolean;
  /** The decisions the board may be asked for now (empty while one is before it). */
  readonly mayRequest: readonly Gate[];
  readonly pending?: { readonly reviewId: string; readonly gate: Gate; readonly meetingId?: string; readonly votingClosesAt: string };
  readonly conditions: readonly ProductCondition[];
  readonly openConditions: readonly ProductCondition[];
  readonly decisions: readonly DecisionSummary[];
  readonly notice?: string;
  /** Which run of the product's process this is, from 1: it continues as new between decisions. */
  readonly run: number;
}

export function productView(snapshot: ProductSnapshot): ProductView {
  const { context } = snapshot;
  const item = context.pending?.placement.item;
  return {
    product: context.product,
    boardId: context.boardId,
    state: snapshot.value as ProductState,
    stage: context.stage,
    prioritised: context.prioritised,
    suspended: context.suspended,
    mayRequest: betweenDecisions(snapshot) ? allowedDecisions(context) : [],
    ...(item ? { pending: { reviewId: item.itemId, gate: item.gate, votingClosesAt: item.votingClosesAt, ...(item.meeting ? { meetingId: item.meeting.meetingId } : {}) } } : {}),
    conditions: context.conditions,
    openConditions: openConditions(context),
    decisions: context.decisions,
    ...(context.notice ? { notice: context.notice } : {}),
    run: (context.runs ?? 0) + 1,
  };
}

/** What an accepted command's receipt names as created: the item (and gate review) a request put before the board. */
export function productReceipt(after: ProductSnapshot, before: ProductSnapshot): { created?: string } {
  const item = after.context.pending?.placement.item.itemId;
  return item && item !== before.context.pending?.placement.item.itemId ? { created: item } : {};
}
