/** One board meeting as a durable process: the meeting machine, run by the host. */
import { meetingMachine, type MeetingInput, type MinutesRecord } from '../../machines/boardMeeting/machine';
import { explainMeetingRefusal, meetingView, type MeetingView } from '../../machines/boardMeeting/view';
import { activityOptions } from '../activityOptions';
import { runProcess } from '../host/runProcess';
import type { Trust } from '../host/trust';
import type { ProcessDefinition } from '../host/processDefinition';
import { meetingCommands, meetingStatusQuery } from './messages';
import { meetingSearchAttributes } from '../searchAttributes';
import { MINUTES_TO_SUBSCRIBERS_PATCH } from '../patches';

export const meetingProcess: ProcessDefinition<typeof meetingMachine, MeetingInput, MeetingView> = {
  noun: 'meeting',
  machine: meetingMachine,
  open: (args, now, { patched }) =>
    args?.meeting?.meetingId
      ? { input: { ...args, openedAt: now.toISOString(), notices: patched?.(MINUTES_TO_SUBSCRIBERS_PATCH) ?? false } }
      : { refusal: 'A meeting needs its date and agenda.' },
  commands: meetingCommands,
  explainRefusal: explainMeetingRefusal,
  statusQuery: meetingStatusQuery,
  view: meetingView,
  searchAttributes: (snapshot) => meetingSearchAttributes(snapshot.context.boardId, String(snapshot.value)),
  activities: { notify: activityOptions.notify, publishDecision: activityOptions.publishDecision },
};

/** Runs one meeting from its papers deadline until its minutes are published. */
export async function boardMeeting(input: MeetingInput, trust?: Trust): Promise<MinutesRecord> {
  return runProcess(meetingProcess, input, trust);
}
