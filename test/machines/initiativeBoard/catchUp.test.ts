/**
 * After an outage the host fires the quarter's timers late, stamped with when
 * they fired: the quarter catches up at once instead of running late by the
 * outage's length.
 */
import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { initiativeBoardMachine, type InitiativeEvent } from '../../../machines/initiativeBoard/machine';
import { initiativeConfigSchema } from '../../../machines/initiativeBoard/schema';
import { initiativeConfig } from '../../support/initiativeFixtures';

const OPENED = '2027-01-01T00:00:00.000Z';
const fired = (type: string, at?: string) => ({ type, ...(at ? { at } : {}) }) as unknown as InitiativeEvent;
const papersDue = 'xstate.after.untilPapersDeadline.initiativeBoard.cycle.agendaOpen';
const meetingStarts = 'xstate.after.untilMeetingStarts.initiativeBoard.cycle.papersCirculated';
const meetingEnds = 'xstate.after.untilMeetingEnds.initiativeBoard.cycle.inSession';
const delayOf = (actions: readonly { type: string; params?: unknown }[]) =>
  (actions.find((a) => a.type === 'xstate.raise')?.params as { delay?: number } | undefined)?.delay;

const open = () => initialTransition(initiativeBoardMachine, { config: initiativeConfigSchema.parse(initiativeConfig()), openedAt: OPENED, openedBy: 'sec' })[0];

describe('catching up after an outage', () => {
  it('keeps the calendar when each timer fires on time', () => {
    const s = open();
    const [papers, actions] = transition(initiativeBoardMachine, s, fired(papersDue, s.context.quarter.papersDeadline));
    expect(papers.context.clock).toBe(s.context.quarter.papersDeadline);
    expect(delayOf(actions)).toBe(Date.parse(s.context.quarter.startsAt) - Date.parse(s.context.quarter.papersDeadline));
  });

  it('starts and ends a meeting whose time passed while no worker ran, as soon as the papers go out', () => {
    const s = open();
    const back = new Date(Date.parse(s.context.quarter.endsAt) + 86_400_000).toISOString();
    const [papers, first] = transition(initiativeBoardMachine, s, fired(papersDue, back));
    expect(papers.value).toEqual({ cycle: 'papersCirculated' });
    expect(papers.context.clock).toBe(back);
    expect(delayOf(first)).toBe(0);
    const [sitting, second] = transition(initiativeBoardMachine, papers, fired(meetingStarts, back));
    expect(sitting.value).toEqual({ cycle: 'inSession' });
    expect(delayOf(second)).toBe(0);
    const [closed] = transition(initiativeBoardMachine, sitting, fired(meetingEnds, back));
    expect(closed.value).toBe('publishing');
    expect(closed.context.quartersHeld).toBe(1);
  });

  it('reads a timer without a stamp as firing when it was due', () => {
    const s = open();
    const [papers] = transition(initiativeBoardMachine, s, fired(papersDue));
    expect(papers.context.clock).toBe(s.context.quarter.papersDeadline);
  });
});
