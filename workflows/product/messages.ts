/** The messages a product process answers, importable by clients without loading workflow code. */
import { defineQuery } from '@temporalio/workflow';
import { productPayloads } from '../../machines/product/schema';
import type { ProductView } from '../../machines/product/view';
import { commandsFor, type Receipt } from '../host/commands';

const command = commandsFor<Receipt>();

/** Sent by the secretariat or the chair; and by a harm watch, in its chair's name, to suspend a product for a serious harm. */
export const requestGate = command('requestGate', 'gate.requested', productPayloads['gate.requested'], { senders: 'peopleAndProcesses' });
export const closeCondition = command('closeCondition', 'condition.closed', productPayloads['condition.closed']);

export const productCommands = [requestGate, closeCondition] as const;

export const productStatusQuery = defineQuery<ProductView>('status');

export const productWorkflowType = 'product';
