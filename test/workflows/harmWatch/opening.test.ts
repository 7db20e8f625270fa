/** What a harm watch takes to start, checked before it runs: no server needed. */
import { describe, expect, it } from 'vitest';
import { defaultHarmPolicy } from '../../../machines/harmWatch/policy';
import { harmWatchProcess } from '../../../workflows/harmWatch/workflow';

const NOW = new Date('2026-08-01T09:00:00.000Z');
const strict = { strict: true, strictRules: true };
const args = { product: { id: 'p1', name: 'P1' }, boardId: 'product-board', liveSince: '2026-07-01T09:00:00.000Z' };

describe('starting a harm watch', () => {
  it('opens with the product, its board and when it went live, counting its timers from now', () => {
    // Outside a workflow there is no patch to ask: reviews are not told to subscribers (reviewsToSubscribers.test.ts asks it).
    expect(harmWatchProcess.open(args, NOW, strict)).toEqual({ input: { ...args, openedAt: NOW.toISOString(), strict: true, reviewsToSubscribers: false } });
  });

  it('refuses a going-live date it cannot read, naming the field and the form expected', () => {
    expect(harmWatchProcess.open({ ...args, liveSince: 'last Tuesday' }, NOW, strict)).toEqual({
      refusal: 'The harm watch of p1 cannot start: liveSince: liveSince is an ISO 8601 date-time, e.g. 2027-03-01T17:00:00Z.',
    });
  });

  it('refuses a review policy that would schedule nothing', () => {
    const opening = harmWatchProcess.open({ ...args, policy: { ...defaultHarmPolicy, firstReviewsAfterDays: [] } }, NOW, strict);
    expect(opening).toMatchObject({ refusal: expect.stringContaining('policy.firstReviewsAfterDays') });
  });
});
