/**
 * The activities the worker registers, bound to where this deployment keeps
 * its data. Each activity's name is the machine actor that asks for it.
 */
import { publishDecisionTo } from './decisionRegister';
import type { Publication } from '../machines/effects';
import type { DecisionRecord } from '../machines/gateReviewRules';

export interface ActivityDeps {
  /** Folder of the decision register. */
  readonly registerDir: string;
}

/**
 * Creates the activity implementations.
 *
 * @example
 * new Worker({ activities: createActivities({ registerDir: '.data/register' }), … })
 */
export function createActivities(deps: ActivityDeps) {
  return {
    /**
     * Publishes a decision to the register. Idempotent by `decisionId`; retried by
     * Temporal on file-system errors; `InvalidDecision` is not retried.
     */
    publishDecision: (record: DecisionRecord): Promise<Publication> => publishDecisionTo(deps.registerDir, record),
  };
}

export type Activities = ReturnType<typeof createActivities>;
