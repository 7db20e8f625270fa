import { readdirSync } from 'node:fs';
import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { publishDecisionTo, isDecision, readRegister } from '../../activities/decisionRegister';
import { gateReviewMachine } from '../../machines/gateReview/machine';
import type { DecisionRecord } from '../../machines/gateReview/rules';
import { T0, events, parsedRequest } from '../support/gateReviews';
import { freshRegisterDir } from '../support/temporal';

/** A real decision record, made by the machine rather than written out by hand. */
function decision(reviewId: string): DecisionRecord {
  const [opened] = initialTransition(gateReviewMachine, { request: parsedRequest({ reviewId }), openedAt: T0 });
  const closed = [events.vote('m1', 'approve'), events.vote('m2', 'approve'), events.vote('m3', 'approve'), events.vote('m4', 'reject'), events.close()].reduce(
    (s, e) => transition(gateReviewMachine, s, e)[0],
    opened,
  );
  return closed.context.decision!;
}

describe('decision register', () => {
  it('publishes a decision once however often the activity is retried', async () => {
    const dir = freshRegisterDir();
    const first = await publishDecisionTo(dir, decision('gr-1'), new Date('2026-06-01T10:00:00Z'));
    const retry = await publishDecisionTo(dir, decision('gr-1'), new Date('2026-06-01T10:05:00Z'));
    expect(retry).toEqual(first);
    expect(first.publishedAt).toBe('2026-06-01T10:00:00.000Z');
    expect(readdirSync(dir)).toEqual(['gr-1.json']);
  });

  it('keeps exactly one copy when attempts race each other', async () => {
    const dir = freshRegisterDir();
    const attempts = await Promise.all(Array.from({ length: 20 }, (_, i) => publishDecisionTo(dir, decision('gr-race'), new Date(Date.UTC(2026, 5, 1, 10, i)))));
    expect(new Set(attempts.map((a) => a.publishedAt)).size).toBe(1);
    expect(readdirSync(dir)).toEqual(['gr-race.json']);
  });

  it('reads every decision back, oldest publication first', async () => {
    const dir = freshRegisterDir();
    await publishDecisionTo(dir, decision('gr-b'), new Date('2026-06-02T00:00:00Z'));
    await publishDecisionTo(dir, decision('gr-a'), new Date('2026-06-03T00:00:00Z'));
    const entries = await readRegister(dir);
    expect(entries.filter(isDecision).map((e) => [e.decisionId, e.outcome, e.tally.approve])).toEqual([
      ['gr-b', 'approved', 3],
      ['gr-a', 'approved', 3],
    ]);
  });

  it('reads an empty register when nothing has been published', async () => {
    expect(await readRegister(`${freshRegisterDir()}/not-yet`)).toEqual([]);
  });

  it('refuses a record without an id for good, so Temporal does not retry it', async () => {
    const attempt = publishDecisionTo(freshRegisterDir(), { ...decision('x'), decisionId: '' });
    await expect(attempt).rejects.toBeInstanceOf(ApplicationFailure);
    await expect(attempt).rejects.toMatchObject({ type: 'InvalidDecision', nonRetryable: true });
  });
});
