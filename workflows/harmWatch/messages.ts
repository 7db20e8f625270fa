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

export const harmWatchCommands = [reportHarm, triageHarm, completeAction, recordReview, lifecycleChanged] as const;

export const harmWatchStatusQuery = defineQuery<HarmWatchView>('status');

export const harmWatchWorkflowType = 'harmWatch';
