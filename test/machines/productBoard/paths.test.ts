/**
 * Every situation a board can reach with a small alphabet of commands and its
 * papers-deadline timer, found by @xstate/graph, replayed through the pure
 * machine. Each command is stamped an hour after the board's clock.
 */
import { describe, expect } from 'vitest';
import { boardMachine, type BoardEvent, type BoardSnapshot } from '../../../machines/productBoard/machine';
import { boardEvents as e, boardInput, HOUR, modelPaths, papersDeadlinePassed, pathTests } from '../../support/boardFixtures';

function alphabet(s: BoardSnapshot): BoardEvent[] {
  const next = new Date(Date.parse(s.context.clock) + HOUR).toISOString();
  return [e.register('p1', 'sec', next), e.place('i1', next), e.place('i2', next), e.remove('m2', 'sec', next), e.pause('sec', next), e.resume('sec', next), papersDeadlinePassed];
}

const situation = (s: BoardSnapshot) =>
  JSON.stringify([s.value, s.context.products.length, s.context.agenda.map((i) => i.itemId).sort(), s.context.convened.length, s.context.composition.met]);

/** Two meetings convened is enough to see the calendar roll on. */
const paths = modelPaths(boardMachine, { input: boardInput(), events: alphabet, serializeState: situation, stopWhen: (s) => s.context.convened.length >= 2 });

describe('board paths', () => {
  pathTests(boardMachine, paths, 44, situation, (s, path) => {
    expect(s.context.paused !== undefined).toBe(s.value === 'paused');
    // Every item waits for a meeting not yet convened.
    const convened = new Set(s.context.convened.map((m) => m.meetingId));
    for (const item of s.context.agenda) expect(convened.has(item.meeting!.meetingId)).toBe(false);
    expect(s.context.composition.met).toBe(!path.events.some((x) => x.type === 'member.removed'));
  });
});
