/**
 * A product continues as new between decisions (workflows/product/workflow.ts): the next run opens with the
 * state the last one left. The oracle is the last run itself: what people see of the product, and what it
 * may be asked next, is the same before and after, but for the run's number; and the product goes on as if
 * it had never renewed (the domain's lifecycle, shared/domain.md: items numbered on, the watch told of changes).
 */
import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { productMachine, type ProductSnapshot } from '../../../machines/product/machine';
import { nextItemId } from '../../../machines/product/rules';
import { productView } from '../../../machines/product/view';
import { boardRoster, decide, openProduct, registeredProduct, requestGate, reviewDone, run, spawns } from '../../support/boardFixtures';

/** The next run of `previous`: opened with the state it left, as the workflow's `continueAsNew.args` gives it. */
const renewed = (previous: ProductSnapshot) => initialTransition(productMachine, { product: registeredProduct, boardId: boardRoster.boardId, resume: previous.context });

const live = () => (['prioritisation', 'discovery', 'alpha', 'beta', 'live'] as const).reduce((s, gate) => decide(s, gate), openProduct());

/** The view without the run's number, which is all that renewing changes. */
const seen = (s: ProductSnapshot) => {
  const { run: _run, ...view } = productView(s);
  return view;
};

describe('a product that continues as new', () => {
  it('opens its first run ready, as run 1', () => {
    const s = openProduct();
    expect(s.value).toBe('ready');
    expect(productView(s).run).toBe(1);
  });

  it('resumes ready with everything the last run knew, and counts its runs', () => {
    const previous = decide(decide(openProduct(), 'prioritisation'), 'discovery', 'approvedWithConditions', ['Publish a DPIA']);
    const [next, actions] = renewed(previous);
    expect(next.value).toBe('ready');
    expect(seen(next)).toEqual(seen(previous));
    expect(productView(next).run).toBe(2);
    expect(productView(renewed(next)[0]).run).toBe(3);
    // Opening again starts nothing: no review, no second harm watch.
    expect(spawns(actions)).toEqual([]);
  });

  it('numbers the next item after the items of earlier runs', () => {
    const previous = decide(decide(openProduct(), 'prioritisation'), 'discovery');
    const [next] = renewed(previous);
    // Two items before it: the alpha request is the product's third.
    expect(nextItemId(next.context, 'alpha')).toBe('gr-p1-alpha-3');
    expect(run(productMachine, next, requestGate(next, 'alpha')).context.pending?.placement.item.itemId).toBe('gr-p1-alpha-3');
  });

  it('keeps an open condition holding back the next gate', () => {
    const previous = decide(decide(openProduct(), 'prioritisation'), 'discovery', 'approvedWithConditions', ['Publish a DPIA']);
    const [next] = renewed(previous);
    expect(productView(next).openConditions.map((c) => c.text)).toEqual(['Publish a DPIA']);
    expect(next.can(requestGate(next, 'alpha'))).toBe(false);
  });

  it('resumes a suspended product suspended: it returns only by reinstatement', () => {
    const previous = decide(live(), 'suspension');
    const [next] = renewed(previous);
    expect(next.value).toBe('suspended');
    expect(productView(next)).toMatchObject({ suspended: true, stage: 'live', mayRequest: ['reinstatement', 'retirement'] });
    expect(next.can(requestGate(next, 'iteration'))).toBe(false);
    const back = decide(next, 'reinstatement');
    expect([back.value, back.context.suspended]).toEqual(['ready', false]);
  });

  it('tells the harm watch an earlier run started of a suspension, and starts no other', () => {
    const [next] = renewed(live());
    const requested = run(productMachine, next, requestGate(next, 'suspension'));
    const [s, actions] = transition(productMachine, requested, reviewDone(requested, 'approved'));
    expect(s.value).toBe('suspended');
    expect(spawns(actions)).toEqual([]);
    expect(actions.filter((a) => (a.type as string) === 'xstate.emit').map((a) => (a.params as { event: unknown }).event)).toEqual([
      { type: 'harmWatch.lifecycle', productId: 'p1', change: 'suspended', decisionId: 'gr-p1-suspension-6' },
    ]);
  });
});
