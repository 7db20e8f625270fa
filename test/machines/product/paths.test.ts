/**
 * Every situation a product can reach with a small alphabet of requests and
 * board answers, found by @xstate/graph, replayed through the pure machine.
 */
import { describe, expect } from 'vitest';
import { gates } from '../../../machines/kernel/lifecycle';
import type { Outcome } from '../../../machines/gateReview/rules';
import { productMachine, type ProductEvent, type ProductSnapshot } from '../../../machines/product/machine';
import { openConditions } from '../../../machines/product/rules';
import {
  boardRoster, carriedOver, carryOverFailed, closeCondition, modelPaths, pathTests, registeredProduct, requestGate, reviewDone, reviewFailed,
} from '../../support/boardFixtures';

const outcomes: Outcome[] = ['approved', 'approvedWithConditions', 'rejected', 'deferred'];

/** What may be sent in each state: every gate (refused ones change nothing), the board's answers, closing each open condition. */
function alphabet(s: ProductSnapshot): ProductEvent[] {
  const closing = openConditions(s.context).map((c) => closeCondition(c.conditionId));
  if (s.value === 'inReview')
    return [...outcomes.map((o) => reviewDone(s, o, o === 'approvedWithConditions' ? ['Publish a DPIA'] : [])), reviewFailed, ...closing];
  if (s.value === 'carryingOver') return [carriedOver(s), carryOverFailed, ...closing];
  return [...gates.map((g) => requestGate(s, g)), ...closing];
}

const situation = (s: ProductSnapshot) =>
  JSON.stringify([s.value, s.context.stage, s.context.prioritised, s.context.suspended, openConditions(s.context).length > 0, s.context.pending?.request.gate ?? null]);

const paths = modelPaths(productMachine, { input: { product: registeredProduct, boardId: boardRoster.boardId }, events: alphabet, serializeState: situation });

const stageGates: readonly string[] = ['discovery', 'alpha', 'beta', 'live'];

describe('product paths', () => {
  pathTests(productMachine, paths, 125, situation, (s) => {
    if (s.value === 'suspended' || s.value === 'ready') expect(s.context.suspended).toBe(s.value === 'suspended');
    expect(s.context.pending === undefined).toBe(s.value === 'ready' || s.value === 'suspended' || s.value === 'retired');
    // Only an approval moves the product, and only to the stage of the gate approved.
    const moves = s.context.decisions.filter((d) => (d.outcome === 'approved' || d.outcome === 'approvedWithConditions') && stageGates.includes(d.gate));
    expect(s.context.stage).toBe(moves.at(-1)?.gate ?? 'proposed');
  });
});
