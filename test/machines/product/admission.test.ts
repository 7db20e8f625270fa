/**
 * The refusal people read and the machine's own answer agree: in every
 * situation a product reaches with a small alphabet, for every command it
 * declares and whoever sends it, the explanation is undefined exactly when
 * `snapshot.can(event)`. A gate request is checked as the host checks it:
 * before the board places it, and again with the board's placement.
 */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { allowedDecisions, gates } from '../../../machines/kernel/lifecycle';
import type { Outcome } from '../../../machines/gateReview/rules';
import { productMachine, type ProductEvent, type ProductSnapshot } from '../../../machines/product/machine';
import { openConditions } from '../../../machines/product/rules';
import { explainProductRefusal } from '../../../machines/product/view';
import { productCommands } from '../../../workflows/product/messages';
import {
  DAY, at, boardRoster, carriedOver, carryOverFailed, closeCondition, modelPaths, placement, registeredProduct, requestGate, reviewDone, reviewFailed, selfAssessment,
} from '../../support/boardFixtures';
import { agreement } from '../../support/hostModel';

type Commands = (typeof productCommands)[number];

/** A payload of every command the product declares, as `by` sends it: the next decision, the first open condition. */
const payloads: { [C in Commands as C['name']]: (by: string, s: ProductSnapshot) => z.input<C['schema']> } = {
  requestGate: (by, s) => ({ by, gate: allowedDecisions(s.context)[0]!, procedure: 'meeting', selfAssessment }),
  closeCondition: (by, s) => ({ by, conditionId: openConditions(s.context)[0]?.conditionId ?? s.context.conditions[0]?.conditionId ?? 'c-none', evidence: 'https://example.org/evidence' }),
};

const outcomes: Outcome[] = ['approved', 'approvedWithConditions', 'rejected', 'deferred'];

/** The paths suite's alphabet: every gate, the board's answers, closing each open condition. */
function alphabet(s: ProductSnapshot): ProductEvent[] {
  const closing = openConditions(s.context).map((c) => closeCondition(c.conditionId));
  if (s.value === 'inReview') return [...outcomes.map((o) => reviewDone(s, o, o === 'approvedWithConditions' ? ['Publish a DPIA'] : [])), reviewFailed, ...closing];
  if (s.value === 'carryingOver') return [carriedOver(s), carryOverFailed, ...closing];
  return [...gates.map((g) => requestGate(s, g)), ...closing];
}

const situation = (s: ProductSnapshot) =>
  JSON.stringify([s.value, s.context.stage, s.context.prioritised, s.context.suspended, openConditions(s.context).length > 0, s.context.conditions.length > 0, s.context.pending?.request.gate ?? null]);

const states = modelPaths(productMachine, { input: { product: registeredProduct, boardId: boardRoster.boardId }, events: alphabet, serializeState: situation }).map((p) => p.final);
const people = { secretariat: 'sec', chair: 'm1', member: 'm2', 'non-member': 'stranger' };

/** The board's placement, which the host adds to a gate request before the machine sees it. */
const enrich = (s: ProductSnapshot, event: { type: string; [field: string]: unknown }) =>
  event.type === 'gate.requested' ? { ...event, placement: placement(`gr-p1-${String(event.gate)}-${s.context.itemsRequested + 1}`, event.gate as never) } : event;

describe('product refusals and the machine', () => {
  const found = agreement({ explain: explainProductRefusal, states, commands: productCommands, payloads, people, time: () => at(20 * DAY), enrich });

  it(`agree in ${states.length} situations × ${productCommands.length} commands × 4 people, before and after the board's placement`, () => {
    expect(new Set(states.map((s) => String(s.value)))).toEqual(new Set(['ready', 'inReview', 'carryingOver', 'suspended', 'retired']));
    expect(found.cases).toBe(states.length * productCommands.length * 4);
    expect(found.disagreements).toEqual([]);
  });

  it('takes every command somewhere and refuses every command somewhere', () => {
    expect(found.neverTaken).toEqual([]);
    expect(found.neverRefused).toEqual([]);
  });
});
