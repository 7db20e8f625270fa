/** Every workflow type the worker registers. */
export { gateReview } from './gateReview/workflow';
export { productBoard } from './productBoard/workflow';
export { product } from './product/workflow';
export { boardMeeting } from './boardMeeting/workflow';
export { harmWatch } from './harmWatch/workflow';
export { initiativeBoard } from './initiativeBoard/workflow';
