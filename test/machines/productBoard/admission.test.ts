/**
 * The refusal people read and the machine's own answer agree: in every
 * situation the board reaches with a small alphabet, for every command it
 * declares and whoever sends it, the explanation is undefined exactly when
 * `snapshot.can(event)`.
 */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { initiativeProcessId } from '../../../machines/kernel/ids';
import { boardMachine, type BoardEvent, type BoardSnapshot } from '../../../machines/productBoard/machine';
import { explainBoardRefusal } from '../../../machines/productBoard/view';
import { boardCommands } from '../../../workflows/productBoard/messages';
import { DAY, HOUR, boardConfig, boardEvents as e, boardInput, modelPaths, papersDeadlinePassed, selfAssessment } from '../../support/boardFixtures';
import { agreement } from '../../support/hostModel';

type Commands = (typeof boardCommands)[number];

const later = (s: BoardSnapshot, by = HOUR) => new Date(Date.parse(s.context.clock) + by).toISOString();

/** A payload of every command the board declares, as `by` sends it. */
const payloads: { [C in Commands as C['name']]: (by: string, s: BoardSnapshot) => z.input<C['schema']> } = {
  appointMember: (by) => ({ by, member: { id: 'm9', name: 'Gus' } }),
  removeMember: (by) => ({ by, memberId: 'm3', reason: 'Resigned' }),
  appointChair: (by) => ({ by, memberId: 'm2' }),
  changePolicy: (by, s) => ({ by, policy: s.context.policy, reference: 'Minutes of 10 June' }),
  amendPolicy: (by) => ({ by, changes: { votingPeriodDays: 21 }, reference: 'Decision iiigb-I3' }),
  adoptPrinciple: (by) => ({ by, scope: 'board', principle: { id: 'fair', title: 'Be fair' }, reference: 'Minutes of 10 June' }),
  setGuidingPrinciples: (by) => ({ by, principles: [{ id: 'open', title: 'Open by default' }], reference: 'Decision iiigb-I4' }),
  subscribe: (by) => ({ by }),
  unsubscribe: (by) => ({ by }),
  pauseMeetings: (by) => ({ by, reason: 'Summer recess' }),
  resumeMeetings: (by) => ({ by }),
  callMeeting: (by, s) => ({ by, startsAt: later(s, 30 * DAY) }),
  registerProduct: (by) => ({ by, product: { id: 'p2', name: 'Product p2' } }),
  placeItem: (by) => ({ by, itemId: 'i9', productId: 'p1', gate: 'prioritisation', selfAssessment }),
};

/** The paths suite's alphabet, with a subscriber and a full board besides. */
function alphabet(s: BoardSnapshot): BoardEvent[] {
  const next = later(s);
  return [
    e.register('p1', 'sec', next),
    e.place('i1', next),
    e.remove('m2', 'sec', next),
    e.appoint('m6', {}, 'sec', next),
    { type: 'subscriber.added', by: 'm2', at: next },
    e.pause('sec', next),
    e.resume('sec', next),
    papersDeadlinePassed,
  ];
}

const situation = (s: BoardSnapshot) =>
  JSON.stringify([s.value, s.context.products.length, s.context.agenda.length, s.context.convened.length, s.context.roster.members.length, s.context.subscribers]);

const input = { ...boardInput(), config: { ...boardConfig(), initiativeBoardId: 'iiigb' } };
const states = modelPaths(boardMachine, { input, events: alphabet, serializeState: situation, stopWhen: (s) => s.context.convened.length >= 2 }).map((p) => p.final);
const people = { secretariat: 'sec', chair: 'm1', member: 'm2', 'non-member': 'stranger', 'initiative board': initiativeProcessId('iiigb') };

describe('board refusals and the machine', () => {
  const found = agreement({ explain: explainBoardRefusal, states, commands: boardCommands, payloads, people, time: (s) => later(s) });

  it(`agree in ${states.length} situations × ${boardCommands.length} commands × ${Object.keys(people).length} senders`, () => {
    expect(new Set(states.map((s) => String(s.value)))).toEqual(new Set(['sitting', 'paused']));
    expect(found.cases).toBe(states.length * boardCommands.length * Object.keys(people).length);
    expect(found.disagreements).toEqual([]);
  });

  it('takes every command somewhere and refuses every command somewhere', () => {
    expect(found.neverTaken).toEqual([]);
    expect(found.neverRefused).toEqual([]);
  });
});
