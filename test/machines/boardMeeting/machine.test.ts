import { describe, expect, it } from 'vitest';
import { transition } from 'xstate';
import { meetingMachine, type MeetingEvent, type MeetingSnapshot } from '../../../machines/boardMeeting/machine';
import { explainMeetingRefusal, meetingView } from '../../../machines/boardMeeting/view';
import {
  DAY, HOUR, attendance, juneMeeting, meetingEnds, meetingStarts, minutesFailed, minutesPublished, openMeeting, papersFailed, papersSent, run, spawns, timers,
} from '../../support/boardFixtures';

const meeting = (...events: MeetingEvent[]): MeetingSnapshot => run(meetingMachine, openMeeting()[0], ...events);
const sitting = () => meeting(papersSent, meetingStarts);

function refusal(s: MeetingSnapshot, event: MeetingEvent): string | undefined {
  expect(s.can(event)).toBe(false);
  expect(run(meetingMachine, s, event).context).toEqual(s.context);
  return explainMeetingRefusal(s, event);
}

describe('a board meeting', () => {
  it('opens by sending the agenda, papers and self-assessments to every member', () => {
    const [s, actions] = openMeeting();
    expect(s.value).toBe('circulatingPapers');
    const [notify] = spawns(actions);
    expect(notify?.id).toBe('circulatePapers');
    expect(notify?.input).toMatchObject({
      notificationId: `papers-${juneMeeting.meetingId}`,
      to: ['m1', 'm2', 'm3', 'm4', 'm5'],
      subject: `Papers for the product-board meeting on ${juneMeeting.startsAt}`,
      body: expect.stringContaining('- gr-p1-alpha-1: p1, alpha\n  Self-assessment: open: Code and data are published.; Do no harm: A harm review is scheduled.'),
    });
  });

  it('says so when there are no items', () => {
    expect(spawns(openMeeting([])[1])[0]?.input).toMatchObject({ body: expect.stringMatching(/^Agenda:\nNo items\./) });
  });

  it('sets its start and end when convened, so slow papers cannot move the meeting', () => {
    expect(timers(openMeeting()[1])).toEqual([
      { id: 'meetingStarts', delay: 7 * DAY, event: meetingStarts },
      { id: 'meetingEnds', delay: 7 * DAY + 2 * HOUR, event: meetingEnds },
    ]);
  });

  it('waits for the meeting to start once the papers are out, or even if sending them failed', () => {
    const s = meeting(papersSent);
    expect(s.value).toBe('awaitingMeeting');
    expect(meetingView(s).papersCirculated).toBe(true);
    expect(meetingView(meeting(papersFailed))).toMatchObject({ state: 'awaitingMeeting', papersCirculated: false });
  });

  it('sits at its start, even if the papers are still on their way, until its end', () => {
    expect(meeting(papersSent, meetingStarts).value).toBe('inSession');
    expect(meetingView(meeting(meetingStarts))).toMatchObject({ state: 'inSession', papersCirculated: false });
    expect(meeting(papersSent, meetingStarts, meetingEnds).value).toBe('publishingMinutes');
  });

  it('records attendance on the secretariat’s word, once per member', () => {
    const s = run(meetingMachine, sitting(), attendance(['m1', 'm2', 'm2', 'm4']));
    expect(s.context.attendance).toEqual({ present: ['m1', 'm2', 'm4'], recordedBy: 'sec', at: juneMeeting.startsAt });
  });

  it('refuses attendance from anyone but the secretariat, or naming a stranger', () => {
    expect(refusal(sitting(), attendance(['m1'], 'm1'))).toBe('m1 may not record attendance: only the secretariat (sec) may.');
    expect(refusal(sitting(), attendance(['m1', 'x', 'y']))).toBe('x, y are not a member of product-board; attendance was not recorded.');
  });

  it('refuses attendance before the meeting sits and after it ends', () => {
    expect(refusal(meeting(papersSent), attendance(['m1']))).toBe(
      `The meeting ${juneMeeting.meetingId} has not started (it starts at ${juneMeeting.startsAt}); record attendance when it sits.`,
    );
    expect(refusal(meeting(papersSent, meetingStarts, meetingEnds), attendance(['m1']))).toBe(
      `The meeting ${juneMeeting.meetingId} ended at ${juneMeeting.endsAt}; attendance can no longer be recorded.`,
    );
  });

  it('publishes minutes listing attendance, apologies, agenda and composition when it ends', () => {
    const [s, actions] = transition(meetingMachine, run(meetingMachine, sitting(), attendance(['m1', 'm3', 'm4'])), meetingEnds);
    expect(s.value).toBe('publishingMinutes');
    const [publish] = spawns(actions);
    expect(publish?.id).toBe('publishDecision');
    expect(publish?.input).toEqual({
      decisionId: `minutes-${juneMeeting.meetingId}`,
      kind: 'minutes',
      boardId: 'product-board',
      meeting: juneMeeting,
      agenda: [{ itemId: 'gr-p1-alpha-1', productId: 'p1', gate: 'alpha' }],
      attendance: { present: ['m1', 'm3', 'm4'], recordedBy: 'sec', at: juneMeeting.startsAt },
      apologies: ['m2', 'm5'],
      composition: { met: true, unmet: [], filledSeats: 5, seats: 6 },
      compositionSummary: 'Composition policy met (5 of 6 seats filled).',
    });
  });

  it('adjourns with the minutes as output once published, or when publishing failed', () => {
    const ended = meeting(papersSent, meetingStarts, meetingEnds);
    const adjourned = run(meetingMachine, ended, minutesPublished);
    expect(adjourned.value).toBe('adjourned');
    expect(adjourned.output).toMatchObject({ kind: 'minutes', apologies: ['m1', 'm2', 'm3', 'm4', 'm5'] });
    expect(adjourned.output).not.toHaveProperty('attendance');
    expect(run(meetingMachine, ended, minutesFailed).value).toBe('adjourned');
  });
});
