/** When digests go, from a clock the test sets: pure, no server. Expected instants are written out by hand in UTC. */
import { describe, expect, it } from 'vitest';
import { digestTimeAfter, dueDigests, type Waiting } from '../../mail/digestSchedule';

const at = (iso: string) => new Date(iso);

describe('digest times', () => {
  it.each([
    ['daily', 'Europe/London', '2027-01-12T07:59:59Z', '2027-01-12T08:00:00.000Z'],
    ['daily', 'Europe/London', '2027-01-12T08:00:00Z', '2027-01-13T08:00:00.000Z'],
    // British Summer Time: 08:00 in London is 07:00 UTC.
    ['daily', 'Europe/London', '2027-07-12T06:30:00Z', '2027-07-12T07:00:00.000Z'],
    ['daily', 'America/New_York', '2027-01-12T12:00:00Z', '2027-01-12T13:00:00.000Z'],
    ['daily', 'Asia/Kolkata', '2027-01-12T03:00:00Z', '2027-01-13T02:30:00.000Z'],
    // Tuesday 12 January 2027 → Monday 18 January; a Monday before 08:00 → that Monday.
    ['weekly', 'Europe/London', '2027-01-12T10:00:00Z', '2027-01-18T08:00:00.000Z'],
    ['weekly', 'Europe/London', '2027-01-18T07:00:00Z', '2027-01-18T08:00:00.000Z'],
    ['weekly', 'Europe/London', '2027-01-18T08:00:00Z', '2027-01-25T08:00:00.000Z'],
    // The Sunday the clocks go forward (28 March 2027): the Monday after is in summer time.
    ['weekly', 'Europe/London', '2027-03-28T12:00:00Z', '2027-03-29T07:00:00.000Z'],
    // Late on Sunday in New York is already Monday in UTC: still the coming Monday, New York time.
    ['weekly', 'America/New_York', '2027-01-18T03:00:00Z', '2027-01-18T13:00:00.000Z'],
  ] as const)('%s in %s after %s is %s', (kind, zone, after, expected) => {
    expect(digestTimeAfter(kind, zone, at(after)).toISOString()).toBe(expected);
  });
});

describe('digests due', () => {
  const waiting = (noticeId: string, personId: string, boardId: string, kind: Waiting['kind'], createdAt: string, timeZone = 'Europe/London'): Waiting => ({
    noticeId,
    personId,
    boardId,
    kind,
    timeZone,
    createdAt: at(createdAt),
  });
  const list = [
    waiting('1', 'ada', 'product-board', 'daily', '2027-01-11T20:00:00Z'),
    waiting('2', 'ada', 'product-board', 'daily', '2027-01-12T07:59:00Z'),
    waiting('3', 'ada', 'product-board', 'daily', '2027-01-12T08:01:00Z'),
    waiting('4', 'ada', 'initiative-board', 'daily', '2027-01-12T06:00:00Z'),
    waiting('5', 'ben', 'product-board', 'weekly', '2027-01-12T06:00:00Z'),
    waiting('6', 'chen', 'product-board', 'daily', '2027-01-12T06:30:00Z', 'America/New_York'),
  ];

  it('groups each person’s notices per board into one digest once its time has come', () => {
    expect(dueDigests(list, at('2027-01-12T07:59:59Z'))).toEqual([]);
    expect(dueDigests(list, at('2027-01-12T08:00:00Z'))).toEqual([
      { personId: 'ada', boardId: 'initiative-board', kind: 'daily', at: at('2027-01-12T08:00:00Z'), noticeIds: ['4'] },
      { personId: 'ada', boardId: 'product-board', kind: 'daily', at: at('2027-01-12T08:00:00Z'), noticeIds: ['1', '2'] },
    ].sort((a, b) => (a.noticeIds[0]! < b.noticeIds[0]! ? -1 : 1)));
  });

  it('sends one digest, not several, for notices whose times passed while no worker ran', () => {
    const due = dueDigests(list, at('2027-01-20T12:00:00Z'));
    expect(due.find((d) => d.personId === 'ada' && d.boardId === 'product-board')).toEqual({
      personId: 'ada',
      boardId: 'product-board',
      kind: 'daily',
      at: at('2027-01-13T08:00:00Z'),
      noticeIds: ['1', '2', '3'],
    });
    expect(due.find((d) => d.personId === 'ben')).toMatchObject({ kind: 'weekly', at: at('2027-01-18T08:00:00Z'), noticeIds: ['5'] });
    expect(due.find((d) => d.personId === 'chen')).toMatchObject({ at: at('2027-01-12T13:00:00Z'), noticeIds: ['6'] });
    expect(due).toHaveLength(4);
  });
});
