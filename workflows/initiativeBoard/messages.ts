/**
 * The messages an initiative board answers, importable by clients without
 * loading workflow code. Update and Signal share each name.
 */
import { defineQuery } from '@temporalio/workflow';
import { initiativePayloads } from '../../machines/initiativeBoard/schema';
import type { InitiativeView } from '../../machines/initiativeBoard/view';
import { commandsFor, type Receipt } from '../host/commands';

const command = commandsFor<Receipt>();

export const submitItem = command('submitItem', 'submission.made', initiativePayloads['submission.made']);
export const triageSubmission = command('triageSubmission', 'submission.triaged', initiativePayloads['submission.triaged']);
export const flagSubmission = command('flagSubmission', 'submission.flagged', initiativePayloads['submission.flagged']);
export const moderateSubmission = command('moderateSubmission', 'submission.moderated', initiativePayloads['submission.moderated']);
export const proposeItem = command('proposeItem', 'item.proposed', initiativePayloads['item.proposed']);
export const declareInterest = command('declareInterest', 'interest.declared', initiativePayloads['interest.declared']);
export const castVote = command('castVote', 'vote.cast', initiativePayloads['vote.cast']);
export const changeVote = command('changeVote', 'vote.changed', initiativePayloads['vote.changed']);
export const castCastingVote = command('castCastingVote', 'castingVote.cast', initiativePayloads['castingVote.cast']);
export const recordAttendance = command('recordAttendance', 'attendance.recorded', initiativePayloads['attendance.recorded']);
export const commissionResearch = command('commissionResearch', 'research.commissioned', initiativePayloads['research.commissioned']);
export const reportResearch = command('reportResearch', 'research.reported', initiativePayloads['research.reported']);
export const recordAction = command('recordAction', 'action.recorded', initiativePayloads['action.recorded']);
export const completeAction = command('completeAction', 'action.completed', initiativePayloads['action.completed']);
export const recordKpiProgress = command('recordKpiProgress', 'kpi.progressRecorded', initiativePayloads['kpi.progressRecorded']);
export const appointMember = command('appointMember', 'member.appointed', initiativePayloads['member.appointed']);
export const removeMember = command('removeMember', 'member.removed', initiativePayloads['member.removed']);
export const appointChair = command('appointChair', 'chair.appointed', initiativePayloads['chair.appointed']);
export const subscribe = command('subscribe', 'stakeholder.subscribed', initiativePayloads['stakeholder.subscribed']);
export const unsubscribe = command('unsubscribe', 'stakeholder.unsubscribed', initiativePayloads['stakeholder.unsubscribed']);

export const initiativeCommands = [
  submitItem,
  triageSubmission,
  flagSubmission,
  moderateSubmission,
  proposeItem,
  declareInterest,
  castVote,
  changeVote,
  castCastingVote,
  recordAttendance,
  commissionResearch,
  reportResearch,
  recordAction,
  completeAction,
  recordKpiProgress,
  appointMember,
  removeMember,
  appointChair,
  subscribe,
  unsubscribe,
] as const;

export type InitiativeCommandName = (typeof initiativeCommands)[number]['name'];

export const initiativeStatusQuery = defineQuery<InitiativeView>('status');
/** The view as the person named (the one a door signed in) may see it, as the gate review's `statusForQuery`. */
export const initiativeStatusForQuery = defineQuery<InitiativeView, [string]>('statusFor');

export const initiativeWorkflowType = 'initiativeBoard';
