/**
 * The stages of a product's life and the decisions that move it. Only a
 * product board decision moves a product, one gate at a time; while live,
 * each substantial change passes an `iteration` gate. Prioritising a proposed
 * product, suspending or rolling it back after harm, reinstating and retiring
 * it are board decisions too, taken through the same review.
 *
 * Suspension and roll back are the two answers to a serious harm. Suspending
 * stops the product where it is until a reinstatement decision. Rolling back
 * (`rollback`) puts back the version the board approved before the latest
 * change: the change of its latest iteration (or, with none, any change made
 * since it went live) is undone, and the product stays live, so people keep
 * the service they had before the harm came. Only a live product that is not
 * suspended can be rolled back; a suspended one is reinstated or retired.
 */
export const stages = ['proposed', 'discovery', 'alpha', 'beta', 'live'] as const;
export type Stage = (typeof stages)[number];

/** Every kind of decision the product board takes on one product. */
export const gates = ['prioritisation', 'discovery', 'alpha', 'beta', 'live', 'iteration', 'suspension', 'rollback', 'reinstatement', 'retirement'] as const;
export type Gate = (typeof gates)[number];

/** The decisions that take a product forward: they need its principles assessed and its conditions closed. */
export const forwardGates: readonly Gate[] = ['prioritisation', 'discovery', 'alpha', 'beta', 'live', 'iteration'];

/** Where a product stands, as far as which decision may come next. */
export interface Standing {
  readonly stage: Stage;
  readonly prioritised: boolean;
  readonly suspended: boolean;
}

/** The one stage gate a product at `stage` may pass next. */
export function nextGate(stage: Stage): Gate {
  const next = stages[stages.indexOf(stage) + 1];
  return next === undefined || next === 'proposed' ? 'iteration' : next;
}

/** The stage a product reaches by passing `gate` from `stage`. */
export const stageAfter = (stage: Stage, gate: Gate): Stage =>
  (stages as readonly string[]).includes(gate) ? (gate as Stage) : stage;

/** The decisions a product standing so may be put to the board for. */
export function allowedDecisions(standing: Standing): Gate[] {
  if (standing.suspended) return ['reinstatement', 'retirement'];
  const forward: Gate = standing.stage === 'proposed' && !standing.prioritised ? 'prioritisation' : nextGate(standing.stage);
  if (standing.stage === 'proposed') return [forward, 'retirement'];
  return standing.stage === 'live' ? [forward, 'suspension', 'rollback', 'retirement'] : [forward, 'suspension', 'retirement'];
}

const orList = (items: readonly string[]) => (items.length > 1 ? `${items.slice(0, -1).join(', ')} or ${items.at(-1)}` : items.join(''));

/** Why a product standing so may not be put to the board for `gate`, or undefined when it may. */
export function decisionRefusal(productId: string, standing: Standing, gate: Gate): string | undefined {
  const allowed = allowedDecisions(standing);
  if (allowed.includes(gate)) return undefined;
  const where = standing.suspended ? `suspended at ${standing.stage}` : standing.stage === 'proposed' && !standing.prioritised ? 'proposed and not yet prioritised' : `at ${standing.stage}`;
  const forward = allowed[0]!;
  return (
    `Product ${productId} is ${where}; the board may now decide on ${orList(allowed)}, not ${gate}. ` +
    (standing.suspended ? 'A suspended product returns only by a reinstatement decision.' : `A product passes one gate at a time: request the ${forward} gate first.`)
  );
}

/**
 * The check a gate review makes of its own request, knowing only the stage:
 * the forward gate, a decision that applies at any stage, or a roll back of a live product.
 */
export function gateRefusal(productId: string, stage: Stage, gate: Gate): string | undefined {
  if (gate === 'suspension' || gate === 'reinstatement' || gate === 'retirement') return undefined;
  if (stage === 'proposed' && gate === 'prioritisation') return undefined;
  return decisionRefusal(productId, { stage, prioritised: true, suspended: false }, gate);
}
