/**
 * What people see of a product, for what the machine tests do not reach: the status while an item is before the
 * board (with or without a meeting), the notice, the decisions that may be asked for in each state, what a
 * receipt names as created, and the refusal of an event only the engine sends.
 */
import { describe, expect, it } from 'vitest';
import { transition } from 'xstate';
import { productMachine } from '../../../machines/product/machine';
import { explainProductRefusal, productReceipt, productView } from '../../../machines/product/view';
import {
  at, carryOverFailed, closeCondition, DAY, decide, openProduct, placement, registeredProduct, requestGate, reviewDone, reviewFailed, run, selfAssessment,
} from '../../support/boardFixtures';

const requested = () => {
  const s0 = openProduct();
  return run(productMachine, s0, requestGate(s0, 'prioritisation'));
};

describe('a product’s status', () => {
  it('shows the item before the board, its meeting and when voting closes, and asks for nothing more meanwhile', () => {
    expect(productView(requested())).toStrictEqual({
      product: registeredProduct,
      boardId: 'product-board',
      state: 'inReview',
      stage: 'proposed',
      prioritised: false,
      suspended: false,
      mayRequest: [],
      pending: { reviewId: 'gr-p1-prioritisation-1', gate: 'prioritisation', votingClosesAt: '2026-06-10T16:00:00.000Z', meetingId: 'product-board-2026-06-10' },
      conditions: [],
      openConditions: [],
      decisions: [],
      run: 1,
    });
  });

  it('names no meeting for an item decided by written procedure', () => {
    const s0 = openProduct();
    const { meeting: _meeting, ...item } = placement('gr-p1-prioritisation-1', 'prioritisation', { procedure: 'written', deadline: '2026-06-05T12:00:00.000Z', votingClosesAt: '2026-06-05T12:00:00.000Z' }).item;
    const written = run(productMachine, s0, {
      type: 'gate.requested', by: 'm1', gate: 'prioritisation', procedure: 'written', deadline: '2026-06-05T12:00:00.000Z', papers: [], selfAssessment,
      placement: { ...placement('gr-p1-prioritisation-1', 'prioritisation'), item }, at: at(DAY),
    });
    expect(productView(written).pending).toStrictEqual({ reviewId: 'gr-p1-prioritisation-1', gate: 'prioritisation', votingClosesAt: '2026-06-05T12:00:00.000Z' });
  });

  it('shows the secretariat’s notice only when there is one', () => {
    const failed = run(productMachine, requested(), reviewFailed);
    expect(productView(failed).notice).toBe('The review of the prioritisation item failed (worker lost); request it again.');
    expect(productView(openProduct())).not.toHaveProperty('notice');
  });

  it('asks for nothing while a deferred item is being carried over, nor once retired', () => {
    const s = run(productMachine, requested(), reviewDone(requested(), 'deferred'));
    expect(productView(s)).toMatchObject({ state: 'carryingOver', mayRequest: [] });
    expect(productView(decide(openProduct(), 'retirement'))).toMatchObject({ state: 'retired', mayRequest: [] });
    expect(productView(run(productMachine, s, carryOverFailed))).toMatchObject({ state: 'ready', mayRequest: ['prioritisation', 'retirement'] });
  });
});

describe('a receipt', () => {
  it('names the item a request put before the board', () => {
    const s0 = openProduct();
    expect(productReceipt(requested(), s0)).toStrictEqual({ created: 'gr-p1-prioritisation-1' });
  });

  it('names nothing for a command that put no new item before the board', () => {
    const withCondition = decide(openProduct(), 'prioritisation', 'approvedWithConditions', ['Publish a DPIA']);
    // Retirement is not held back by the open condition: the review of it is pending while the condition is closed.
    const pending = run(productMachine, withCondition, requestGate(withCondition, 'retirement'));
    expect(pending.context.pending?.placement.item.itemId).toBe('gr-p1-retirement-2');
    expect(productReceipt(run(productMachine, pending, closeCondition('gr-p1-prioritisation-1-c1')), pending)).toStrictEqual({});
    expect(productReceipt(run(productMachine, withCondition, closeCondition('gr-p1-prioritisation-1-c1')), withCondition)).toStrictEqual({});
  });
});

describe('a refusal', () => {
  it('says an event only the engine sends is the engine’s own', () => {
    const [decided] = transition(productMachine, requested(), reviewDone(requested(), 'approved'));
    expect(explainProductRefusal(decided, reviewDone(requested(), 'approved'))).toBe("xstate.done.actor.gateReview is the engine's own event.");
  });

  it('checks a request before the board places it as the machine would take it once placed', () => {
    const s0 = openProduct();
    const unplaced = { type: 'gate.requested' as const, by: 'sec', gate: 'prioritisation' as const, procedure: 'meeting' as const, papers: [], selfAssessment, at: at(DAY) };
    expect(explainProductRefusal(s0, unplaced)).toBeUndefined();
    expect(explainProductRefusal(s0, { ...unplaced, gate: 'alpha' })).toBe(
      'Product p1 is proposed and not yet prioritised; the board may now decide on prioritisation or retirement, not alpha. A product passes one gate at a time: request the prioritisation gate first.',
    );
  });
});
