/**
 * The product board's part of the table, in the order the help lists it within each role group.
 */
import * as account from './accountCommands';
import * as board from './boardCommands';
import * as harms from './harmCommands';
import * as mail from './mailCommands';
import * as products from './productCommands';
import * as records from './recordCommands';
import * as register from './registerCommands';
import * as reviews from './reviewCommands';
import type { Section } from './table';

/** The product board's commands: `govern board …`, products, gate reviews, meetings, harms. */
export const productBoardCommands: Section = {
  prefix: [],
  groups: ['Secretariat', 'Board members', 'Anyone', 'Operators'],
  commands: [
    // Secretariat
    board.boardOpen,
    board.boardRecover,
    board.boardAppoint,
    board.boardRemove,
    board.boardChair,
    board.boardPolicy,
    board.boardPrinciple,
    board.boardPause,
    board.boardResume,
    board.boardCallMeeting,
    products.productRegister,
    products.request,
    products.conditionClose,
    records.attendance,
    reviews.assessmentReport,
    reviews.close,
    reviews.publishAgain,
    harms.harmTriage,
    harms.harmDone,
    harms.harmModerate,
    mail.personSet,
    // Board members
    reviews.vote,
    reviews.interest,
    reviews.castingVote,
    reviews.assessmentCommission,
    harms.reviewRecord,
    // Anyone
    board.boardStatus,
    products.productStatus,
    records.agenda,
    records.meeting,
    reviews.status,
    reviews.reviews,
    harms.reviewsDue,
    harms.harmReport,
    harms.harmStatus,
    harms.harmFlag,
    harms.harmWatch,
    register.register,
    register.registerExport,
    register.registerVerify,
    records.audit,
    board.subscribe,
    board.unsubscribe,
    board.notifications,
    mail.mail,
    mail.mailPreferences,
    account.login,
    account.logout,
    account.me,
    // Operators
    register.registerImport,
  ],
  footer: [
    'Commands sent to a review, a product, a harm watch or the board take [--via update|signal] (default update).',
    'They go to the engine\'s server as the person "govern login" signed in (--server, GOVERN_PUBLIC_URL).',
    'Development mode (GOVERN_DEV=1): straight to Temporal, and each command that acts takes --as ID, who acts.',
  ],
  hints: { review: 'For gate reviews see "govern reviews" and "govern status".' },
};
