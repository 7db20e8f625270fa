/**
 * The messages a board process answers, importable by clients without
 * loading workflow code. Update and Signal share each name.
 */
import { defineQuery } from '@temporalio/workflow';
import { boardPayloads } from '../../machines/productBoard/schema';
import type { BoardView } from '../../machines/productBoard/view';
import { commandsFor, type Receipt } from '../host/commands';

const command = commandsFor<Receipt>();

export const appointMember = command('appointMember', 'member.appointed', boardPayloads['member.appointed']);
export const removeMember = command('removeMember', 'member.removed', boardPayloads['member.removed']);
export const appointChair = command('appointChair', 'chair.appointed', boardPayloads['chair.appointed']);
export const changePolicy = command('changePolicy', 'policy.changed', boardPayloads['policy.changed']);
export const adoptPrinciple = command('adoptPrinciple', 'principle.adopted', boardPayloads['principle.adopted']);
/** Sent by the initiative board's process when one of its governance decisions changes this board's policy. */
export const amendPolicy = command('amendPolicy', 'policy.amended', boardPayloads['policy.amended'], { senders: 'processes' });
/** Sent by the initiative board's process when its decisions change the guiding principles. */
export const setGuidingPrinciples = command('setGuidingPrinciples', 'principles.guidingSet', boardPayloads['principles.guidingSet'], { senders: 'processes' });
export const subscribe = command('subscribe', 'subscriber.added', boardPayloads['subscriber.added']);
export const unsubscribe = command('unsubscribe', 'subscriber.removed', boardPayloads['subscriber.removed']);
export const pauseMeetings = command('pauseMeetings', 'meetings.paused', boardPayloads['meetings.paused']);
export const resumeMeetings = command('resumeMeetings', 'meetings.resumed', boardPayloads['meetings.resumed']);
export const callMeeting = command('callMeeting', 'meeting.called', boardPayloads['meeting.called']);
export const registerProduct = command('registerProduct', 'product.registered', boardPayloads['product.registered']);
/** Sent by a product process (through an activity), not by people. */
export const placeItem = command('placeItem', 'item.placed', boardPayloads['item.placed'], { senders: 'processes' });

export const boardCommands = [
  appointMember,
  removeMember,
  appointChair,
  changePolicy,
  amendPolicy,
  adoptPrinciple,
  setGuidingPrinciples,
  subscribe,
  unsubscribe,
  pauseMeetings,
  resumeMeetings,
  callMeeting,
  registerProduct,
  placeItem,
] as const;

export const boardStatusQuery = defineQuery<BoardView>('status');

export const boardWorkflowType = 'productBoard';
