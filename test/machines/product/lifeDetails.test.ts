/**
 * Three details of a product's life that the mutation report (bench/results/mutation.md) found no test held:
 * only the live gate starts the harm watch; an item carried over counts as an item, so the next request is
 * numbered after it; and closing one condition leaves the others open. Expected values are written out from
 * the shared domain (a harm watch starts when a product goes live; item ids count up per product), not
 * computed by the functions under test.
 */
import { describe, expect, it } from 'vitest';
import { transition } from 'xstate';
import type { Gate } from '../../../machines/kernel/lifecycle';
import { productMachine } from '../../../machines/product/machine';
import { nextItemId } from '../../../machines/product/rules';
import { productView } from '../../../machines/product/view';
import { carriedOver, closeCondition, decide, openProduct, requestGate, reviewDone, run, spawns } from '../../support/boardFixtures';

describe('the harm watch', () => {
  it('starts when the live gate is approved, and at no gate before it', () => {
    let s = openProduct();
    for (const gate of ['prioritisation', 'discovery', 'alpha', 'beta'] as const satisfies readonly Gate[]) {
      const requested = run(productMachine, s, requestGate(s, gate));
      const [decided, actions] = transition(productMachine, requested, reviewDone(requested, 'approved'));
      expect(spawns(actions).map((a) => a.id), `after the ${gate} gate`).toEqual([]);
      expect(decided.context.harmWatch, `after the ${gate} gate`).toBeUndefined();
      s = decided;
    }
    const requested = run(productMachine, s, requestGate(s, 'live'));
    const [live, actions] = transition(productMachine, requested, reviewDone(requested, 'approved'));
    expect(spawns(actions).map((a) => a.id)).toEqual(['harm-watch-p1']);
    expect(live.context.harmWatch).toBe('harm-watch-p1');
  });
});

describe('an item carried over', () => {
  it('counts as an item: the next request after it is numbered after the carried-over one', () => {
    const s0 = openProduct();
    const pending = run(productMachine, s0, requestGate(s0, 'prioritisation'));
    const deferred = run(productMachine, pending, reviewDone(pending, 'deferred'));
    const back = run(productMachine, deferred, carriedOver(deferred));
    expect(back.context.pending?.placement.item.itemId).toBe('gr-p1-prioritisation-2');
    const approved = run(productMachine, back, reviewDone(back, 'approved'));
    // Item 1 was deferred, item 2 carried it over: the discovery request is the product's third item.
    expect(nextItemId(approved.context, 'discovery')).toBe('gr-p1-discovery-3');
  });
});

describe('closing a condition', () => {
  it('closes that condition only, and the next gate waits for the other', () => {
    const s = decide(decide(openProduct(), 'prioritisation'), 'discovery', 'approvedWithConditions', ['Publish a DPIA', 'Name an owner']);
    const closed = run(productMachine, s, closeCondition('gr-p1-discovery-2-c1'));
    expect(productView(closed).openConditions.map((c) => c.conditionId)).toEqual(['gr-p1-discovery-2-c2']);
    expect(closed.context.conditions.map((c) => [c.conditionId, c.closed !== undefined])).toEqual([
      ['gr-p1-discovery-2-c1', true],
      ['gr-p1-discovery-2-c2', false],
    ]);
    expect(closed.can(requestGate(closed, 'alpha'))).toBe(false);
  });
});
