/** What people see of a meeting. */
import type { MeetingEvent, MeetingSnapshot, MeetingState } from './machine';
import { attendanceRefusal, minutesOf, type MinutesRecord } from './machine';

export function explainMeetingRefusal(snapshot: MeetingSnapshot, event: MeetingEvent): string | undefined {
  if (snapshot.can(event)) return undefined;
  const refusal = attendanceRefusal(snapshot.context, event);
  if (refusal) return refusal;
  const { meeting } = snapshot.context;
  return snapshot.value === 'adjourned' || snapshot.value === 'publishingMinutes'
    ? `The meeting ${meeting.meetingId} ended at ${meeting.endsAt}; attendance can no longer be recorded.`
    : `The meeting ${meeting.meetingId} has not started (it starts at ${meeting.startsAt}); record attendance when it sits.`;
}

export interface MeetingView extends MinutesRecord {
  readonly state: MeetingState;
  readonly papersCirculated?: boolean;
}

export const meetingView = (snapshot: MeetingSnapshot): MeetingView => ({
  ...minutesOf(snapshot.context),
  state: snapshot.value as MeetingState,
  ...(snapshot.context.papersCirculated !== undefined ? { papersCirculated: snapshot.context.papersCirculated } : {}),
});
