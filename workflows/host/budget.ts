/**
 * What a process may carry and answer, stated once, and how the host holds it
 * to that.
 *
 * Every number is bytes of JSON in UTF-8 (`jsonBytes`), which is what Temporal
 * stores and sends. Temporal's own limits are far above these (the worker warns
 * of a payload over 512 KiB, TMPRL1103, and the server refuses one over 2 MiB),
 * so a process that keeps to its budget never meets them, however old it is.
 *
 * - `state`: what a process carries from one run to the next (its continue-as-new
 *   argument: configuration and context), or, for a process that never renews,
 *   its context.
 * - `query`: one answer to its status query (the view people and clients read).
 * - `receipt`: one answer to an Update. Every answer stays in the history, so it
 *   is a receipt naming what was accepted and created; the view is read by query.
 *
 * The host measures the state after every step. Past 50% and 80% (and 100%) it warns
 * operators once (`log.warn`; a run that continues another does not warn again of the level it
 * starts at); a command that would take the state past 80% is refused
 * when anyone may send it (a public submission, a harm report, a subscription), so the
 * last fifth stays for the process's own work; one that would take it past 100% is
 * refused whoever sends it. Refused means what any refusal means: nothing was recorded,
 * and the sender is told why in words a secretariat can act on.
 *
 * Changing a number changes which commands a running process takes: a workflow
 * change like any other (see ARCHITECTURE.md, "Changing workflow code safely").
 */
import { thousands } from '../../machines/kernel/input';

export interface Budget {
  /** What a process carries across continue-as-new (or its context, for one that never renews). */
  readonly state: number;
  /** One answer to its status query. */
  readonly query: number;
  /** One answer to an Update: a receipt. */
  readonly receipt: number;
}

/** The budget of every process. */
export const processBudget: Budget = { state: 256 * 1024, query: 256 * 1024, receipt: 4 * 1024 };

/** Shares of the state budget past which the host warns operators, once each. */
export const BUDGET_WARNINGS = [0.5, 0.8, 1] as const;

/** Past this share, commands that anyone may send are refused: the rest is kept for the process's own work. */
export const OPEN_COMMANDS_UP_TO = 0.8;

/**
 * Below this share a command is taken without working out the state it would leave, unless its
 * payload is large: what one command adds is bounded by its payload (which a machine may keep
 * more than once: a request and its placement), so a state this far from its budget cannot be
 * taken past it by a command under a tenth of the budget.
 */
export const CHECK_FROM = 0.5;

/** Marks runs that refuse commands past the budget; a run started before it replays as it ran. */
export const STATE_BUDGET_PATCH = 'state-budget';

const percent = (share: number) => `${Math.round(share * 100)}%`;

/** Whether a command with a payload of `payloadBytes` on a state of `size` must be checked against the budget. */
export const needsCheck = (size: number, payloadBytes: number, budget: Budget = processBudget): boolean =>
  size + 4 * payloadBytes > CHECK_FROM * budget.state;

/** The share of the budget a state of `size` fills. */
export const shareOf = (size: number, budget: Budget = processBudget): number => size / budget.state;

/**
 * Why the command is refused, or undefined: `next` is the size of the state it would leave.
 * `what` names the process ("the board product-board").
 */
export function budgetRefusal(what: string, command: string, next: number, openToAnyone: boolean, budget: Budget = processBudget): string | undefined {
  const of = `${thousands(next)} bytes of the ${thousands(budget.state)} it may hold`;
  if (next > budget.state)
    return (
      `The records of ${what} are full: ${command} would take them to ${of}; nothing was recorded. ` +
      'Closing what is open (answering submissions or reports, deciding items) moves older records to the register and makes room. ' +
      'If nothing can be closed, ask an operator: the README section "Budgets" says what they can do.'
    );
  if (openToAnyone && next > OPEN_COMMANDS_UP_TO * budget.state)
    return (
      `${capitalised(what)} is not taking ${command} from anyone for now: its records would be ${of} (over ${percent(OPEN_COMMANDS_UP_TO)}), ` +
      'and the rest is kept for its own work. Nothing was recorded; try again once the secretariat has answered what is waiting.'
    );
  return undefined;
}

/** The warning an operator reads when the state passes `share` of its budget. */
export const budgetWarning = (what: string, size: number, share: number, budget: Budget = processBudget): string =>
  `${capitalised(what)} holds ${thousands(size)} bytes, past ${percent(share)} of its budget of ${thousands(budget.state)}` +
  (share >= 1
    ? '; it refuses every command that would add to it. See "Budgets" in the README.'
    : share >= OPEN_COMMANDS_UP_TO
      ? '; it refuses commands anyone may send (submissions, reports, subscriptions) that would add to it. See "Budgets" in the README.'
      : '. See "Budgets" in the README.');

/** The highest warning level `size` has passed, as an index into BUDGET_WARNINGS (-1 for none). */
export function warningLevel(size: number, budget: Budget = processBudget): number {
  let level = -1;
  BUDGET_WARNINGS.forEach((share, i) => {
    if (size > share * budget.state) level = i;
  });
  return level;
}

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
