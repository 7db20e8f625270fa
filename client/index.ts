/** The public client library: a typed client and its errors. Workflow code is not exported. */
export { GovernanceClient } from './governanceClient';
export type {
  Agenda,
  BoardCommandName,
  BoardCommandPayload,
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
export type { InitiativeClient, InitiativePayload } from './initiativeClient';
export type { InitiativeView } from '../machines/initiativeView';
export type { HarmWatchView } from '../machines/harmWatchView';
export type { BoardView } from '../machines/boardView';
export type { ProductView } from '../machines/productView';
export type { MeetingView } from '../machines/meetingView';
export { CommandRefused, GovernanceError, InvalidCommand, NotFound, OutcomeUnknown } from './errors';
export type { GateReviewView } from '../machines/gateReviewView';
export type { DecisionRecord } from '../machines/gateReviewRules';
export type { gateReview } from '../workflows/gateReview';
export type { productBoard } from '../workflows/productBoard';
export type { product } from '../workflows/product';
export type { boardMeeting } from '../workflows/boardMeeting';
export type { harmWatch } from '../workflows/harmWatch';
export type { initiativeBoard } from '../workflows/initiativeBoard';
