/**
 * The product board as a durable process: the board machine, run by the host.
 * Products registered with it and meetings it convenes run as its children.
 */
import { ParentClosePolicy } from '@temporalio/workflow';
import { boardMachine } from '../../machines/productBoard/machine';
import { boardProcessId, initiativeProcessId, meetingProcessId, productProcessId } from '../../machines/kernel/ids';
import type { BoardContext } from '../../machines/productBoard/rules';
import { boardConfigSchema, type BoardConfigInput } from '../../machines/productBoard/schema';
import { boardReceipt, boardView, explainBoardRefusal, type BoardView } from '../../machines/productBoard/view';
import { describeIssues, parsePayload, personId } from '../../machines/kernel/schema';
import { activityOptions } from '../activityOptions';
import { amendPolicy, boardCommands, boardStatusQuery, placeItem, setGuidingPrinciples, subscribe } from './messages';
import { runProcess } from '../host/runProcess';
import type { Trust } from '../host/trust';
import { signalOf, type ProcessDefinition } from '../host/processDefinition';
import { meetingWorkflowType } from '../boardMeeting/messages';
import { productWorkflowType } from '../product/messages';
import { productBoardSearchAttributes } from '../searchAttributes';
import { ONE_ELIGIBILITY_RULE_PATCH } from '../patches';
import { removeMember as removeFromReview } from '../gateReview/messages';

export interface BoardOpening {
  readonly config: BoardConfigInput;
  readonly openedBy: string;
  /** Set by the process itself when it continues as new. */
  readonly resume?: BoardContext;
}

const fromItsInitiativeBoard = (snapshot: { readonly context: BoardContext }): string | undefined =>
  snapshot.context.initiativeBoardId ? initiativeProcessId(snapshot.context.initiativeBoardId) : undefined;

/** History events after which the board continues as new, at a moment its calendar is running. */
export const BOARD_HISTORY_LIMIT = 1_000;

export const productBoardProcess: ProcessDefinition<typeof boardMachine, BoardOpening, BoardView> = {
  noun: 'board',
  machine: boardMachine,
  open: (args, now, bounds) => {
    const parsed = parsePayload(boardConfigSchema, args?.config, bounds);
    if (!parsed.success) return { refusal: `Board configuration: ${describeIssues(parsed.error)}` };
    // Every later change names who made it; so does the first.
    const opener = parsePayload(personId, args.openedBy, bounds);
    if (!opener.success) return { refusal: `Opening the board: openedBy: ${describeIssues(opener.error)}` };
    // Asked only once the opening is accepted (a refused start records no marker), and by every run, a continued one included.
    const oneEligibilityRule = bounds.patched?.(ONE_ELIGIBILITY_RULE_PATCH) ?? false;
    return {
      input: { config: parsed.data, openedAt: now.toISOString(), openedBy: opener.data, strict: bounds.strictRules, ...(args.resume ? { resume: args.resume } : {}), ...(oneEligibilityRule ? { oneEligibilityRule } : {}) },
    };
  },
  commands: boardCommands,
  explainRefusal: explainBoardRefusal,
  statusQuery: boardStatusQuery,
  view: boardView,
  receipt: boardReceipt,
  // Anyone may subscribe to the board's decisions: past 80% of the budget the rest is kept for the board's own work.
  openToAnyone: [subscribe.name],
  fromProcesses: {
    // The board's initiative board alone sets its guiding principles and amends its policy by decision.
    [setGuidingPrinciples.name]: fromItsInitiativeBoard,
    [amendPolicy.name]: fromItsInitiativeBoard,
    // An item comes from the product it is about.
    [placeItem.name]: (_snapshot, payload) => productProcessId(String((payload as { productId?: unknown } | undefined)?.productId)),
  },
  // A member removed while a gate review on its items is open: the review is told (machines/kernel/eligibility.ts).
  emitted: (event) => signalOf(event.reviewId, removeFromReview, { by: boardProcessId(event.boardId), memberId: event.memberId }),
  searchAttributes: (snapshot) => productBoardSearchAttributes(snapshot.context.roster.boardId, String(snapshot.value)),
  activities: {},
  continueAsNew: {
    afterEvents: BOARD_HISTORY_LIMIT,
    // Sitting, its timer is set again from the kept calendar; a paused board waits to be resumed.
    quiet: (snapshot) => snapshot.matches('sitting'),
    args: (snapshot, previous) => ({ ...previous, resume: snapshot.context }),
    patch: 'product-board-continues-as-new',
  },
  children: {
    // Products and meetings outlive any one run of the board (it will continue-as-new).
    product: { workflowType: productWorkflowType, workflowId: (input) => productProcessId(input.product.id), parentClosePolicy: ParentClosePolicy.ABANDON },
    // A meeting lasts a week from its papers deadline: the board renews between meetings, so each reports its end to the run that convened it.
    boardMeeting: { workflowType: meetingWorkflowType, workflowId: (input) => meetingProcessId(input.meeting.meetingId), parentClosePolicy: ParentClosePolicy.ABANDON, finishesBeforeRenewal: true },
  },
};

/** Runs a board for as long as it exists. */
export async function productBoard(opening: BoardOpening, trust?: Trust): Promise<void> {
  await runProcess(productBoardProcess, opening, trust);
}
