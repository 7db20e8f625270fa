/**
 * The initiative board as a durable process: its quarterly cycle machine, run
 * by the host. It continues as new at the start of every quarter, carrying the
 * board's state and whatever is still open, so each run's history holds one
 * quarter however many years the board sits.
 */
import { initiativeBoardMachine, quarterTurned, type InitiativeInput } from '../../machines/initiativeBoard/machine';
import type { InitiativeContext } from '../../machines/initiativeBoard/types';
import { initiativeConfigSchema, type InitiativeConfigInput } from '../../machines/initiativeBoard/schema';
import { explainInitiativeRefusal, initiativeReceipt, initiativeView, type InitiativeView } from '../../machines/initiativeBoard/view';
import { describeIssues, parsePayload } from '../../machines/kernel/schema';
import { activityOptions } from '../activityOptions';
import { boardProcessId, initiativeProcessId } from '../../machines/kernel/ids';
import { amendPolicy, setGuidingPrinciples } from '../productBoard/messages';
import { runProcess } from '../host/runProcess';
import type { Trust } from '../host/trust';
import { signalOf, type ProcessDefinition } from '../host/processDefinition';
import { flagSubmission, initiativeCommands, initiativeStatusForQuery, initiativeStatusQuery, submitItem, subscribe } from './messages';
import { initiativeBoardSearchAttributes } from '../searchAttributes';
import { GOOD_DATA_CARDS_PATCH, INITIATIVE_VOTE_NOTICES_PATCH, KPI_TRACKING_PATCH, ONE_ELIGIBILITY_RULE_PATCH } from '../patches';

/** History events after which a run continues as new within its quarter (it always does between quarters). */
export const INITIATIVE_HISTORY_LIMIT = 1_000;

export interface InitiativeOpening {
  readonly config: InitiativeConfigInput;
  readonly openedBy: string;
  /** Set by the process itself when it continues as new. */
  readonly resume?: InitiativeContext;
}

export const initiativeBoardProcess: ProcessDefinition<typeof initiativeBoardMachine, InitiativeOpening, InitiativeView> = {
  noun: 'initiative board',
  machine: initiativeBoardMachine,
  open: (args, now, bounds) => {
    const parsed = parsePayload(initiativeConfigSchema, args?.config, bounds);
    if (!parsed.success) return { refusal: `Initiative board configuration: ${describeIssues(parsed.error)}` };
    // Asked only once the configuration is accepted (a refused start records no marker), and by every run: a run
    // continued since the patch has the notices whatever the run before it had; one recorded before replays without.
    const notices = bounds.patched?.(INITIATIVE_VOTE_NOTICES_PATCH) ?? false;
    // Asked the same way, by every run: the one eligibility rule (machines/kernel/eligibility.ts).
    const oneEligibilityRule = bounds.patched?.(ONE_ELIGIBILITY_RULE_PATCH) ?? false;
    // And the good-data card, required of a recognition (machines/initiativeBoard/goodDataCard.ts).
    const goodDataCards = bounds.patched?.(GOOD_DATA_CARDS_PATCH) ?? false;
    // And KPIs tracked, with actions' due dates (machines/initiativeBoard/kpis.ts).
    const kpiTracking = bounds.patched?.(KPI_TRACKING_PATCH) ?? false;
    const input: InitiativeInput = {
      config: parsed.data,
      openedAt: now.toISOString(),
      openedBy: args.openedBy,
      ...(args.resume ? { resume: args.resume } : {}),
      ...(notices ? { notices } : {}),
      ...(oneEligibilityRule ? { oneEligibilityRule } : {}),
      ...(goodDataCards ? { goodDataCards } : {}),
      ...(kpiTracking ? { kpiTracking } : {}),
    };
    return { input };
  },
  commands: initiativeCommands,
  explainRefusal: explainInitiativeRefusal,
  statusQuery: initiativeStatusQuery,
  statusForQuery: initiativeStatusForQuery,
  view: initiativeView,
  receipt: initiativeReceipt,
  // Anyone may submit an item, flag one or subscribe: past 80% of the budget the rest is kept for the board's own work.
  openToAnyone: [submitItem.name, flagSubmission.name, subscribe.name],
  searchAttributes: (snapshot) => initiativeBoardSearchAttributes(snapshot.context.roster.boardId, initiativeView(snapshot).stage),
  activities: {
    publishDecision: activityOptions.publishDecision,
    notify: activityOptions.notify,
  },
  // The product board takes these only from this process (its rules check the sender).
  emitted: (event) => {
    const to = boardProcessId(event.productBoardId);
    const by = initiativeProcessId(event.initiativeBoardId);
    switch (event.type) {
      case 'principles.changed':
        return signalOf(to, setGuidingPrinciples, { by, principles: [...event.principles], reference: `Initiative board decisions ${event.decisionIds.join(', ')}` });
      case 'productBoardPolicy.changed':
        return signalOf(to, amendPolicy, { by, changes: event.changes, reference: `Initiative board decision ${event.decisionId}` });
    }
  },
  continueAsNew: {
    // Every quarter; and within a quarter too, should it ever take so many submissions and votes.
    afterEvents: INITIATIVE_HISTORY_LIMIT,
    quiet: (snapshot) => snapshot.context.inFlight.length === 0 && !snapshot.matches('publishing'),
    due: quarterTurned,
    args: (snapshot, previous) => ({ ...previous, resume: { ...snapshot.context, runs: snapshot.context.runs + 1 } }),
  },
};

/** Runs an initiative board, a quarter per run, for as long as it exists. */
export async function initiativeBoard(opening: InitiativeOpening, trust?: Trust): Promise<void> {
  await runProcess(initiativeBoardProcess, opening, trust);
}
