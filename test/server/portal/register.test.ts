import { describe, expect, it } from 'vitest';
import { LINES_PER_PAGE, pageOf, registerFilters } from '../../../server/portal/register';

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
