/** The public client library: a typed client and its errors. Workflow code is not exported. */
export { GovernanceClient } from './governanceClient';
export type { CommandName, CommandPayload, Delivery, GateReviewRequestInput, ReviewSummary } from './governanceClient';
export { CommandRefused, GovernanceError, InvalidCommand, NotFound } from './errors';
export type { GateReviewView } from '../machines/gateReviewView';
export type { DecisionRecord } from '../machines/gateReviewRules';
export type { gateReview } from '../workflows/gateReview';
