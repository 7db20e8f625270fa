/**
 * The shared answer to "may this command happen now", on a small machine:
 * which state takes which event is read from the machine's transitions, and
 * the words come in a fixed order.
 */
import { describe, expect, it } from 'vitest';
import { initialTransition, setup, transition, type SnapshotFrom } from 'xstate';
import { explainRefusal, takes, type RefusalWords } from '../../../machines/kernel/admission';

type Event = { type: 'door.opened'; by: string } | { type: 'door.closed'; by: string } | { type: 'bell.rung'; by: string } | { type: 'alarm.tested'; by: string } | { type: 'xstate.error.actor.lock' };

const machine = setup({
  types: { events: {} as Event },
  guards: { keyHolder: ({ event }) => 'by' in event && event.by === 'warden' },
}).createMachine({
  id: 'door',
  on: { 'alarm.*': { guard: 'keyHolder', actions: () => undefined }, 'xstate.error.actor.lock': {} },
  initial: 'shut',
  states: {
    shut: {
      on: { 'door.opened': { guard: 'keyHolder', target: 'open' } },
      initial: 'quiet',
      states: { quiet: { on: { 'bell.rung': 'ringing' } }, ringing: {} },
    },
    open: { on: { 'door.closed': 'closed' } },
    closed: { type: 'final' },
  },
});

type Snapshot = SnapshotFrom<typeof machine>;

const words: RefusalWords<Snapshot, Event> = {
  rule: (_, e) => ('by' in e && e.by !== 'warden' ? `${e.by} holds no key.` : undefined),
  ownEvent: (e) => ('by' in e ? undefined : `${e.type} is the door's own event.`),
  commands: { 'door.closed': () => 'The door is not open.' },
  states: { 'shut.ringing': () => 'The bell is already ringing.', shut: () => 'The door is shut.', closed: () => 'The door is closed for good.' },
  otherwise: (_, e) => `The door cannot take ${e.type} now.`,
};

const shut = initialTransition(machine)[0];
const send = (s: Snapshot, e: Event) => transition(machine, s, e)[0];

describe('which state takes which event', () => {
  it('reads the active states and their ancestors, wildcards included', () => {
    expect(takes(shut, 'door.opened')).toBe(true);
    expect(takes(shut, 'bell.rung')).toBe(true);
    expect(takes(shut, 'alarm.tested')).toBe(true);
    expect(takes(shut, 'door.closed')).toBe(false);
    expect(takes(send(shut, { type: 'bell.rung', by: 'anyone' }), 'bell.rung')).toBe(false);
  });

  it('counts a forbidden transition as taking nothing, and a finished machine as taking nothing', () => {
    expect(takes(shut, 'xstate.error.actor.lock')).toBe(false);
    const closed = send(send(shut, { type: 'door.opened', by: 'warden' }), { type: 'door.closed', by: 'warden' });
    expect(closed.status).toBe('done');
    expect(takes(closed, 'alarm.tested')).toBe(false);
  });
});

describe('the words of a refusal', () => {
  it('says nothing when the machine takes the event', () => {
    expect(explainRefusal(shut, { type: 'door.opened', by: 'warden' }, words)).toBeUndefined();
  });

  it('gives the rule when a state takes the event but its guard refuses', () => {
    expect(explainRefusal(shut, { type: 'door.opened', by: 'visitor' }, words)).toBe('visitor holds no key.');
  });

  it('gives what the command waits for, then the innermost state’s sentence, when no state takes it', () => {
    expect(explainRefusal(shut, { type: 'door.closed', by: 'warden' }, words)).toBe('The door is not open.');
    const ringing = send(shut, { type: 'bell.rung', by: 'anyone' });
    expect(explainRefusal(ringing, { type: 'bell.rung', by: 'anyone' }, words)).toBe('The bell is already ringing.');
  });

  it('falls back to the rule, then to `otherwise`, when the state has nothing to say', () => {
    const open = send(shut, { type: 'door.opened', by: 'warden' });
    expect(explainRefusal(open, { type: 'bell.rung', by: 'visitor' }, words)).toBe('visitor holds no key.');
    expect(explainRefusal(open, { type: 'bell.rung', by: 'warden' }, words)).toBe('The door cannot take bell.rung now.');
  });

  it('refuses everything once the machine has finished, in the final state’s words', () => {
    const closed = send(send(shut, { type: 'door.opened', by: 'warden' }), { type: 'door.closed', by: 'warden' });
    expect(closed.can({ type: 'alarm.tested', by: 'warden' })).toBe(true); // the root's handler, though the machine is done
    expect(explainRefusal(closed, { type: 'alarm.tested', by: 'warden' }, words)).toBe('The door is closed for good.');
  });

  it('names the engine’s own events as such', () => {
    expect(explainRefusal(shut, { type: 'xstate.error.actor.lock' }, words)).toBe("xstate.error.actor.lock is the door's own event.");
  });
});
