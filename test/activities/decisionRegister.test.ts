import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { publishDecisionTo, isDecision } from '../../activities/decisionRegister';
import { readRegister, registerChain } from '../../store/register';
import { freshStore } from '../support/postgres';
import { decision } from '../support/registerRecords';

describe('decision register', () => {
  it('publishes a decision once however often the activity is retried', async () => {
    const store = await freshStore();
    const first = await publishDecisionTo(store, decision('gr-1'), new Date('2026-06-01T10:00:00Z'));
    const retry = await publishDecisionTo(store, decision('gr-1'), new Date('2026-06-01T10:05:00Z'));
    expect(retry).toEqual(first);
    expect(first).toEqual({ decisionId: 'gr-1', publishedAt: '2026-06-01T10:00:00.000Z', location: 'register entry 1' });
    expect((await registerChain(store.db)).map((e) => e.decisionId)).toEqual(['gr-1']);
  });

  it('keeps exactly one entry when attempts race each other, from two workers', async () => {
    const store = await freshStore();
    const other = { db: store.connect(), signer: store.signer };
    const attempts = await Promise.all(
      Array.from({ length: 20 }, (_, i) => publishDecisionTo(i % 2 ? other : store, decision('gr-race'), new Date(Date.UTC(2026, 5, 1, 10, i)))),
    );
    expect(new Set(attempts.map((a) => a.publishedAt)).size).toBe(1);
    expect((await registerChain(store.db)).map((e) => e.decisionId)).toEqual(['gr-race']);
  });

  it('reads every decision back, oldest publication first', async () => {
    const store = await freshStore();
    await publishDecisionTo(store, decision('gr-b'), new Date('2026-06-02T00:00:00Z'));
    await publishDecisionTo(store, decision('gr-a'), new Date('2026-06-03T00:00:00Z'));
    const entries = await readRegister(store.db);
    expect(entries.filter(isDecision).map((e) => [e.decisionId, e.outcome, e.tally.approve])).toEqual([
      ['gr-b', 'approved', 3],
      ['gr-a', 'approved', 3],
    ]);
  });

  it('refuses a record without an id for good, so Temporal does not retry it', async () => {
    const attempt = publishDecisionTo(await freshStore(), { ...decision('x'), decisionId: '' });
    await expect(attempt).rejects.toBeInstanceOf(ApplicationFailure);
    await expect(attempt).rejects.toMatchObject({ type: 'InvalidDecision', nonRetryable: true });
  });
});
