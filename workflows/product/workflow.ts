/**
 * One product's life as a durable process: the product machine, run by the
 * host. Each decision it asks for is a gate review, run as its child.
 */
import { betweenDecisions, productMachine, type ProductInput } from '../../machines/product/machine';
import { gateRequestOf, placementRequest } from '../../machines/product/rules';
import type { AgendaRequest, Placement } from '../../machines/product/schema';
import { explainProductRefusal, productReceipt, productView, type ProductView } from '../../machines/product/view';
import { ParentClosePolicy } from '@temporalio/workflow';
import { activityOptions } from '../activityOptions';
import { boardRole } from '../productBoard/roleCheck';
import { harmWatchProcessId } from '../../machines/kernel/ids';
import { harmWatchWorkflowType, lifecycleChanged } from '../harmWatch/messages';
import { gateReviewWorkflowType } from '../gateReview/messages';
import { runProcess } from '../host/runProcess';
import type { Trust } from '../host/trust';
import { signalOf, type ProcessDefinition } from '../host/processDefinition';
import { closeCondition, productCommands, productStatusQuery, requestGate } from './messages';
import { productSearchAttributes } from '../searchAttributes';
import { PRODUCT_CONTINUES_AS_NEW_PATCH } from '../patches';

/**
 * History events after which a product continues as new, between decisions. One decision costs a product
 * about thirty events (the request, the board's placement, the review as a child, the watch told), so a run
 * holds some ten decisions: years of a product's life.
 */
export const PRODUCT_HISTORY_LIMIT = 300;

export const productProcess: ProcessDefinition<typeof productMachine, ProductInput, ProductView> = {
  noun: 'product',
  machine: productMachine,
  open: (args) => (args?.product?.id && args.boardId ? { input: args } : { refusal: 'A product process needs a registered product and its board.' }),
  commands: productCommands,
  explainRefusal: explainProductRefusal,
  statusQuery: productStatusQuery,
  view: productView,
  receipt: productReceipt,
  searchAttributes: ({ context, value }) =>
    productSearchAttributes({ productId: context.product.id, boardId: context.boardId, stage: context.stage, suspended: context.suspended }, String(value)),
  activities: { placeOnAgenda: activityOptions.placeOnAgenda, authorise: activityOptions.authorise },
  children: {
    gateReview: { workflowType: gateReviewWorkflowType, workflowId: (input) => input.reviewId },
    // The watch lives as long as the product is live, whatever happens to this run of the product: a later run
    // tells it of changes by its workflow id (`emitted`), though only the run that started it hears if it fails.
    harmWatch: { workflowType: harmWatchWorkflowType, workflowId: (input) => harmWatchProcessId(input.product.id), parentClosePolicy: ParentClosePolicy.ABANDON },
  },
  // Its harm watch asks, in the board chair's name, for the product's suspension when it finds a serious harm.
  fromProcesses: { [requestGate.name]: (snapshot) => harmWatchProcessId(snapshot.context.product.id) },
  emitted: (event) => signalOf(harmWatchProcessId(event.productId), lifecycleChanged, { change: event.change, decisionId: event.decisionId }),
  continueAsNew: {
    afterEvents: PRODUCT_HISTORY_LIMIT,
    quiet: betweenDecisions,
    args: (snapshot, previous) => ({ ...previous, resume: snapshot.context }),
    patch: PRODUCT_CONTINUES_AS_NEW_PATCH,
  },
  enrichments: {
    // The board checks the requester's role and the self-assessment, and answers with the item's place.
    [requestGate.name]: {
      activity: 'placeOnAgenda',
      input: (snapshot, event): AgendaRequest => {
        if (event.type !== 'gate.requested') throw new Error('placeOnAgenda enriches gate requests only');
        return { boardId: snapshot.context.boardId, item: placementRequest(snapshot.context, gateRequestOf(event)) };
      },
      merge: (placement: Placement) => ({ placement }),
    },
    [closeCondition.name]: boardRole('secretariat', 'close a condition'),
  },
};

/** Runs a product from registration until it is retired. */
export async function product(input: ProductInput, trust?: Trust): Promise<void> {
  await runProcess(productProcess, input, trust);
}
