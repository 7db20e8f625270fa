import { describe, expect, it } from 'vitest';
import { DAY, HOUR, delayUntil, later } from '../../../machines/kernel/clock';

describe('clock', () => {
  it('counts a day as 24 hours', () => expect(DAY).toBe(24 * HOUR));

  it('waits until a due time and not at all once it has passed', () => {
    expect(delayUntil('2027-03-01T12:00:00Z', '2027-03-01T10:00:00Z')).toBe(2 * HOUR);
    expect(delayUntil('2027-03-01T10:00:00Z', '2027-03-01T12:00:00Z')).toBe(0);
  });

  it('picks the later instant, whatever the offsets they are written in', () => {
    expect(later('2027-03-01T10:00:00Z', '2027-03-01T12:00:00+01:00')).toBe('2027-03-01T12:00:00+01:00');
    expect(later('2027-03-01T12:00:00Z', '2027-03-01T12:00:00+01:00')).toBe('2027-03-01T12:00:00Z');
    expect(later('2027-03-01T12:00:00Z')).toBe('2027-03-01T12:00:00Z');
  });
});
