import { describe, expect, it } from 'vitest';
import { productBoardProcess, type BoardOpening } from '../../../workflows/productBoard/workflow';
import { boardConfig } from '../../support/boardFixtures';

const now = new Date('2026-05-01T09:00:00.000Z');

describe('opening a product board', () => {
  it('opens with the founding configuration, in the name of who opened it', () => {
    const opening = productBoardProcess.open({ config: boardConfig(), openedBy: 'sec' }, now, { strict: true, strictRules: true });
    expect(opening).toMatchObject({ input: { openedBy: 'sec', openedAt: now.toISOString() } });
  });

  it('refuses to open without saying who opens it, rather than recording a change by no one', () => {
    const opening = productBoardProcess.open({ config: boardConfig() } as unknown as BoardOpening, now, { strict: true, strictRules: true });
    expect(opening).toEqual({ refusal: 'Opening the board: openedBy: a person id is required (for example "m-ada")' });
  });
});
