import { describe, expect, it } from 'vitest';
import { jsonBytes, keepOpen, newestFitting, utf8Bytes } from '../../../machines/kernel/size';
import { BUDGET_WARNINGS, budgetRefusal, budgetWarning, needsCheck, processBudget, warningLevel } from '../../../workflows/host/budget';

describe('measuring what a process holds', () => {
  it('counts the bytes of JSON in UTF-8, as a payload carries them', () => {
    expect(utf8Bytes('abc')).toBe(3);
    expect(utf8Bytes('é')).toBe(2);
    expect(utf8Bytes('€')).toBe(3);
    expect(utf8Bytes('😀')).toBe(4);
    expect(jsonBytes({ name: 'Zoë' })).toBe(Buffer.byteLength(JSON.stringify({ name: 'Zoë' }), 'utf8'));
    expect(jsonBytes(undefined)).toBe(0);
  });
});

describe('the windows that keep what a process shows of its past', () => {
  const entry = (n: number, size = 10) => ({ n, text: 'x'.repeat(size) });

  it('keeps the newest entries, at most so many', () => {
    const list = Array.from({ length: 10 }, (_, n) => entry(n));
    expect(newestFitting(list, { count: 3, bytes: 10_000 }).map((e) => e.n)).toEqual([7, 8, 9]);
    expect(newestFitting(list, { count: 20, bytes: 10_000 })).toEqual(list);
  });

  it('keeps fewer when they weigh more than the window, and always the newest', () => {
    const list = [entry(0), entry(1), entry(2, 500), entry(3)];
    expect(newestFitting(list, { count: 10, bytes: 100 }).map((e) => e.n)).toEqual([3]);
    expect(newestFitting([entry(0, 5_000)], { count: 10, bytes: 100 }).map((e) => e.n)).toEqual([0]);
  });

  it('keeps every open entry and the newest closed ones, in their order', () => {
    const list = Array.from({ length: 8 }, (_, n) => ({ n, open: n % 3 === 0 }));
    expect(keepOpen(list, (e) => e.open, { count: 2, bytes: 10_000 }).map((e) => e.n)).toEqual([0, 3, 5, 6, 7]);
  });
});

describe('the state budget', () => {
  const budget = processBudget;

  it('is 256 KiB for the state and a query answer, 4 KiB for a receipt', () => {
    expect(budget).toEqual({ state: 262_144, query: 262_144, receipt: 4_096 });
  });

  it('works out the state a command would leave only near the budget or for a large payload', () => {
    expect(needsCheck(1_000, 500)).toBe(false);
    expect(needsCheck(budget.state / 2 + 1, 0)).toBe(true);
    expect(needsCheck(1_000, budget.state / 8)).toBe(true);
  });

  it('refuses anyone past 80% and everyone past 100%, saying what to do', () => {
    expect(budgetRefusal('the board board-x', 'subscribe', 0.79 * budget.state, true)).toBeUndefined();
    expect(budgetRefusal('the board board-x', 'subscribe', Math.round(0.81 * budget.state), true)).toMatch(/^The board board-x is not taking subscribe from anyone for now: its records would be 212,337 bytes of the 262,144 it may hold \(over 80%\)/);
    expect(budgetRefusal('the board board-x', 'registerProduct', 0.81 * budget.state, false)).toBeUndefined();
    expect(budgetRefusal('the board board-x', 'registerProduct', budget.state + 1, false)).toBe(
      'The records of the board board-x are full: registerProduct would take them to 262,145 bytes of the 262,144 it may hold; nothing was recorded. ' +
        'Closing what is open (answering submissions or reports, deciding items) moves older records to the register and makes room. ' +
        'If nothing can be closed, ask an operator: the README section "Budgets" says what they can do.',
    );
  });

  it('warns as the state passes 50%, 80% and 100%', () => {
    expect(warningLevel(0.4 * budget.state)).toBe(-1);
    expect(BUDGET_WARNINGS[warningLevel(0.6 * budget.state)]).toBe(0.5);
    expect(BUDGET_WARNINGS[warningLevel(0.9 * budget.state)]).toBe(0.8);
    expect(BUDGET_WARNINGS[warningLevel(1.1 * budget.state)]).toBe(1);
    expect(budgetWarning('the board board-x', 140_000, 0.5)).toBe('The board board-x holds 140,000 bytes, past 50% of its budget of 262,144. See "Budgets" in the README.');
  });
});
