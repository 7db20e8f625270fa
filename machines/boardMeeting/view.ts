/** What people see of a meeting. */
import type { MeetingEvent, MeetingSnapshot, MeetingState } from './machine';
import { attendanceRefusal, minutesOf, type MinutesRecord } from './machine';
import { explainRefusal, type RefusalWords } from '../kernel/admission';

const notStarted = (s: MeetingSnapshot) =>
  `The meeting ${s.context.meeting.meetingId} has not started (it starts at ${s.context.meeting.startsAt}); record attendance when it sits.`;
const ended = (s: MeetingSnapshot) => `The meeting ${s.context.meeting.meetingId} ended at ${s.context.meeting.endsAt}; attendance can no longer be recorded.`;

const words: RefusalWords<MeetingSnapshot, MeetingEvent> = {
  rule: (snapshot, event) => attendanceRefusal(snapshot.context, event),
  ownEvent: (event) => (event.type === 'attendance.recorded' ? undefined : `${event.type} is raised by the meeting itself.`),
  states: {
    circulatingPapers: notStarted,
    awaitingMeeting: notStarted,
    publishingMinutes: ended,
    adjourned: ended,
  } satisfies Partial<Record<MeetingState, typeof ended>>,
  otherwise: (snapshot, event) => `The meeting ${snapshot.context.meeting.meetingId} cannot take ${event.type} now.`,
};

export const explainMeetingRefusal = (snapshot: MeetingSnapshot, event: MeetingEvent): string | undefined => explainRefusal(snapshot, event, words);

export interface MeetingView extends MinutesRecord {
  readonly state: MeetingState;
  readonly papersCirculated?: boolean;
}

/** The minutes as anyone may read them: who they are sent to stays with the meeting. */
const publicMinutes = (snapshot: MeetingSnapshot): MinutesRecord => {
  const { notify: _notify, ...minutes } = minutesOf(snapshot.context);
  return minutes;
};

export const meetingView = (snapshot: MeetingSnapshot): MeetingView => ({
  ...publicMinutes(snapshot),
  state: snapshot.value as MeetingState,
  ...(snapshot.context.papersCirculated !== undefined ? { papersCirculated: snapshot.context.papersCirculated } : {}),
});
