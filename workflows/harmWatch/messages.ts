/** The messages a harm watch answers, importable by clients without loading workflow code. */
import { defineQuery } from '@temporalio/workflow';
import { harmWatchPayloads } from '../../machines/harmWatch/schema';
import type { HarmWatchView } from '../../machines/harmWatch/view';
import { commandsFor, type Receipt } from '../host/commands';

const command = commandsFor<Receipt>();

export const reportHarm = command('reportHarm', 'harm.reported', harmWatchPayloads['harm.reported']);
export const triageHarm = command('triageHarm', 'harm.triaged', harmWatchPayloads['harm.triaged']);
export const completeAction = command('completeAction', 'action.completed', harmWatchPayloads['action.completed']);
export const recordReview = command('recordReview', 'review.recorded', harmWatchPayloads['review.recorded']);
/** Sent by the product process when a board decision changes the product's life. */
export const lifecycleChanged = command('lifecycleChanged', 'lifecycle.changed', harmWatchPayloads['lifecycle.changed'], { senders: 'processes' });

export const flagHarm = command('flagHarm', 'harm.flagged', harmWatchPayloads['harm.flagged']);
export const moderateHarm = command('moderateHarm', 'harm.moderated', harmWatchPayloads['harm.moderated']);

export const harmWatchCommands = [reportHarm, triageHarm, completeAction, recordReview, flagHarm, moderateHarm, lifecycleChanged] as const;

/** The public's view: a report hidden, merged or removed by moderation shows only the words that say so. */
export const harmWatchStatusQuery = defineQuery<HarmWatchView>('status');
/** The product board's view, every report in full: asked by a door that has checked the reader sits on the board. */
export const harmWatchBoardStatusQuery = defineQuery<HarmWatchView>('boardStatus');

export const harmWatchWorkflowType = 'harmWatch';
