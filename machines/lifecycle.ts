/**
 * The stages of a product's life and the gates between them. Only a product
 * board decision opens a gate, one at a time; while live, each substantial
 * change passes an `iteration` gate.
 */
export const stages = ['proposed', 'discovery', 'alpha', 'beta', 'live'] as const;
export type Stage = (typeof stages)[number];

export const gates = ['discovery', 'alpha', 'beta', 'live', 'iteration'] as const;
export type Gate = (typeof gates)[number];

/** The one gate a product at `stage` may pass next. */
export function nextGate(stage: Stage): Gate {
  const next = stages[stages.indexOf(stage) + 1];
  return next === undefined || next === 'proposed' ? 'iteration' : next;
}

/** Why a product at `stage` may not pass `gate`, or undefined when it may. */
export function gateRefusal(productId: string, stage: Stage, gate: Gate): string | undefined {
  const expected = nextGate(stage);
  if (gate === expected) return undefined;
  return (
    `Product ${productId} is at ${stage}; its next gate is ${expected}, not ${gate}. ` +
    `A product passes one gate at a time: request the ${expected} gate first.`
  );
}
