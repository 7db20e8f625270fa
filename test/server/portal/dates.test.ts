/** A day typed in a form, read in the reader's time zone: the deadline a written procedure gets; and the zone a person types. */
import { describe, expect, it } from 'vitest';
import { dayOfParts, hourOnDay, zoneNamed } from '../../../server/portal/dates';

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

describe('dayOfParts', () => {
  it('reads the day, month and year of a date input as year-month-day, a single figure padded', () => {
    expect(dayOfParts('3', '7', '2027')).toBe('2027-07-03');
    expect(dayOfParts(' 20 ', '01', '2027')).toBe('2027-01-20');
  });

  it('gives nothing for a part missing or not a number, and leaves a day that does not exist to hourOnDay', () => {
    for (const [d, m, y] of [['', '1', '2027'], ['20', '', '2027'], ['20', '1', '27'], ['twenty', '1', '2027'], ['20', 'Jan', '2027']] as const) expect(dayOfParts(d, m, y)).toBeUndefined();
    expect(hourOnDay(dayOfParts('30', '2', '2027')!, 17, 'UTC')).toBeUndefined();
  });
});

describe('zoneNamed', () => {
  it('knows a zone by its name in any case, or by a city that names one zone alone', () => {
    expect(zoneNamed('Europe/Paris')).toBe('Europe/Paris');
    expect(zoneNamed(' europe/paris ')).toBe('Europe/Paris');
    expect(zoneNamed('utc')).toBe('UTC');
    expect(zoneNamed('Tokyo')).toBe('Asia/Tokyo');
    expect(zoneNamed('new york')).toBe('America/New_York');
    expect(zoneNamed('  London ')).toBe('Europe/London');
  });

  it('knows nothing of a place that is no zone, an empty answer, or one too long to be a zone', () => {
    for (const typed of ['', '   ', 'Atlantis', 'Europe/Atlantis', 'Paris, France', `Europe/${'x'.repeat(60)}`, '<script>']) expect(zoneNamed(typed)).toBeUndefined();
  });
});
