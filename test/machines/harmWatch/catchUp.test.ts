/**
 * A review whose date fell while no worker ran begins when the host fires its
 * timer, stamped with the time: it keeps the due date its schedule gives, and
 * its reminder and deadline fall on their dates rather than late by the outage.
 */
import { describe, expect, it } from 'vitest';
import type { HarmWatchEvent } from '../../../machines/harmWatch/machine';
import { addDays, defaultHarmPolicy } from '../../../machines/harmWatch/policy';
import { timers } from '../../support/boardFixtures';
import { REVIEW_TIMER, at, evidenceGathered, openWatch, step } from '../../support/harmWatchFixtures';

const reviewFired = (when?: string) => ({ type: REVIEW_TIMER, ...(when ? { at: when } : {}) }) as unknown as HarmWatchEvent;
const DAY = 86_400_000;

describe('a review that fell due during an outage', () => {
  it('sets the review’s reminder and deadline from when the watch caught up, on the dates its schedule gives', () => {
    const scheduled = at(30 * DAY);
    const caughtUp = addDays(scheduled, 4);
    const [gathering] = step(openWatch(), reviewFired(caughtUp));
    const dueAt = addDays(scheduled, defaultHarmPolicy.reviewDueDays);
    expect(gathering.context.current).toMatchObject({ scheduledFor: scheduled, dueAt });
    const [, actions] = step(gathering, evidenceGathered());
    expect(timers(actions).find((t) => t.id === 'reviewOverdue')?.delay).toBe(Date.parse(dueAt) - Date.parse(caughtUp));
    expect(timers(actions).find((t) => t.id === 'reviewReminder')?.delay).toBe(Date.parse(dueAt) - defaultHarmPolicy.reviewReminderDays * DAY - Date.parse(caughtUp));
  });

  it('flags the review overdue at once when the outage outlasted its due date', () => {
    const scheduled = at(30 * DAY);
    const [gathering] = step(openWatch(), reviewFired(addDays(scheduled, 20)));
    const [, actions] = step(gathering, evidenceGathered());
    expect(timers(actions).find((t) => t.id === 'reviewOverdue')?.delay).toBe(0);
    expect(timers(actions).find((t) => t.id === 'reviewReminder')).toBeUndefined();
  });

  it('keeps the schedule when the timer fires on time, stamped or not', () => {
    const scheduled = at(30 * DAY);
    for (const event of [reviewFired(scheduled), reviewFired()]) {
      const [gathering] = step(openWatch(), event);
      expect(gathering.context.current).toMatchObject({ scheduledFor: scheduled, dueAt: addDays(scheduled, defaultHarmPolicy.reviewDueDays) });
    }
  });
});
