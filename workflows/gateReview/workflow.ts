/**
 * The gate review workflow: the gate review machine, run durably by the host.
 */
import { gateReviewMachine } from '../../machines/gateReview/machine';
import { requestRefusal, type DecisionRecord } from '../../machines/gateReview/rules';
import { gateReviewRequestSchema, type GateReviewRequest } from '../../machines/gateReview/schema';
import { explainGateReviewRefusal, gateReviewView } from '../../machines/gateReview/view';
import { describeIssues, parsePayload } from '../../machines/kernel/schema';
import { gateReviewCommands, removeMember, statusForQuery, statusQuery } from './messages';
import { boardProcessId } from '../../machines/kernel/ids';
import { runProcess } from '../host/runProcess';
import type { Trust } from '../host/trust';
import type { ProcessDefinition } from '../host/processDefinition';
import { gateReviewSearchAttributes } from '../searchAttributes';
import { activityOptions } from '../activityOptions';
import { VOTE_NOTICES_PATCH } from '../patches';

export const gateReviewProcess: ProcessDefinition<typeof gateReviewMachine, GateReviewRequest, ReturnType<typeof gateReviewView>> = {
  noun: 'gate review',
  machine: gateReviewMachine,
  open: (args, now, bounds) => {
    const parsed = parsePayload(gateReviewRequestSchema, args, bounds);
    if (!parsed.success) return { refusal: `Gate review request: ${describeIssues(parsed.error)}` };
    const refusal = requestRefusal(parsed.data, now);
    if (refusal) return { refusal };
    // Asked only once the request is accepted: a refused start records no marker.
    return { input: { request: parsed.data, openedAt: now.toISOString(), notices: bounds.patched?.(VOTE_NOTICES_PATCH) ?? false } };
  },
  commands: gateReviewCommands,
  explainRefusal: explainGateReviewRefusal,
  statusQuery,
  statusForQuery,
  view: gateReviewView,
  // A member removed during the vote is told by the review's board, and by no one else (machines/kernel/eligibility.ts).
  fromProcesses: { [removeMember.name]: (snapshot) => boardProcessId(snapshot.context.request.board.boardId) },
  searchAttributes: (snapshot) => gateReviewSearchAttributes(snapshot.context.request, String(snapshot.value)),
  activities: { publishDecision: activityOptions.publishDecision, notify: activityOptions.notify },
};

/** Runs one product gate review until its decision is published; returns the decision record. */
export async function gateReview(request: GateReviewRequest, trust?: Trust): Promise<DecisionRecord> {
  return runProcess(gateReviewProcess, request, trust);
}
