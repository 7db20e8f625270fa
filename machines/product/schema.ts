/**
 * What a product process accepts. A gate request reaches the product first
 * (its stage and conditions say whether it may be made), then the board (its
 * roles and principles say whether it is complete), which answers with the
 * item's place on an agenda and the board as it stands.
 */
import { z } from 'zod';
import type { BoardRoster } from '../kernel/roster';
import type { AgendaItem } from '../productBoard/rules';
import type { Principle } from '../productBoard/schema';
import { itemPlacementSchema, type ItemPlacement } from '../productBoard/schema';
import type { CompositionStatus } from '../kernel/composition';
import type { ProductBoardPolicy } from '../productBoard/policy';
import { personId, reasonText, recordId } from '../kernel/schema';

/** The board as it stood when it placed an item: each review keeps this copy. */
export interface BoardFacts {
  readonly roster: BoardRoster;
  readonly policy: ProductBoardPolicy;
  readonly principles: readonly Principle[];
  readonly composition: CompositionStatus;
  readonly subscribers: readonly string[];
}

/** Where a product sends a placement: the board's id and the item. */
export interface AgendaRequest {
  readonly boardId: string;
  readonly item: ItemPlacement;
}

/** The board's answer to a placement. */
export interface Placement {
  readonly item: AgendaItem;
  readonly board: BoardFacts;
}

export const productPayloads = {
  'gate.requested': itemPlacementSchema.pick({ by: true, gate: true, procedure: true, deadline: true, papers: true, selfAssessment: true }),
  'condition.closed': z.strictObject({
    by: personId,
    conditionId: recordId,
    evidence: reasonText('the evidence', { empty: 'closing a condition needs evidence: a link or a description of what was done' }),
  }),
} as const;

export type GateRequestPayload = z.output<(typeof productPayloads)['gate.requested']>;

/** Product commands as the machine sees them. A gate request carries the board's placement once the board has taken it. */
export type ProductCommand =
  | (GateRequestPayload & { type: 'gate.requested'; at: string; placement?: Placement })
  | (z.output<(typeof productPayloads)['condition.closed']> & { type: 'condition.closed'; at: string });
