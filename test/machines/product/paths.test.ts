/**
 * Situations a product can reach with a small alphabet of requests and board answers, found by @xstate/graph.
 * Kept are the paths on which the board took a gate request: each checks, step by step, the lifecycle rules of
 * shared/domain.md written here rather than read from machines/ — the stage moves only forward, one stage at a
 * time, and only on the board approving that stage's gate; no forward gate is taken while a condition set by an
 * earlier approval is open — and that no timer is left behind. A path on which no request was taken checks none
 * of that, so it is not kept.
 */
import { describe, expect, it } from 'vitest';
import { gates } from '../../../machines/kernel/lifecycle';
import type { Outcome } from '../../../machines/gateReview/rules';
import { productMachine, type ProductEvent, type ProductSnapshot } from '../../../machines/product/machine';
import { openConditions } from '../../../machines/product/rules';
import {
  boardRoster, carriedOver, carryOverFailed, closeCondition, label, modelPaths, registeredProduct, requestGate, reviewDone, reviewFailed, topLevelStates,
} from '../../support/boardFixtures';
import { record, strayTimers } from '../pathInvariants';

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

const input = { product: registeredProduct, boardId: boardRoster.boardId };
const paths = modelPaths(productMachine, { input, events: alphabet, serializeState: situation });

/** The domain's stages, in order, and the gates that move a product forward (shared/domain.md, "Product lifecycle"). */
const stageOrder = ['proposed', 'discovery', 'alpha', 'beta', 'live'];
const forward = ['prioritisation', 'discovery', 'alpha', 'beta', 'live', 'iteration'];
const reviewing = (s: ProductSnapshot) => s.value === 'inReview' || s.value === 'carryingOver';

const recorded = paths.map((path) => ({ path, ...record(productMachine, input, path.events) }));
/** A request the board took: the product went from waiting to under review on a gate request. */
const requestsTaken = (r: (typeof recorded)[number]) => r.path.events.filter((e, i) => e.type === 'gate.requested' && !reviewing(r.snapshots[i]!) && reviewing(r.snapshots[i + 1]!)).length;
const kept = recorded.filter((r) => requestsTaken(r) > 0);

describe('product paths', () => {
  it('finds 125 situations, 124 of them reached by taking a gate request, and a kept path to every stage', () => {
    expect(paths).toHaveLength(125);
    expect(kept).toHaveLength(124);
    expect([...new Set(kept.map((r) => r.final.context.stage))].sort()).toEqual([...stageOrder].sort());
  });

  it('reaches every state but the transient resuming on a kept path', () => {
    expect([...new Set(kept.map((r) => String(r.final.value)))].sort()).toEqual(topLevelStates(productMachine).filter((state) => state !== 'resuming'));
  });

  for (const r of kept) {
    const { path, snapshots } = r;
    it(`moves one stage at a time and only on an approval, by ${path.events.map(label).join(', ')}`, () => {
      path.events.forEach((event, i) => {
        const [before, after] = [snapshots[i]!, snapshots[i + 1]!];
        const from = stageOrder.indexOf(before.context.stage);
        const to = stageOrder.indexOf(after.context.stage);
        if (to !== from) {
          // Forward by exactly one, on the board's approval of the gate to that stage.
          expect(to).toBe(from + 1);
          const answer = event as { type: string; output?: { outcome?: string; gate?: string } };
          expect(answer.type).toBe('xstate.done.actor.gateReview');
          expect(['approved', 'approvedWithConditions']).toContain(answer.output?.outcome);
          expect(answer.output?.gate).toBe(stageOrder[to]);
        }
        // Conditions of an earlier approval hold back the next forward gate until each is closed.
        const gate = (event as { gate?: string }).gate;
        if (event.type === 'gate.requested' && forward.includes(gate!) && !reviewing(before) && reviewing(after))
          expect(before.context.conditions.filter((c) => !c.closed)).toEqual([]);
      });
      const s = snapshots.at(-1)!;
      expect(s.context.pending === undefined).toBe(s.value === 'ready' || s.value === 'suspended' || s.value === 'retired');
      expect(strayTimers(r)).toEqual([]);
    });
  }
});
