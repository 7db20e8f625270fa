/** Every workflow type the worker registers. */
export { gateReview } from './gateReview';
export { productBoard } from './productBoard';
export { product } from './product';
export { boardMeeting } from './boardMeeting';
export { harmWatch } from './harmWatch';
export { initiativeBoard } from './initiativeBoard';
