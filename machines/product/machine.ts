/**
 * One product's life: proposed → discovery → alpha → beta → live, then
 * iterations; suspended or rolled back after harm, and retired. The product moves only by a
 * product board decision: each request goes on the board's agenda and is
 * decided in its own gate review; a deferred item is carried to the next
 * meeting; conditions of an approval must be closed before the next gate.
 */
import { and, assign, enqueueActions, setup, type SnapshotFrom } from 'xstate';
import type { HarmWatchInput } from '../harmWatch/machine';
import type { Gate } from '../kernel/lifecycle';
import { effect } from '../kernel/effects';
import { harmWatchProcessId } from '../kernel/ids';
import type { RegisteredProduct } from '../productBoard/rules';
import type { DecisionRecord } from '../gateReview/rules';
import type { GateReviewRequest } from '../gateReview/schema';
import { applyDecision, approved, gateRequestOf, keepClosedConditions, placementRequest, productRuleRefusal, reviewRequest, type ProductContext } from './rules';
import { isRefusal, type Refusal } from '../kernel/effects';
import type { AgendaRequest, Placement, ProductCommand } from './schema';

export interface ProductInput {
  readonly product: RegisteredProduct;
  readonly boardId: string;
  /**
   * The state the previous run left: a product lives until it retires, through years of gates, so it
   * continues as new between decisions to keep each run's history short (workflows/product/workflow.ts).
   */
  readonly resume?: ProductContext;
}

type ReviewDone = { type: 'xstate.done.actor.gateReview'; output: DecisionRecord };
type ReviewFailed = { type: 'xstate.error.actor.gateReview'; error: { message: string } };
type CarriedOver = { type: 'xstate.done.actor.placeOnAgenda'; output: Placement | Refusal };
type CarryOverFailed = { type: 'xstate.error.actor.placeOnAgenda'; error: { message: string } };

export type ProductEvent = ProductCommand | ReviewDone | ReviewFailed | CarriedOver | CarryOverFailed;

/** What the product tells its harm watch when a decision changes its life. */
export interface LifecycleNotice {
  readonly type: 'harmWatch.lifecycle';
  readonly productId: string;
  readonly change: 'iterated' | 'suspended' | 'rolledBack' | 'reinstated' | 'retired';
  readonly decisionId: string;
}

const watchedChanges: Partial<Record<Gate, LifecycleNotice['change']>> = {
  iteration: 'iterated',
  suspension: 'suspended',
  rollback: 'rolledBack',
  reinstatement: 'reinstated',
  retirement: 'retired',
};

/** A request moves the product only with the board's placement (see explainProductRefusal for the check before it). */
const requestTransitions = { guard: and(['commandAllowed', 'placed']), target: 'inReview', actions: 'acceptRequest' } as const;
/** Conditions can be closed in every state but retired (a finished machine would still take a root handler). */
const closeTransition = { guard: 'commandAllowed', actions: 'closeCondition' } as const;

export const productMachine = setup({
  types: {
    context: {} as ProductContext,
    events: {} as ProductEvent,
    input: {} as ProductInput,
    emitted: {} as LifecycleNotice,
  },
  actors: {
    gateReview: effect<DecisionRecord, GateReviewRequest>('gateReview'),
    harmWatch: effect<void, HarmWatchInput>('harmWatch'),
    placeOnAgenda: effect<Placement | Refusal, AgendaRequest>('placeOnAgenda'),
  },
  guards: {
    commandAllowed: ({ context, event }) =>
      (event.type === 'gate.requested' || event.type === 'condition.closed') && productRuleRefusal(context, event) === undefined,
    deferred: ({ event }) => event.type === 'xstate.done.actor.gateReview' && event.output.outcome === 'deferred',
    retirementApproved: ({ event }) => event.type === 'xstate.done.actor.gateReview' && approved(event.output, 'retirement'),
    isSuspended: ({ context }) => context.suspended,
    placed: ({ event }) => event.type === 'gate.requested' && event.placement !== undefined,
    boardRefused: ({ event }) => event.type === 'xstate.done.actor.placeOnAgenda' && isRefusal(event.output),
    /** Read from the decision, not the context: guards run before the decision is recorded. */
    endsSuspended: ({ context, event }) =>
      event.type === 'xstate.done.actor.gateReview' ? (applyDecision(context, event.output).suspended ?? context.suspended) : context.suspended,
  },
  actions: {
    acceptRequest: assign(({ context, event }) => {
      if (event.type !== 'gate.requested' || !event.placement) return {};
      return { pending: { request: gateRequestOf(event), placement: event.placement }, itemsRequested: context.itemsRequested + 1, notice: undefined };
    }),
    /**
     * Going live starts the product's harm watch; later decisions that change its life are
     * passed on to it. Runs before the decision is recorded, while the placement is at hand.
     */
    tellHarmWatch: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'xstate.done.actor.gateReview' || !approved(event.output)) return;
      const decision = event.output;
      if (decision.gate === 'live' && !context.harmWatch && context.pending) {
        const id = harmWatchProcessId(context.product.id);
        enqueue.spawnChild('harmWatch', {
          id,
          input: {
            product: { id: context.product.id, name: context.product.name },
            boardId: context.boardId,
            policy: context.pending.placement.board.policy.harm,
            liveSince: decision.closedAt,
          } satisfies HarmWatchInput,
        });
        enqueue.assign({ harmWatch: id });
        return;
      }
      const change = watchedChanges[decision.gate];
      if (change && context.harmWatch) enqueue.emit({ type: 'harmWatch.lifecycle', productId: context.product.id, change, decisionId: decision.decisionId });
    }),
    recordDecision: assign(({ context, event }) => (event.type === 'xstate.done.actor.gateReview' ? { ...applyDecision(context, event.output), pending: undefined } : {})),
    recordDeferral: assign(({ context, event }) => (event.type === 'xstate.done.actor.gateReview' ? applyDecision(context, event.output) : {})),
    carryOver: assign(({ context, event }) =>
      event.type === 'xstate.done.actor.placeOnAgenda' && context.pending && !isRefusal(event.output)
        ? { pending: { ...context.pending, placement: event.output }, itemsRequested: context.itemsRequested + 1 }
        : {},
    ),
    giveUpRequest: assign(({ context, event }) => {
      const gate = context.pending?.request.gate;
      const why = (reason: string) =>
        event.type === 'xstate.error.actor.gateReview'
          ? `The review of the ${gate} item failed (${reason}); request it again.`
          : `The deferred ${gate} item could not be carried to the next meeting (${reason}); request it again.`;
      if (event.type === 'xstate.done.actor.placeOnAgenda' && isRefusal(event.output)) return { pending: undefined, notice: why(event.output.refused) };
      if (event.type === 'xstate.error.actor.placeOnAgenda' || event.type === 'xstate.error.actor.gateReview') return { pending: undefined, notice: why(event.error.message) };
      return { pending: undefined };
    }),
    closeCondition: assign({
      conditions: ({ context, event }) =>
        event.type !== 'condition.closed'
          ? context.conditions
          : keepClosedConditions(context.conditions.map((c) => (c.conditionId === event.conditionId ? { ...c, closed: { by: event.by, evidence: event.evidence, at: event.at } } : c))),
    }),
  },
}).createMachine({
  id: 'product',
  // A resumed run keeps everything: the item count goes on numbering reviews, the watch is still told of changes.
  context: ({ input }) =>
    input.resume
      ? { ...input.resume, runs: (input.resume.runs ?? 0) + 1 }
      : {
          product: input.product,
          boardId: input.boardId,
          stage: 'proposed',
          prioritised: false,
          suspended: false,
          conditions: [],
          itemsRequested: 0,
          decisions: [],
        },
  on: {
    // The harm watch's process failed (terminated by an operator, say): say so, and carry on.
    'xstate.error.actor.*': {
      actions: assign({ notice: ({ event }) => `The process ${event.type.replace('xstate.error.actor.', '')} failed: ${(event as { error?: { message?: string } }).error?.message ?? 'no reason given'}.` }),
    },
  },
  initial: 'resuming',
  states: {
    resuming: {
      description: 'Picks up where the previous run left off (or starts). A product renews only between decisions, so it is ready or suspended.',
      always: [{ guard: 'isSuspended', target: 'suspended' }, { target: 'ready' }],
    },
    ready: {
      description: 'Between decisions: the secretariat may request the next one.',
      on: { 'gate.requested': requestTransitions, 'condition.closed': closeTransition },
    },
    inReview: {
      description: 'An item is before the board, in its own gate review.',
      on: { 'condition.closed': closeTransition },
      invoke: {
        id: 'gateReview',
        src: 'gateReview',
        input: ({ context }) => reviewRequest(context, context.pending!.placement),
        onDone: [
          { guard: 'deferred', target: 'carryingOver', actions: 'recordDeferral' },
          { guard: 'retirementApproved', target: 'retired', actions: ['tellHarmWatch', 'recordDecision'] },
          { guard: 'endsSuspended', target: 'suspended', actions: ['tellHarmWatch', 'recordDecision'] },
          { target: 'ready', actions: ['tellHarmWatch', 'recordDecision'] },
        ],
        onError: [
          { guard: 'isSuspended', target: 'suspended', actions: 'giveUpRequest' },
          { target: 'ready', actions: 'giveUpRequest' },
        ],
      },
    },
    carryingOver: {
      description: 'The item was deferred: putting it on the next meeting’s agenda.',
      on: { 'condition.closed': closeTransition },
      invoke: {
        id: 'placeOnAgenda',
        src: 'placeOnAgenda',
        input: ({ context }): AgendaRequest => ({
          boardId: context.boardId,
          item: placementRequest(context, context.pending!.request, context.pending!.placement.item.itemId),
        }),
        onDone: [
          { guard: and(['boardRefused', 'isSuspended']), target: 'suspended', actions: 'giveUpRequest' },
          { guard: 'boardRefused', target: 'ready', actions: 'giveUpRequest' },
          { target: 'inReview', actions: 'carryOver' },
        ],
        onError: [
          { guard: 'isSuspended', target: 'suspended', actions: 'giveUpRequest' },
          { target: 'ready', actions: 'giveUpRequest' },
        ],
      },
    },
    suspended: {
      description: 'Stopped at its stage after harm; it returns only by a reinstatement decision.',
      on: { 'gate.requested': requestTransitions, 'condition.closed': closeTransition },
    },
    retired: { type: 'final' },
  },
});

export type ProductMachine = typeof productMachine;
export type ProductSnapshot = SnapshotFrom<ProductMachine>;
export type ProductState = ProductSnapshot['value'];

/** Between decisions: nothing is before the board, so the next may be requested, and no gate review reports to this run. */
export const betweenDecisions = (snapshot: ProductSnapshot): boolean => snapshot.value === 'ready' || snapshot.value === 'suspended';
