/**
 * Random gate requests, condition closures, board answers and review outcomes
 * thrown at the product machine, and random attendance and clock events at the
 * meeting machine, the way the host sends them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gates } from '../../machines/kernel/lifecycle';
import { meetingMachine, meetingPayloads, type MeetingSnapshot } from '../../machines/boardMeeting/machine';
import { explainMeetingRefusal, meetingView } from '../../machines/boardMeeting/view';
import { productMachine, type ProductSnapshot } from '../../machines/product/machine';
import { productPayloads } from '../../machines/product/schema';
import { explainProductRefusal, productView } from '../../machines/product/view';
import {
  carriedOver, carryOverFailed, engine, meetingEnds, meetingStarts, minutesFailed, minutesPublished, openMeeting, openProduct, papersFailed, papersSent, placement, reviewDone, reviewFailed, selfAssessment,
} from '../support/boardFixtures';
import { DAY } from '../support/gateReviews';
import { advance, malformed, personFrom, sendCommand, sendEngineEvent, timesFrom, type Expected, type HostedProcess } from '../support/hostModel';

/**
 * Who may record a meeting's attendance, and when, as shared/domain.md's roles and the meeting's sitting put it,
 * written here without machines/ or `can()`: only while the meeting sits, only the secretariat, and only a list of
 * the board's members. The same list recorded again by the same person at the same time changes nothing.
 */
function predictAttendance(s: MeetingSnapshot, e: { type: string; [field: string]: unknown }): Expected {
  const { roster } = s.context;
  const present = e.present as string[];
  if (s.value === 'circulatingPapers' || s.value === 'awaitingMeeting') return { refused: true, because: /has not started/ };
  if (s.value !== 'inSession') return { refused: true, because: /can no longer be recorded/ };
  if (!roster.secretariat.includes(String(e.by))) return { refused: true, because: /only the secretariat/ };
  if (present.some((id) => !roster.members.some((m) => m.id === id))) return { refused: true, because: /not a member/ };
  const before = s.context.attendance;
  const same = before !== undefined && before.recordedBy === e.by && before.at === e.at && JSON.stringify(before.present) === JSON.stringify([...new Set(present)]);
  return same ? { refused: false, noChange: true } : { refused: false };
}

/**
 * What a product takes, as the lifecycle in shared/domain.md puts it, written here without machines/ or `can()`:
 * nothing once retired; one gate request at a time, only for a decision the board may take now (`mayRequest`),
 * no forward gate while a condition of an earlier approval is open, and a written procedure only with a deadline;
 * a condition closed once, and only one the product has.
 */
function predictProduct(s: ProductSnapshot, e: { type: string; [field: string]: unknown }): Expected {
  const c = s.context;
  if (s.value === 'retired') return { refused: true, because: /is retired/ };
  if (e.type === 'condition.closed') {
    const condition = c.conditions.find((x) => x.conditionId === e.conditionId);
    if (!condition) return { refused: true, because: /has no condition/ };
    return condition.closed ? { refused: true, because: /was closed by/ } : { refused: false };
  }
  if (s.value === 'inReview' || s.value === 'carryingOver') return { refused: true, because: /already has .* before the board/ };
  const gate = String(e.gate);
  if (!mayRequest(c).includes(gate)) return { refused: true, because: /the board may now decide on/ };
  const forward = ['prioritisation', 'discovery', 'alpha', 'beta', 'live', 'iteration'];
  if (forward.includes(gate) && c.conditions.some((x) => !x.closed)) return { refused: true, because: /open condition/ };
  if (e.procedure === 'written' && !e.deadline) return { refused: true, because: /needs a deadline/ };
  return { refused: false };
}

const productProcess: HostedProcess<ProductSnapshot> = { machine: productMachine, payloads: productPayloads, explain: explainProductRefusal, predict: predictProduct };
const meetingProcess: HostedProcess<MeetingSnapshot> = { machine: meetingMachine, payloads: meetingPayloads, explain: explainMeetingRefusal, predict: predictAttendance };

/**
 * The decisions the board may take on a product, from shared/domain.md's lifecycle (not machines/): a suspended
 * product only back or out; a proposed one is prioritised first, then each stage passes the next stage's gate and
 * a live one iterates; a product under way may be suspended, a live one rolled back, any retired.
 */
function mayRequest(c: ProductSnapshot['context']): string[] {
  if (c.suspended) return ['reinstatement', 'retirement'];
  const order = ['proposed', 'discovery', 'alpha', 'beta', 'live'];
  const forward = c.stage === 'proposed' && !c.prioritised ? 'prioritisation' : c.stage === 'live' ? 'iteration' : order[order.indexOf(c.stage) + 1]!;
  if (c.stage === 'proposed') return [forward, 'retirement'];
  return c.stage === 'live' ? [forward, 'suspension', 'rollback', 'retirement'] : [forward, 'suspension', 'retirement'];
}

describe('product under random requests and outcomes', () => {
  const outcome = fc.constantFrom('approved', 'approvedWithConditions', 'rejected', 'deferred' as const);
  const productStep = fc.record({
    what: fc.oneof(
      { weight: 6, arbitrary: fc.record({ kind: fc.constant('request' as const), gate: fc.oneof({ weight: 3, arbitrary: fc.constant('next' as const) }, { weight: 2, arbitrary: fc.constantFrom(...gates) }), procedure: fc.constantFrom('meeting', 'written'), withDeadline: fc.boolean(), boardPlaces: fc.boolean() }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('close' as const), which: fc.nat(5), by: personFrom(['sec', 'm1', 'm2']) }) },
      { weight: 1, arbitrary: fc.constantFrom('gate.requested' as const, 'condition.closed' as const).chain((type) => fc.record({ kind: fc.constant('malformed' as const), type: fc.constant(type), payload: malformed(productPayloads[type], { by: 'sec' }) })) },
      { weight: 6, arbitrary: fc.record({ kind: fc.constant('reviewDone' as const), outcome, conditions: fc.array(fc.constantFrom('Publish the DPIA', 'Test with users'), { maxLength: 2 }) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('reviewFailed' as const) }) },
      { weight: 3, arbitrary: fc.record({ kind: fc.constant('carry' as const), answer: fc.constantFrom('placed', 'refused', 'failed') }) },
    ),
    advance,
  });
  type Step = typeof productStep extends fc.Arbitrary<infer T> ? T : never;

  function take(s: ProductSnapshot, { what }: Step, time: string): ProductSnapshot {
    switch (what.kind) {
      case 'request': {
        // Mostly the gate a product in its standing would go to next, so that products get somewhere; sometimes any gate.
        const gate = what.gate === 'next' ? mayRequest(s.context)[0]! : what.gate;
        const payload = { by: 'sec', gate, procedure: what.procedure, ...(what.withDeadline ? { deadline: new Date(Date.parse(time) + 10 * DAY).toISOString() } : {}), papers: [], selfAssessment };
        // The host asks the board first; a board refusal never reaches the product machine.
        if (!what.boardPlaces) return s;
        const itemId = `gr-p1-${gate}-${s.context.itemsRequested + 1}`;
        return sendCommand(productProcess, s, 'gate.requested', payload, time, { placement: placement(itemId, gate as (typeof gates)[number]) }).next;
      }
      case 'close': {
        const ids = s.context.conditions.map((c) => c.conditionId);
        const conditionId = ids[what.which % (ids.length + 1)] ?? 'no-such-condition';
        // The board authorises the secretariat only; anyone else is refused before the machine.
        if (what.by !== 'sec') return s;
        return sendCommand(productProcess, s, 'condition.closed', { by: what.by, conditionId, evidence: 'https://example.org/evidence' }, time).next;
      }
      case 'malformed':
        return sendCommand(productProcess, s, what.type, what.payload, time).next;
      // The host delivers an invoked actor's answer only while the machine waits for it.
      case 'reviewDone':
        return s.value === 'inReview' ? sendEngineEvent(productMachine, s, reviewDone(s, what.outcome, what.outcome === 'approvedWithConditions' ? what.conditions : [])) : s;
      case 'reviewFailed':
        return s.value === 'inReview' ? sendEngineEvent(productMachine, s, reviewFailed) : s;
      case 'carry':
        if (s.value !== 'carryingOver') return s;
        if (what.answer === 'placed') return sendEngineEvent(productMachine, s, carriedOver(s));
        if (what.answer === 'failed') return sendEngineEvent(productMachine, s, carryOverFailed);
        return sendEngineEvent(productMachine, s, engine('xstate.done.actor.placeOnAgenda', { output: { refused: 'The meetings are paused.' } }));
    }
  }

  function checkInvariants(s: ProductSnapshot) {
    const { context } = s;
    expect(s.value === 'inReview' || s.value === 'carryingOver').toBe(context.pending !== undefined);
    if (s.value === 'suspended') expect(context.suspended).toBe(true);
    if (s.value === 'ready') expect(context.suspended).toBe(false);
    expect(new Set(context.conditions.map((c) => c.conditionId)).size).toBe(context.conditions.length);
    const view = productView(s);
    // Read from the record and the lifecycle as written here, not from the functions the view calls.
    expect(view.openConditions).toEqual(context.conditions.filter((c) => !c.closed));
    if (s.value === 'ready' || s.value === 'suspended') expect(view.mayRequest).toEqual(mayRequest(context));
    else expect(view.mayRequest).toEqual([]);
  }

  it('refuses exactly what a model of the lifecycle refuses, for its reason and without change; never errors; moves only by decisions', () => {
    fc.assert(
      fc.property(fc.array(productStep, { maxLength: 40 }), (steps) => {
        let s = openProduct();
        const times = timesFrom(steps.map((x) => x.advance));
        steps.forEach((x, i) => {
          const before = s.context;
          s = take(s, x, times[i]!);
          // Stage, priority and suspension change only when a review comes back approved.
          if (x.what.kind !== 'reviewDone' || !['approved', 'approvedWithConditions'].includes(x.what.outcome))
            expect({ stage: s.context.stage, prioritised: s.context.prioritised, suspended: s.context.suspended }).toEqual({ stage: before.stage, prioritised: before.prioritised, suspended: before.suspended });
          checkInvariants(s);
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe('meeting under random attendance and clock events', () => {
  const known = ['sec', 'm1', 'm2', 'm3', 'm4', 'm5', 'stranger'];
  const meetingStep = fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('attendance' as const), by: personFrom(known), present: fc.array(personFrom(known), { maxLength: 6 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('malformed' as const), payload: malformed(meetingPayloads['attendance.recorded'], { by: 'sec', present: ['m1'] }) }) },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('engine' as const), event: fc.constantFrom(papersSent, papersFailed, meetingStarts, meetingEnds, minutesPublished, minutesFailed) }) },
  );

  it('refuses exactly what a model of who may record attendance refuses, for its reason and without change; never errors; records only members present', () => {
    fc.assert(
      fc.property(fc.array(meetingStep, { maxLength: 30 }), (steps) => {
        let s = openMeeting()[0];
        for (const step of steps) {
          const time = s.context.meeting.startsAt;
          if (step.kind === 'attendance') s = sendCommand(meetingProcess, s, 'attendance.recorded', { by: step.by, present: step.present }, time).next;
          else if (step.kind === 'malformed') s = sendCommand(meetingProcess, s, 'attendance.recorded', step.payload, time).next;
          else {
            // Invoked actors answer only while invoked: papers while circulating, minutes while publishing.
            const type = (step.event as { type: string }).type;
            const invoked = type.includes('circulatePapers') ? s.value === 'circulatingPapers' : type.includes('publishDecision') ? s.value === 'publishingMinutes' : true;
            if (invoked) s = sendEngineEvent(meetingMachine, s, step.event);
          }
          const members = s.context.roster.members.map((m) => m.id);
          for (const id of s.context.attendance?.present ?? []) expect(members).toContain(id);
          const view = meetingView(s);
          expect([...(view.attendance?.present ?? []), ...view.apologies].sort()).toEqual([...members].sort());
        }
      }),
      { numRuns: 300 },
    );
  });
});
