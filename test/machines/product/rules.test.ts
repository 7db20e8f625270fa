/**
 * The product's rules read directly, for what the machine tests do not reach: the refusal a secretariat reads
 * with several conditions open or none at all, which decisions wait for open conditions, what a gate review is
 * given of the board's placement, and what each decision does to the product's stage, priority and suspension.
 * Every expected value is written out from the rule (shared domain: conditions hold back only the next forward
 * gate; only an approval moves a product), not taken from the functions under test.
 */
import { describe, expect, it } from 'vitest';
import type { DecisionRecord, Outcome } from '../../../machines/gateReview/rules';
import type { Gate, Stage } from '../../../machines/kernel/lifecycle';
import {
  applyDecision, approved, placementRequest, productRuleRefusal, reviewRequest, type ProductCondition, type ProductContext,
} from '../../../machines/product/rules';
import type { ProductCommand } from '../../../machines/product/schema';
import { at, DAY, placement, registeredProduct, selfAssessment } from '../../support/boardFixtures';

const product = (extra: Partial<ProductContext> = {}): ProductContext => ({
  product: registeredProduct, boardId: 'product-board', stage: 'discovery', prioritised: true, suspended: false,
  conditions: [], itemsRequested: 2, decisions: [], ...extra,
});

const condition = (n: number, text: string, closed = false): ProductCondition => ({
  conditionId: `gr-p1-discovery-2-c${n}`, text, setBy: 'm2', decisionId: 'gr-p1-discovery-2', gate: 'discovery',
  ...(closed ? { closed: { by: 'sec', evidence: 'https://example.org/done', at: '2026-06-20T09:00:00.000Z' } } : {}),
});

const request = (gate: Gate, extra: Partial<Extract<ProductCommand, { type: 'gate.requested' }>> = {}): ProductCommand => ({
  type: 'gate.requested', by: 'sec', gate, procedure: 'meeting', papers: [], selfAssessment, at: at(DAY), ...extra,
});

const closing = (conditionId: string): ProductCommand => ({ type: 'condition.closed', by: 'sec', conditionId, evidence: 'https://example.org/e', at: at(DAY) });

describe('a gate request while conditions are open', () => {
  const twoOpen = product({ conditions: [condition(1, 'Publish a DPIA'), condition(2, 'Name an owner', true), condition(3, 'Test with users')] });

  it('names every open condition, in the plural, and none that is closed', () => {
    expect(productRuleRefusal(twoOpen, request('alpha'))).toBe(
      'Product p1 has 2 open conditions from earlier decisions (gr-p1-discovery-2-c1: "Publish a DPIA"; gr-p1-discovery-2-c3: "Test with users"); ' +
        'close each with evidence (govern condition close) before requesting the alpha gate.',
    );
  });

  it('holds back only a forward gate: a suspension or a retirement may still be asked for', () => {
    expect(productRuleRefusal(twoOpen, request('suspension'))).toBeUndefined();
    expect(productRuleRefusal(twoOpen, request('retirement'))).toBeUndefined();
  });

  it('holds back a live product’s iteration, a forward gate too', () => {
    const live = product({ stage: 'live', conditions: [condition(1, 'Publish a DPIA')] });
    expect(productRuleRefusal(live, request('iteration'))).toMatch(/^Product p1 has 1 open condition from earlier decisions .* before requesting the iteration gate\.$/);
    expect(productRuleRefusal(live, request('rollback'))).toBeUndefined();
  });

  it('takes the next gate once every condition is closed', () => {
    expect(productRuleRefusal(product({ conditions: [condition(1, 'Publish a DPIA', true)] }), request('alpha'))).toBeUndefined();
  });
});

describe('a gate request by written procedure', () => {
  it('needs a deadline; a meeting does not', () => {
    expect(productRuleRefusal(product(), request('alpha', { procedure: 'written' }))).toBe('A written procedure needs a deadline (--deadline).');
    expect(productRuleRefusal(product(), request('alpha', { procedure: 'written', deadline: '2026-06-20T14:00:00.000Z' }))).toBeUndefined();
    expect(productRuleRefusal(product(), request('alpha'))).toBeUndefined();
  });
});

describe('closing a condition', () => {
  it('says "none" when the product has no condition at all', () => {
    expect(productRuleRefusal(product(), closing('c9'))).toBe('Product p1 has no condition c9; its conditions are: none.');
  });

  it('lists every condition, open and closed, separated, when the id is unknown', () => {
    const ctx = product({ conditions: [condition(1, 'Publish a DPIA', true), condition(2, 'Name an owner')] });
    expect(productRuleRefusal(ctx, closing('c9'))).toBe('Product p1 has no condition c9; its conditions are: gr-p1-discovery-2-c1, gr-p1-discovery-2-c2.');
  });

  it('says who closed a closed one and when, and takes an open one', () => {
    const ctx = product({ conditions: [condition(1, 'Publish a DPIA', true), condition(2, 'Name an owner')] });
    expect(productRuleRefusal(ctx, closing('gr-p1-discovery-2-c1'))).toBe('Condition gr-p1-discovery-2-c1 was closed by sec at 2026-06-20T09:00:00.000Z.');
    expect(productRuleRefusal(ctx, closing('gr-p1-discovery-2-c2'))).toBeUndefined();
  });
});

describe('what the gate review is given', () => {
  const papers = ['https://example.org/paper'];
  const placed = placement('gr-p1-alpha-3', 'alpha', { by: 'sec2', papers, procedure: 'written', votingClosesAt: '2026-06-20T14:00:00.000Z', carriedOverFrom: 'gr-p1-alpha-2' });
  const board = { ...placed.board, composition: { met: false, unmet: ['No member with ethics expertise.'], filledSeats: 5, seats: 6 }, subscribers: ['fan', 'friend'] };

  it('is the request as the board placed it, with the board as it stood', () => {
    expect(reviewRequest(product(), { ...placed, board })).toStrictEqual({
      reviewId: 'gr-p1-alpha-3',
      product: { id: 'p1', name: 'Product p1', stage: 'discovery' },
      gate: 'alpha',
      requestedBy: 'sec2',
      papers: ['https://example.org/paper'],
      selfAssessment,
      board: board.roster,
      policy: board.policy,
      votingClosesAt: '2026-06-20T14:00:00.000Z',
      procedure: 'written',
      meetingId: 'product-board-2026-06-10',
      carriedOverFrom: 'gr-p1-alpha-2',
      composition: { met: false, unmet: ['No member with ethics expertise.'], filledSeats: 5, seats: 6 },
      principles: [{ id: 'open', title: 'Open by default' }, { id: 'harm', title: 'Do no harm' }],
      subscribers: ['fan', 'friend'],
    });
  });

  it('names no meeting for an item outside one, and no earlier item for a first request', () => {
    const { meeting: _meeting, ...item } = placement('gr-p1-alpha-3', 'alpha').item;
    const given = reviewRequest(product(), { item, board });
    expect(given).not.toHaveProperty('meetingId');
    expect(given).not.toHaveProperty('carriedOverFrom');
  });
});

describe('the placement a request asks the board for', () => {
  const asked = { by: 'sec', gate: 'alpha' as const, procedure: 'written' as const, deadline: '2026-06-20T14:00:00.000Z', papers: [], selfAssessment };

  it('numbers the item after the ones before, and keeps the procedure asked for', () => {
    expect(placementRequest(product(), asked)).toStrictEqual({ ...asked, itemId: 'gr-p1-alpha-3', productId: 'p1', productName: 'Product p1' });
  });

  it('puts a carried-over item to the next meeting, whatever procedure it first had', () => {
    expect(placementRequest(product(), asked, 'gr-p1-alpha-3')).toStrictEqual({
      ...asked, itemId: 'gr-p1-alpha-3', productId: 'p1', productName: 'Product p1', carriedOverFrom: 'gr-p1-alpha-3', procedure: 'meeting',
    });
  });
});

const decision = (gate: Gate, outcome: Outcome, conditions: { text: string; setBy: string }[] = []): DecisionRecord =>
  ({ decisionId: `gr-p1-${gate}-4`, gate, outcome, explanation: 'as the board decided', closedAt: '2026-06-10T16:00:00.000Z', conditions }) as unknown as DecisionRecord;

const standing = (ctx: ProductContext, d: DecisionRecord) => {
  const after = { ...ctx, ...applyDecision(ctx, d) };
  return { stage: after.stage as Stage, prioritised: after.prioritised, suspended: after.suspended };
};

describe('what a decision does to the product', () => {
  it('prioritises a proposed product only by an approved prioritisation, and it stays prioritised', () => {
    const proposed = product({ stage: 'proposed', prioritised: false });
    expect(standing(proposed, decision('prioritisation', 'approved'))).toEqual({ stage: 'proposed', prioritised: true, suspended: false });
    expect(standing(proposed, decision('prioritisation', 'rejected'))).toEqual({ stage: 'proposed', prioritised: false, suspended: false });
    expect(standing(proposed, decision('retirement', 'approved'))).toEqual({ stage: 'proposed', prioritised: false, suspended: false });
    expect(standing(product({ stage: 'alpha' }), decision('beta', 'approvedWithConditions'))).toEqual({ stage: 'beta', prioritised: true, suspended: false });
  });

  it('suspends on a suspension, lifts it on a reinstatement, and leaves it as it was on any other decision', () => {
    expect(standing(product({ stage: 'live' }), decision('suspension', 'approved'))).toEqual({ stage: 'live', prioritised: true, suspended: true });
    const suspended = product({ stage: 'live', suspended: true });
    expect(standing(suspended, decision('reinstatement', 'approved'))).toEqual({ stage: 'live', prioritised: true, suspended: false });
    expect(standing(suspended, decision('reinstatement', 'rejected'))).toEqual({ stage: 'live', prioritised: true, suspended: true });
    expect(standing(suspended, decision('retirement', 'approved'))).toEqual({ stage: 'live', prioritised: true, suspended: true });
    expect(standing(product({ stage: 'live' }), decision('iteration', 'approved'))).toEqual({ stage: 'live', prioritised: true, suspended: false });
  });

  it('records every decision, but a rejection or a deferral changes nothing else', () => {
    for (const outcome of ['rejected', 'deferred'] as const)
      expect(applyDecision(product(), decision('alpha', outcome))).toStrictEqual({
        decisions: [{ decisionId: 'gr-p1-alpha-4', gate: 'alpha', outcome, explanation: 'as the board decided', closedAt: '2026-06-10T16:00:00.000Z' }],
      });
  });

  it('numbers the conditions of an approval from 1 and keeps the ones already there', () => {
    const before = product({ conditions: [condition(1, 'Publish a DPIA', true)] });
    const d = decision('alpha', 'approvedWithConditions', [{ text: 'Test with users', setBy: 'm2' }, { text: 'Name an owner', setBy: 'm3' }]);
    expect(applyDecision(before, d).conditions).toStrictEqual([
      condition(1, 'Publish a DPIA', true),
      { conditionId: 'gr-p1-alpha-4-c1', text: 'Test with users', setBy: 'm2', decisionId: 'gr-p1-alpha-4', gate: 'alpha' },
      { conditionId: 'gr-p1-alpha-4-c2', text: 'Name an owner', setBy: 'm3', decisionId: 'gr-p1-alpha-4', gate: 'alpha' },
    ]);
  });
});

describe('whether a decision approved', () => {
  it('counts an approval with or without conditions, of the gate asked about or of any gate', () => {
    expect(approved(decision('alpha', 'approved'))).toBe(true);
    expect(approved(decision('alpha', 'approvedWithConditions'), 'alpha')).toBe(true);
    expect(approved(decision('alpha', 'approved'), 'retirement')).toBe(false);
    expect(approved(decision('retirement', 'rejected'), 'retirement')).toBe(false);
    expect(approved(decision('retirement', 'deferred'))).toBe(false);
  });
});
