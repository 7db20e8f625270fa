/**
 * What a meeting says in words: its papers notice, its minutes and its refusals, down to the separators a
 * reader relies on (each item on its own line, each secretary named), for the cases the other tests do not reach.
 */
import { describe, expect, it } from 'vitest';
import { initialTransition } from 'xstate';
import { attendanceRefusal, meetingMachine, minutesOf, type MeetingEvent } from '../../../machines/boardMeeting/machine';
import { explainMeetingRefusal, meetingView } from '../../../machines/boardMeeting/view';
import { at, DAY, meetingEnds, meetingInput, meetingStarts, openMeeting, papersSent, placement, run, spawns } from '../../support/boardFixtures';

const attend = (by: string, present: string[]): MeetingEvent => ({ type: 'attendance.recorded', by, present, at: at(8 * DAY) });

describe('a meeting in words', () => {
  it('lists each item of its papers on a line of its own, with its papers and "none" for a missing self-assessment', () => {
    const agenda = [
      placement('gr-p1-alpha-1', 'alpha', { papers: ['https://example.org/a', 'https://example.org/b'], selfAssessment: [] }).item,
      placement('gr-p2-beta-1', 'beta', { productId: 'p2', papers: [], selfAssessment: [] }).item,
    ];
    const body = (spawns(openMeeting(agenda)[1])[0]?.input as { body: string }).body;
    expect(body).toContain(
      'Agenda:\n- gr-p1-alpha-1: p1, alpha (papers: https://example.org/a https://example.org/b)\n  Self-assessment: none\n- gr-p2-beta-1: p2, beta\n  Self-assessment: none\n\n',
    );
  });

  it('keeps in its minutes where a carried-over item came from', () => {
    const agenda = [placement('gr-p1-alpha-2', 'alpha', { carriedOverFrom: 'product-board-2026-05-10' }).item, placement('gr-p1-beta-1', 'beta').item];
    const s = run(meetingMachine, openMeeting(agenda)[0], papersSent, meetingStarts, meetingEnds);
    expect(minutesOf(s.context).agenda).toStrictEqual([
      { itemId: 'gr-p1-alpha-2', productId: 'p1', gate: 'alpha', carriedOverFrom: 'product-board-2026-05-10' },
      { itemId: 'gr-p1-beta-1', productId: 'p1', gate: 'beta' },
    ]);
  });

  it('names every secretary, separated, when it refuses attendance from someone else', () => {
    const input = meetingInput();
    const s = run(meetingMachine, initialTransition(meetingMachine, { ...input, roster: { ...input.roster, secretariat: ['sec', 'sec2'] } })[0], papersSent, meetingStarts);
    expect(explainMeetingRefusal(s, attend('m1', ['m1']))).toBe('m1 may not record attendance: only the secretariat (sec, sec2) may.');
  });

  it('says "is" of one stranger named present and "are" of two', () => {
    const s = run(meetingMachine, openMeeting()[0], papersSent, meetingStarts);
    expect(explainMeetingRefusal(s, attend('sec', ['m1', 'x1']))).toBe('x1 is not a member of product-board; attendance was not recorded.');
    expect(explainMeetingRefusal(s, attend('sec', ['x1', 'm1', 'x2']))).toBe('x1, x2 are not a member of product-board; attendance was not recorded.');
  });

  it("says a clock event is the meeting's own, in the rule as in the explanation", () => {
    const s = openMeeting()[0];
    expect(attendanceRefusal(s.context, meetingEnds)).toBe('meeting.ended is raised by the meeting itself.');
    // Not yet sitting: the meeting would otherwise say it has not started, which is not why.
    expect(explainMeetingRefusal(s, meetingEnds)).toBe('meeting.ended is raised by the meeting itself.');
  });

  it('shows whether its papers went out only once it knows', () => {
    expect(Object.keys(meetingView(openMeeting()[0]))).not.toContain('papersCirculated');
    expect(meetingView(run(meetingMachine, openMeeting()[0], papersSent))).toMatchObject({ papersCirculated: true });
  });
});
