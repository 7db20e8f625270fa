/** Every workflow type the worker registers. */
export { gateReview } from './gateReview';
