/** A day typed in a form, read in the reader's time zone: the deadline a written procedure gets. */
import { describe, expect, it } from 'vitest';
import { hourOnDay } from '../../../server/portal/dates';

describe('hourOnDay', () => {
  it('reads the hour where the person lives, in winter and in summer', () => {
    expect(hourOnDay('2027-01-20', 17, 'Europe/London')).toBe('2027-01-20T17:00:00.000Z');
    expect(hourOnDay('2027-07-20', 17, 'Europe/London')).toBe('2027-07-20T16:00:00.000Z');
    expect(hourOnDay('2027-07-20', 17, 'America/New_York')).toBe('2027-07-20T21:00:00.000Z');
    expect(hourOnDay(' 2027-01-20 ', 17, 'UTC')).toBe('2027-01-20T17:00:00.000Z');
  });

  it('gives nothing for what is not a day', () => {
    for (const typed of ['', 'next week', '20/01/2027', '2027-02-30', '2027-13-01']) expect(hourOnDay(typed, 17, 'Europe/London')).toBeUndefined();
  });
});
