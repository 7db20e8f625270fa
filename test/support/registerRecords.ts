/** Real register records for store and activity tests, made by the machines rather than written out by hand. */
import { initialTransition, transition } from 'xstate';
import { gateReviewMachine } from '../../machines/gateReview/machine';
import type { DecisionRecord } from '../../machines/gateReview/rules';
import { T0, events, parsedRequest } from './gateReviews';

/** A gate review decided 3 to 1: approved. */
export function decision(reviewId: string): DecisionRecord {
  const [opened] = initialTransition(gateReviewMachine, { request: parsedRequest({ reviewId }), openedAt: T0 });
  const closed = [events.vote('m1', 'approve'), events.vote('m2', 'approve'), events.vote('m3', 'approve'), events.vote('m4', 'reject'), events.close()].reduce(
    (s, e) => transition(gateReviewMachine, s, e)[0],
    opened,
  );
  return closed.context.decision!;
}
