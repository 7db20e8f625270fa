/** The messages a meeting answers, importable by clients without loading workflow code. */
import { defineQuery } from '@temporalio/workflow';
import { meetingPayloads } from '../../machines/boardMeeting/machine';
import type { MeetingView } from '../../machines/boardMeeting/view';
import { commandsFor, type Receipt } from '../host/commands';

export const recordAttendance = commandsFor<Receipt>()('recordAttendance', 'attendance.recorded', meetingPayloads['attendance.recorded']);

export const meetingCommands = [recordAttendance] as const;

export const meetingStatusQuery = defineQuery<MeetingView>('status');

export const meetingWorkflowType = 'boardMeeting';
