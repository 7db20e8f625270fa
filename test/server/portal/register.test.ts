import { describe, expect, it } from 'vitest';
import { filtered, lineOf, LINES_PER_PAGE, pageOf, registerFilters, registerLines } from '../../../server/portal/register';
import type { RegisterEntry } from '../../../store/records';
import { decision } from '../../support/registerRecords';

describe('the register page in pages', () => {
  const lines = Array.from({ length: 2 * LINES_PER_PAGE + 7 }, (_, i) => i);

  it('shows a page of lines at a time, the last holding what is left, and never a page past the last', () => {
    expect(pageOf(lines, 1)).toEqual({ lines: lines.slice(0, LINES_PER_PAGE), page: 1, pages: 3 });
    expect(pageOf(lines, 3).lines).toEqual(lines.slice(2 * LINES_PER_PAGE));
    expect(pageOf(lines, 99)).toMatchObject({ page: 3, pages: 3 });
    expect(pageOf([], 1)).toEqual({ lines: [], page: 1, pages: 1 });
  });

  it('reads the page asked for from the address, and page 1 for anything that is not one', () => {
    expect(registerFilters.parse({ page: '2' }).page).toBe(2);
    for (const page of ['0', '-1', 'two', '1.5', undefined]) expect(registerFilters.parse(page === undefined ? {} : { page }).page).toBe(1);
  });
});

describe('the register as its pages list it', () => {
  // Three decisions a day apart, and a fourth on another product: real records, made by the machine.
  const entries: RegisterEntry[] = [
    { ...decision('gr-lines-1'), publishedAt: '2026-06-02T09:00:00.000Z' },
    { ...decision('gr-lines-2'), publishedAt: '2026-06-03T09:00:00.000Z' },
    { ...decision('gr-lines-3'), publishedAt: '2026-06-04T09:00:00.000Z' },
  ];
  const other = decision('gr-lines-4');
  entries.push({ ...other, product: { ...other.product, id: 'other-map' }, outcome: 'rejected', publishedAt: '2026-06-05T09:00:00.000Z' });
  const prepared = registerLines(entries);
  const all = registerFilters.parse({});

  it('draws each entry once, newest first, with the outcomes and products the filters offer', () => {
    expect(prepared.lines).toEqual([...entries].reverse().map(lineOf));
    expect(prepared.outcomes).toEqual(['approved', 'rejected']);
    expect(prepared.products).toEqual([...new Set(entries.map((e) => (e.kind === 'gateReview' ? e.product.id : '')))].sort());
  });

  it('keeps only the lines every filter given lets through, newest first', () => {
    const ids = (filters: Record<string, string>) => filtered(prepared.lines, registerFilters.parse(filters)).map((l) => l.decisionId);
    expect(filtered(prepared.lines, all)).toEqual(prepared.lines);
    expect(ids({ outcome: 'rejected' })).toEqual([entries[3]!.decisionId]);
    expect(ids({ product: 'other-map' })).toEqual([entries[3]!.decisionId]);
    expect(ids({ from: '2026-06-03', to: '2026-06-04' })).toEqual([entries[2]!.decisionId, entries[1]!.decisionId]);
    expect(ids({ board: 'initiative' })).toEqual([]);
    expect(ids({ board: 'product', outcome: 'approved', to: '2026-06-02' })).toEqual([entries[0]!.decisionId]);
  });
});
