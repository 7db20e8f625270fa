/** The public client library: a typed client and its errors. Workflow code is not exported. */
export { GovernanceClient } from './governanceClient';
export type {
  Agenda,
  BoardCommandName,
  BoardCommandPayload,
  BoardRecovery,
  CommandName,
  CommandPayload,
  DueReview,
  GateReviewRequestInput,
  HarmWatchCommandName,
  HarmWatchPayload,
  ProductCommandName,
  ProductCommandPayload,
  ReviewSummary,
} from './governanceClient';
export type { Delivery } from './processes';
export type { InitiativeClient, InitiativePayload, InitiativeRecovery } from './initiativeClient';
export { ProcessStopped } from './recovery';
export type { Recovery, StoppedRun } from './recovery';
export type { InitiativeView } from '../machines/initiativeBoard/view';
export type { HarmWatchView } from '../machines/harmWatch/view';
export type { BoardView } from '../machines/productBoard/view';
export type { ProductView } from '../machines/product/view';
export type { MeetingView } from '../machines/boardMeeting/view';
export { CommandRefused, GovernanceError, InvalidCommand, isTransient, NotFound, OutcomeUnknown, Unavailable } from './errors';
export type { GateReviewView } from '../machines/gateReview/view';
export type { DecisionRecord } from '../machines/gateReview/rules';
export type { gateReview } from '../workflows/gateReview/workflow';
export type { productBoard } from '../workflows/productBoard/workflow';
export type { product } from '../workflows/product/workflow';
export type { boardMeeting } from '../workflows/boardMeeting/workflow';
export type { harmWatch } from '../workflows/harmWatch/workflow';
export type { initiativeBoard } from '../workflows/initiativeBoard/workflow';
