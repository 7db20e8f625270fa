/**
 * Situations a board can reach with a small alphabet of commands and its papers-deadline timer, found by
 * @xstate/graph. Each command is stamped an hour after the board's clock. Kept are the paths on which the board
 * did something the rules constrain (an item placed, a meeting convened, a member removed, a pause): each checks
 * that the board is paused exactly when its state says so, that every item waits for a meeting not yet convened,
 * that the composition is reported unmet exactly after a removal (the roster starts exactly at the policy), and
 * that no timer is left behind.
 */
import { describe, expect, it } from 'vitest';
import { boardMachine, type BoardEvent, type BoardSnapshot } from '../../../machines/productBoard/machine';
import { boardEvents as e, boardInput, HOUR, label, modelPaths, papersDeadlinePassed, topLevelStates } from '../../support/boardFixtures';
import { record, strayTimers } from '../pathInvariants';

function alphabet(s: BoardSnapshot): BoardEvent[] {
  const next = new Date(Date.parse(s.context.clock) + HOUR).toISOString();
  return [e.register('p1', 'sec', next), e.place('i1', next), e.place('i2', next), e.remove('m2', 'sec', next), e.pause('sec', next), e.resume('sec', next), papersDeadlinePassed];
}

const situation = (s: BoardSnapshot) =>
  JSON.stringify([s.value, s.context.products.length, s.context.agenda.map((i) => i.itemId).sort(), s.context.convened.length, s.context.composition.met]);

/** Two meetings convened is enough to see the calendar roll on. */
const paths = modelPaths(boardMachine, { input: boardInput(), events: alphabet, serializeState: situation, stopWhen: (s) => s.context.convened.length >= 2 });
const recorded = paths.map((path) => ({ path, ...record(boardMachine, boardInput(), path.events) }));
const kept = recorded.filter(({ final: s, path }) => s.context.agenda.length > 0 || s.context.convened.length > 0 || path.events.some((x) => x.type === 'member.removed' || x.type === 'meetings.paused'));

describe('board paths', () => {
  it('finds 44 situations, 42 of them with something the rules constrain', () => {
    expect(paths).toHaveLength(44);
    expect(kept).toHaveLength(42);
  });

  it('reaches every state of the machine on a kept path', () => {
    expect([...new Set(kept.map((r) => String(r.final.value)))].sort()).toEqual(topLevelStates(boardMachine));
  });

  for (const r of kept) {
    it(`keeps items for meetings to come and reports its composition, by ${r.path.events.map(label).join(', ')}`, () => {
      const s = r.final;
      expect(s.context.paused !== undefined).toBe(s.value === 'paused');
      const convened = new Set(s.context.convened.map((m) => m.meetingId));
      for (const item of s.context.agenda) expect(convened.has(item.meeting!.meetingId)).toBe(false);
      expect(s.context.composition.met).toBe(!r.path.events.some((x) => x.type === 'member.removed'));
      expect(strayTimers(r)).toEqual([]);
    });
  }
});
