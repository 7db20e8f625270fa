/** What people see of a product: the refusal for a command it will not take, and its status. */
import type { ProductEvent, ProductSnapshot, ProductState } from './machine';
import { allowedDecisions, type Gate, type Stage } from '../kernel/lifecycle';
import { openConditions, productRuleRefusal, type DecisionSummary, type ProductCondition } from './rules';
import type { RegisteredProduct } from '../productBoard/rules';

/**
 * Why the product will not take `event`, or undefined when it will. A gate request is checked
 * twice by the host: first without the board's placement (the rules alone decide, before the
 * board is asked), then with it (the machine decides).
 */
export function explainProductRefusal(snapshot: ProductSnapshot, event: ProductEvent): string | undefined {
  const { context } = snapshot;
  if (snapshot.value === 'retired') return `Product ${context.product.id} is retired; nothing more can be decided on it.`;
  if (event.type === 'gate.requested' && !event.placement) return productRuleRefusal(context, event);
  if (snapshot.can(event)) return undefined;
  if (event.type === 'gate.requested' || event.type === 'condition.closed') return productRuleRefusal(context, event) ?? `Product ${context.product.id} cannot take ${event.type} now.`;
  return `${event.type} is the engine's own event.`;
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
}

export function productView(snapshot: ProductSnapshot): ProductView {
  const { context } = snapshot;
  const item = context.pending?.placement.item;
  const idle = snapshot.value === 'ready' || snapshot.value === 'suspended';
  return {
    product: context.product,
    boardId: context.boardId,
    state: snapshot.value as ProductState,
    stage: context.stage,
    prioritised: context.prioritised,
    suspended: context.suspended,
    mayRequest: idle ? allowedDecisions(context) : [],
    ...(item ? { pending: { reviewId: item.itemId, gate: item.gate, votingClosesAt: item.votingClosesAt, ...(item.meeting ? { meetingId: item.meeting.meetingId } : {}) } } : {}),
    conditions: context.conditions,
    openConditions: openConditions(context),
    decisions: context.decisions,
    ...(context.notice ? { notice: context.notice } : {}),
  };
}
