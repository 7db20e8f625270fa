import { describe, expect, it } from 'vitest';
import { transition } from 'xstate';
import { decisionRefusal } from '../../../machines/kernel/lifecycle';
import { productMachine, type ProductEvent, type ProductSnapshot } from '../../../machines/product/machine';
import { explainProductRefusal, productView } from '../../../machines/product/view';
import {
  carriedOver, carryOverFailed, closeCondition, decide, engine, openProduct, requestGate, reviewDone, reviewFailed, run, spawns,
} from '../../support/boardFixtures';

/** A refused command changes nothing and is explained. */
function refusal(s: ProductSnapshot, event: ProductEvent): string | undefined {
  expect(s.can(event)).toBe(false);
  expect(run(productMachine, s, event).context).toEqual(s.context);
  return explainProductRefusal(s, event);
}

const at = (s: ProductSnapshot) => ({ state: s.value, stage: s.context.stage, suspended: s.context.suspended });
const live = () => ['prioritisation', 'discovery', 'alpha', 'beta', 'live'].reduce((s, gate) => decide(s, gate as never), openProduct());

describe('a product’s life', () => {
  it('passes every gate in turn: proposed → prioritised → discovery → alpha → beta → live → iteration', () => {
    let s = openProduct();
    expect(productView(s).mayRequest).toEqual(['prioritisation', 'retirement']);
    s = decide(s, 'prioritisation');
    expect(s.context).toMatchObject({ stage: 'proposed', prioritised: true });
    for (const gate of ['discovery', 'alpha', 'beta', 'live'] as const) {
      s = decide(s, gate);
      expect(at(s)).toEqual({ state: 'ready', stage: gate, suspended: false });
    }
    expect(productView(s).mayRequest).toEqual(['iteration', 'suspension', 'rollback', 'retirement']);
    s = decide(s, 'iteration');
    expect(at(s)).toEqual({ state: 'ready', stage: 'live', suspended: false });
    expect(s.context.decisions.map((d) => `${d.gate}:${d.outcome}`)).toEqual([
      'prioritisation:approved', 'discovery:approved', 'alpha:approved', 'beta:approved', 'live:approved', 'iteration:approved',
    ]);
  });

  it('opens a gate review with the board’s placement when a gate is requested', () => {
    const s0 = openProduct();
    const [s, actions] = transition(productMachine, s0, requestGate(s0, 'prioritisation'));
    expect(s.value).toBe('inReview');
    expect(spawns(actions)).toEqual([
      expect.objectContaining({
        id: 'gateReview',
        input: expect.objectContaining({ reviewId: 'gr-p1-prioritisation-1', gate: 'prioritisation', product: { id: 'p1', name: 'Product p1', stage: 'proposed' }, meetingId: 'product-board-2026-06-10', subscribers: ['fan'] }),
      }),
    ]);
    expect(productView(s)).toMatchObject({ mayRequest: [], pending: { reviewId: 'gr-p1-prioritisation-1', gate: 'prioritisation' } });
  });

  it('keeps the stage on a rejection and takes the same gate again', () => {
    const rejected = decide(openProduct(), 'prioritisation', 'rejected');
    expect(at(rejected)).toEqual({ state: 'ready', stage: 'proposed', suspended: false });
    expect(rejected.context.prioritised).toBe(false);
    expect(rejected.context.decisions).toEqual([expect.objectContaining({ gate: 'prioritisation', outcome: 'rejected', explanation: 'rejected by the board' })]);
    expect(decide(rejected, 'prioritisation').context.prioritised).toBe(true);
  });

  it('refuses a second request while one is before the board', () => {
    const s0 = openProduct();
    const pending = run(productMachine, s0, requestGate(s0, 'prioritisation'));
    expect(refusal(pending, requestGate(pending, 'retirement'))).toBe(
      'Product p1 already has gr-p1-prioritisation-1 (prioritisation) before the board; wait for its decision.',
    );
  });

  it('refuses a skipped gate with the lifecycle’s sentence', () => {
    const alpha = ['prioritisation', 'discovery', 'alpha'].reduce((s, gate) => decide(s, gate as never), openProduct());
    const sentence = decisionRefusal('p1', alpha.context, 'live');
    expect(sentence).toMatch(/^Product p1 is at alpha; .*beta.*, not live\. A product passes one gate at a time: request the beta gate first\.$/);
    expect(refusal(alpha, requestGate(alpha, 'live'))).toBe(sentence);
  });

  it('gives the secretariat a notice and takes a new request when a review fails', () => {
    const s0 = openProduct();
    const failed = run(productMachine, s0, requestGate(s0, 'prioritisation'), reviewFailed);
    expect(failed.value).toBe('ready');
    expect(failed.context.notice).toBe('The review of the prioritisation item failed (worker lost); request it again.');
    expect(run(productMachine, failed, requestGate(failed, 'prioritisation')).context.notice).toBeUndefined();
  });
});

describe('conditions', () => {
  const withCondition = () => decide(decide(openProduct(), 'prioritisation'), 'discovery', 'approvedWithConditions', ['Publish a DPIA']);

  it('moves the product on an approval with conditions and records each condition', () => {
    const s = withCondition();
    expect(at(s)).toEqual({ state: 'ready', stage: 'discovery', suspended: false });
    expect(s.context.conditions).toEqual([{ conditionId: 'gr-p1-discovery-2-c1', text: 'Publish a DPIA', setBy: 'm2', decisionId: 'gr-p1-discovery-2', gate: 'discovery' }]);
  });

  it('refuses the next forward gate while a condition is open, but not a suspension', () => {
    const s = withCondition();
    expect(refusal(s, requestGate(s, 'alpha'))).toBe(
      'Product p1 has 1 open condition from earlier decisions (gr-p1-discovery-2-c1: "Publish a DPIA"); close each with evidence (govern condition close) before requesting the alpha gate.',
    );
    expect(s.can(requestGate(s, 'suspension'))).toBe(true);
  });

  it('takes the next gate once the condition is closed with evidence', () => {
    const closed = run(productMachine, withCondition(), closeCondition('gr-p1-discovery-2-c1'));
    expect(closed.context.conditions[0]?.closed).toEqual({ by: 'sec', evidence: 'https://example.org/evidence', at: expect.any(String) });
    expect(productView(closed).openConditions).toEqual([]);
    expect(decide(closed, 'alpha').context.stage).toBe('alpha');
  });

  it('closes only a known, open condition', () => {
    const s = withCondition();
    expect(refusal(s, closeCondition('nope'))).toBe('Product p1 has no condition nope; its conditions are: gr-p1-discovery-2-c1.');
    const closed = run(productMachine, s, closeCondition('gr-p1-discovery-2-c1'));
    expect(refusal(closed, closeCondition('gr-p1-discovery-2-c1', 'sec2'))).toMatch(/^Condition gr-p1-discovery-2-c1 was closed by sec at /);
  });

  it('closes a condition while the next item is before the board', () => {
    const s = withCondition();
    const pending = run(productMachine, s, requestGate(s, 'suspension'), closeCondition('gr-p1-discovery-2-c1'));
    expect(pending.value).toBe('inReview');
    expect(productView(pending).openConditions).toEqual([]);
  });
});

describe('deferral', () => {
  const deferred = () => {
    const s0 = openProduct();
    const pending = run(productMachine, s0, requestGate(s0, 'prioritisation'));
    return transition(productMachine, pending, reviewDone(pending, 'deferred'));
  };

  it('carries a deferred item to the next meeting under a new item id', () => {
    const [s, actions] = deferred();
    expect(s.value).toBe('carryingOver');
    expect(spawns(actions)).toEqual([
      expect.objectContaining({ id: 'placeOnAgenda', input: { boardId: 'product-board', item: expect.objectContaining({ itemId: 'gr-p1-prioritisation-2', carriedOverFrom: 'gr-p1-prioritisation-1', procedure: 'meeting' }) } }),
    ]);
    const [back, reviewActions] = transition(productMachine, s, carriedOver(s));
    expect(back.value).toBe('inReview');
    expect(back.context.pending?.placement.item).toMatchObject({ itemId: 'gr-p1-prioritisation-2', carriedOverFrom: 'gr-p1-prioritisation-1' });
    expect(spawns(reviewActions)[0]?.input).toMatchObject({ reviewId: 'gr-p1-prioritisation-2', carriedOverFrom: 'gr-p1-prioritisation-1' });
    expect(run(productMachine, back, reviewDone(back, 'approved')).context.decisions.map((d) => d.outcome)).toEqual(['deferred', 'approved']);
  });

  it('gives up a deferred item the board could not be asked to carry over, with a notice', () => {
    const s = run(productMachine, deferred()[0], carryOverFailed);
    expect(s.value).toBe('ready');
    expect(s.context.pending).toBeUndefined();
    expect(s.context.notice).toBe('The deferred prioritisation item could not be carried to the next meeting (board unreachable); request it again.');
  });

  it('gives up a deferred item the board refuses to carry over, with the board’s reason', () => {
    const refused = engine<ProductEvent>('xstate.done.actor.placeOnAgenda', { output: { refused: 'The meetings of board product-board are paused (recruiting).' } });
    const s = run(productMachine, deferred()[0], refused);
    expect(s.value).toBe('ready');
    expect(s.context.pending).toBeUndefined();
    expect(s.context.notice).toBe('The deferred prioritisation item could not be carried to the next meeting (The meetings of board product-board are paused (recruiting).); request it again.');
  });
});

describe('suspension, reinstatement and retirement', () => {
  it('takes nothing more once retired, not even the closing of a condition', () => {
    const conditioned = decide(openProduct(), 'prioritisation', 'approvedWithConditions', ['Publish the DPIA']);
    const retired = decide(conditioned, 'retirement');
    expect(retired.value).toBe('retired');
    const conditionId = retired.context.conditions[0]!.conditionId;
    expect(refusal(retired, closeCondition(conditionId))).toBe('Product p1 is retired; nothing more can be decided on it.');
  });

  const suspended = () => decide(live(), 'suspension');

  it('suspends a product at its stage after a suspension decision', () => {
    expect(at(suspended())).toEqual({ state: 'suspended', stage: 'live', suspended: true });
    expect(productView(suspended()).mayRequest).toEqual(['reinstatement', 'retirement']);
  });

  it('takes only reinstatement or retirement while suspended', () => {
    const s = suspended();
    expect(refusal(s, requestGate(s, 'iteration'))).toBe(decisionRefusal('p1', s.context, 'iteration'));
    expect(decisionRefusal('p1', s.context, 'iteration')).toMatch(/^Product p1 is suspended at live; .*reinstatement or retirement, not iteration\. A suspended product returns only by a reinstatement decision\.$/);
  });

  it('stays suspended when reinstatement is rejected', () => {
    expect(at(decide(suspended(), 'reinstatement', 'rejected'))).toEqual({ state: 'suspended', stage: 'live', suspended: true });
  });

  it('returns to ready at the same stage when reinstated', () => {
    expect(at(decide(suspended(), 'reinstatement'))).toEqual({ state: 'ready', stage: 'live', suspended: false });
  });

  it('retires a suspended product for good', () => {
    const retired = decide(suspended(), 'retirement');
    expect(retired.value).toBe('retired');
    expect(retired.status).toBe('done');
    expect(explainProductRefusal(retired, requestGate(retired, 'reinstatement'))).toBe('Product p1 is retired; nothing more can be decided on it.');
  });

  it('rolls a live product back: it stays live and ready, and its harm watch is told to start over', () => {
    const watched = live();
    expect(watched.context.harmWatch).toBe('harm-watch-p1');
    const requested = run(productMachine, watched, requestGate(watched, 'rollback'));
    expect(requested.value).toBe('inReview');
    const [s, actions] = transition(productMachine, requested, reviewDone(requested, 'approved'));
    expect(at(s)).toEqual({ state: 'ready', stage: 'live', suspended: false });
    expect(s.context.decisions.at(-1)).toMatchObject({ gate: 'rollback', outcome: 'approved' });
    expect(actions.filter((a) => (a.type as string) === 'xstate.emit').map((a) => (a.params as { event: unknown }).event)).toEqual([
      { type: 'harmWatch.lifecycle', productId: 'p1', change: 'rolledBack', decisionId: s.context.decisions.at(-1)!.decisionId },
    ]);
    expect(productView(s).mayRequest).toEqual(['iteration', 'suspension', 'rollback', 'retirement']);
  });

  it('keeps a live product as it was when a roll back is rejected', () => {
    expect(at(decide(live(), 'rollback', 'rejected'))).toEqual({ state: 'ready', stage: 'live', suspended: false });
  });

  it('rolls back only a live product that is not suspended', () => {
    const beta = ['prioritisation', 'discovery', 'alpha', 'beta'].reduce((s, gate) => decide(s, gate as never), openProduct());
    expect(refusal(beta, requestGate(beta, 'rollback'))).toBe(
      'Product p1 is at beta; the board may now decide on live, suspension or retirement, not rollback. A product passes one gate at a time: request the live gate first.',
    );
    const s = suspended();
    expect(refusal(s, requestGate(s, 'rollback'))).toMatch(/^Product p1 is suspended at live; the board may now decide on reinstatement or retirement, not rollback\. A suspended product returns only by a reinstatement decision\.$/);
  });

  it('retires a proposed product straight away', () => {
    expect(decide(openProduct(), 'retirement').value).toBe('retired');
  });
});
