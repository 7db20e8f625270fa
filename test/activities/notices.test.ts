import { describe, expect, it } from 'vitest';
import { noticeOf } from '../../activities/notices';
import type { PublishedRecord } from '../../activities/decisionRegister';
import { minutesOf } from '../../machines/boardMeeting/machine';
import { fillDates } from '../../mail/dates';
import { harmWatchMachine } from '../../machines/harmWatch/machine';
import { run } from '../support/boardFixtures';
import { meetingInput, placement } from '../support/boardFixtures';
import { DAY, at, evidenceGathered, hw, openWatch, reviewDue } from '../support/harmWatchFixtures';

// Only the fields a notice reads; the rest of a record does not change what people are told.
const minutes = { kind: 'initiativeMinutes', decisionId: 'initiative-board-M1', boardId: 'initiative-board', meeting: { startsAt: '2027-03-01T10:00:00Z' }, items: [], compositionSummary: 'Composition met.' } as unknown as PublishedRecord;
const decision = { kind: 'initiativeDecision', decisionId: 'initiative-board-I1', boardId: 'initiative-board', outcome: 'approved', title: 'Revise good data', explanation: 'Passed 7 to 0.' } as unknown as PublishedRecord;

/** What a reader in London gets: the notice's dates written in words. */
const read = (record: PublishedRecord) => {
  const n = noticeOf(record);
  return { subject: fillDates(n.subject, n.dates), body: fillDates(n.body, n.dates), boardId: n.boardId };
};

describe('notices', () => {
  it('points initiative board subscribers to a govern command that exists', () => {
    for (const record of [minutes, decision]) {
      expect(noticeOf(record).body).toContain('govern initiative minutes');
      expect(noticeOf(record).body).not.toContain('--board');
    }
  });

  it('refuses to word a record of a kind it does not know, rather than send a generic line', () => {
    const unknown = { kind: 'somethingNew', decisionId: 'x-1' } as unknown as PublishedRecord;
    expect(() => noticeOf(unknown)).toThrow('No notice words for a published record of kind "somethingNew" (x-1)');
  });
});

describe('the product board minutes notice', () => {
  // The June meeting (10 June 2026, 14:00 UTC): a fresh item and one carried over from a deferral, two of five members away.
  const agenda = [placement('gr-p1-alpha-2', 'alpha').item, placement('gr-p2-beta-3', 'beta', { productId: 'p2', carriedOverFrom: 'gr-p2-beta-1' }).item];
  const input = meetingInput(agenda);
  const record = minutesOf({ ...input, attendance: { present: ['m1', 'm2', 'm3'], recordedBy: 'sec', at: input.meeting.startsAt } });

  it('says when the board met, what was on its agenda and where each decision is, who came, and where to read the minutes', () => {
    expect(read(record)).toEqual({
      subject: 'Minutes of the product-board meeting on Wednesday 10 June 2026, 3 pm UK time',
      body: [
        'The product-board met on Wednesday 10 June 2026, 3 pm UK time.',
        'On the agenda:',
        '- p1: the alpha gate (item gr-p1-alpha-2); its decision: govern register --product p1',
        '- p2: the beta gate (item gr-p2-beta-3, carried over from item gr-p2-beta-1); its decision: govern register --product p2',
        'Each item is decided in its own review as the meeting ends; its decision, with the votes and reasons, is published and sent to you on its own.',
        'Present: 3 members (m1, m2, m3). Apologies: 2 members (m4, m5).',
        record.compositionSummary,
        `Read the minutes in the register: govern register (entry minutes-product-board-2026-06-10), or the meeting: govern meeting product-board-2026-06-10`,
      ].join('\n'),
      boardId: 'product-board',
    });
    expect(record.compositionSummary).toMatch(/^(Composition policy met|Below its composition policy)/);
  });

  it('says so when there were no items and attendance was not recorded', () => {
    const { body } = read(minutesOf(meetingInput([])));
    expect(body.split('\n').slice(1, 3)).toEqual(['There were no items on the agenda.', 'Attendance was not recorded.']);
  });

  it('is not the generic line a record without words of its own once got', () => {
    expect(noticeOf(record).subject).not.toMatch(/^Published/);
    expect(noticeOf(record).body).not.toBe('Read it in the register: govern register');
  });
});

describe('the benefit and harm review notice', () => {
  const reviewed = (worst: Parameters<typeof hw.record>[0], extra: Parameters<typeof hw.record>[2] = {}, time = at(35 * DAY)) =>
    run(harmWatchMachine, run(harmWatchMachine, openWatch(), hw.report('harm-p1-R1'), hw.triage('harm-p1-R1', 'low'), reviewDue, evidenceGathered()), hw.record(worst, time, extra)).context.pendingRecord!;

  it('names the product, the benefits and harms with the worst one’s severity, what happens next and where to read it', () => {
    expect(read(reviewed('medium', { harms: ['Rents a year old in one area'], summary: 'Refresh the data' }))).toEqual({
      subject: 'Benefit and harm review of P1: worst harm medium',
      body: [
        'P1 has had its benefit and harm review, recorded on Monday 6 July 2026, 10 am UK time.',
        'Benefits found:',
        '- Claims take half the time',
        'Harms found (the worst rated medium):',
        '- Rents a year old in one area',
        "The reviewer's summary: Refresh the data",
        'Harm reports it took up:',
        '- Harm harm-p1-R1: users misled by the eligibility checker (report harm-p1-R1)',
        'What happens next: The worst harm found is medium: it calls for an action plan with an owner and a due date, which the secretariat follows up.',
        'Read the whole review, with its evidence, in the register: govern register --product p1',
        "See the product's next review and open harm reports: govern harm watch --product p1",
        'Reference: review-p1-1.',
      ].join('\n'),
      boardId: 'product-board',
    });
  });

  it('says what follows each worst harm: nothing more, the next review, an action plan, or the board at once', () => {
    const next = (record: PublishedRecord) => noticeOf(record).body.split('\n').find((l) => l.startsWith('What happens next: '));
    expect(noticeOf(reviewed('none')).subject).toBe('Benefit and harm review of P1: no harm found');
    expect(noticeOf(reviewed('none')).body).toContain('\nNo harms were found.\n');
    expect(next(reviewed('none'))).toBe('What happens next: No harm was found. The product stays live, and its next review follows on its date.');
    expect(next(reviewed('low'))).toBe('What happens next: The worst harm found is low: it is looked at again in the next review.');
    expect(next(reviewed('high'))).toBe(
      'What happens next: The worst harm found is high, so it goes to the product board at once: the board decides by written procedure whether to suspend the product until a reinstatement decision. The initiative board is told too.',
    );
    expect(next(reviewed('critical', { remedy: 'rollback' }))).toBe(
      'What happens next: The worst harm found is critical, so it goes to the product board at once: the board decides by written procedure whether to roll it back to the version before its latest change, keeping it live. The initiative board is told too.',
    );
  });

  it('says a review recorded after its deadline was late', () => {
    expect(read(reviewed('none', {}, at(45 * DAY))).body.split('\n')[0]).toBe(
      'P1 has had its benefit and harm review, recorded on Thursday 16 July 2026, 10 am UK time, after its deadline of Wednesday 15 July 2026, 10 am UK time.',
    );
  });
});
