/**
 * The search attributes operators filter on in the Temporal UI, e.g.
 * `GovProductId = "benefits-map" AND GovStatus = "awaitingVotes"`. The worker's
 * start-up, the test servers and the workflows all register or set these keys.
 *
 * Each process's attributes are made by one function below: its process
 * definition calls it with the snapshot's facts as they change, and the client
 * calls it when it starts the process, with the state the process opens in, so
 * a process is found by the same attributes from its first moment.
 */
import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair } from '@temporalio/common';
import type { GateReviewState } from '../machines/gateReview/machine';
import type { BoardState } from '../machines/productBoard/machine';
import type { QuarterStage } from '../machines/initiativeBoard/view';

export const productIdKey = defineSearchAttributeKey('GovProductId', SearchAttributeType.KEYWORD);
export const gateKey = defineSearchAttributeKey('GovGate', SearchAttributeType.KEYWORD);
export const statusKey = defineSearchAttributeKey('GovStatus', SearchAttributeType.KEYWORD);
export const boardKey = defineSearchAttributeKey('GovBoard', SearchAttributeType.KEYWORD);
export const stageKey = defineSearchAttributeKey('GovStage', SearchAttributeType.KEYWORD);

export const governanceSearchAttributes = [productIdKey, gateKey, statusKey, boardKey, stageKey];

/** The states the processes a client starts open in (checked against the machines' own state names). */
const opensIn = {
  gateReview: 'awaitingVotes' satisfies GateReviewState,
  productBoard: 'sitting' satisfies BoardState,
  initiativeBoard: 'agendaOpen' satisfies QuarterStage,
};

/** A gate review's, from its request: product, gate, board, and its state (`awaitingVotes` at the start). */
export const gateReviewSearchAttributes = (
  request: { readonly product: { readonly id: string }; readonly gate: string; readonly board: { readonly boardId: string } },
  status: string = opensIn.gateReview,
): SearchAttributePair[] => [
  { key: productIdKey, value: request.product.id },
  { key: gateKey, value: request.gate },
  { key: boardKey, value: request.board.boardId },
  { key: statusKey, value: status },
];

/** A product board's: the board, and its state (`sitting` at the start). */
export const productBoardSearchAttributes = (boardId: string, status: string = opensIn.productBoard): SearchAttributePair[] => [
  { key: boardKey, value: boardId },
  { key: statusKey, value: status },
];

/** An initiative board's: the board, and the stage of its quarter (`agendaOpen` at the start). */
export const initiativeBoardSearchAttributes = (boardId: string, stage: string = opensIn.initiativeBoard): SearchAttributePair[] => [
  { key: boardKey, value: boardId },
  { key: statusKey, value: stage },
];

/** A product's (started by its board): product, board, stage (marked when suspended), state. */
export const productSearchAttributes = (product: { readonly productId: string; readonly boardId: string; readonly stage: string; readonly suspended: boolean }, status: string): SearchAttributePair[] => [
  { key: productIdKey, value: product.productId },
  { key: boardKey, value: product.boardId },
  { key: stageKey, value: product.suspended ? `${product.stage} (suspended)` : product.stage },
  { key: statusKey, value: status },
];

/** A board meeting's (started by its board): the board and the meeting's state. */
export const meetingSearchAttributes = (boardId: string, status: string): SearchAttributePair[] => [
  { key: boardKey, value: boardId },
  { key: statusKey, value: status },
];

/** A harm watch's (started by its product): product, board, state. */
export const harmWatchSearchAttributes = (watch: { readonly productId: string; readonly boardId: string }, status: string): SearchAttributePair[] => [
  { key: productIdKey, value: watch.productId },
  { key: boardKey, value: watch.boardId },
  { key: statusKey, value: status },
];
