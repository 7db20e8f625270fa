/**
 * Every situation of a tracked strategy over three quarters, found by @xstate/graph: the strategy proposed and
 * approved (or not) at the first meeting; afterwards, each quarter, the secretariat records a figure (one of two,
 * the second a correction) or none; an action due before the next papers recorded, and completed or not. Each
 * papers notice on each path is checked against a model written here from the issue (item 2), not read from the
 * machine: it lists the latest figure of every quarter that recorded one, in order, and names the action overdue
 * exactly when it is open and past due, and then, and only then, its owner is told.
 */
import { describe, expect, it } from 'vitest';
import { transition } from 'xstate';
import { initiativeBoardMachine, type InitiativeEvent, type InitiativeSnapshot } from '../../../machines/initiativeBoard/machine';
import type { Notification } from '../../../machines/kernel/effects';
import { fraction } from '../../../machines/kernel/fraction';
import { label, modelPaths, spawns } from '../../support/boardFixtures';
import { DAY, HOUR, actionId, done, ib, initiativeInput, itemId, meetingEnds, meetingStarts, papersDeadline } from '../../support/initiativeMachineFixtures';

const input = initiativeInput({ quorum: { share: fraction(0, 1), minLivedExperienceVoting: 1 } }, { kpiTracking: true });
const KPI = { name: 'Families reached', baseline: 1200, target: 5000, by: '2030-01-01T00:00:00.000Z' };
const later = (s: InitiativeSnapshot) => new Date(Date.parse(s.context.clock) + HOUR).toISOString();
const recorded = (s: InitiativeSnapshot) => s.context.strategy?.progress?.filter((p) => p.meetingId === s.context.quarter.meetingId).length ?? 0;

function alphabet(s: InitiativeSnapshot): InitiativeEvent[] {
  const time = later(s);
  const events: InitiativeEvent[] = [];
  if (!s.matches('publishing')) {
    if (s.context.counters.items === 0 && s.context.quartersHeld === 0) events.push(ib.propose('i5', { decision: 'strategy', focus: 'Housing', kpis: [KPI] }, time));
    const item = s.context.agenda.find((i) => i.itemId === itemId(1));
    if (item && !item.votes.length) events.push(ib.vote('i2', item.itemId, 'approve', time));
    if (s.context.strategy && s.matches({ cycle: 'agendaOpen' })) {
      if (recorded(s) < 2) events.push({ type: 'kpi.progressRecorded', by: 'sec', kpi: KPI.name, value: 1500 + 100 * s.context.quartersHeld + 10 * recorded(s), evidence: 'Count', at: time } as InitiativeEvent);
      if (s.context.counters.actions === 0)
        events.push({ ...ib.recordAction('Ask the councils', 'sec', time), owner: 'i5', dueAt: new Date(Date.parse(s.context.quarter.papersDeadline) - DAY).toISOString() } as InitiativeEvent);
      if (s.context.actions.some((a) => !a.completed)) events.push(ib.completeAction(actionId(1), 'sec', time));
    }
  }
  if (s.matches({ cycle: 'agendaOpen' })) events.push(papersDeadline);
  if (s.matches({ cycle: 'papersCirculated' })) events.push(meetingStarts);
  if (s.matches({ cycle: 'inSession' })) events.push(meetingEnds);
  if (s.context.inFlight.length) events.push(done(s.context.inFlight[0]!));
  return events;
}

const situation = (s: InitiativeSnapshot) =>
  JSON.stringify([s.value, s.context.quartersHeld, s.context.agenda.map((i) => i.votes.length), !!s.context.strategy, s.context.strategy?.progress?.map((p) => p.value), s.context.actions.map((a) => !!a.completed), s.context.inFlight.length]);

const paths = modelPaths(initiativeBoardMachine, { input, events: alphabet, serializeState: situation, stopWhen: (s) => s.context.quartersHeld >= 3 });

describe('paths of a tracked strategy over three quarters', () => {
  it('finds strategies adopted and not, figures recorded, corrected and missed, and actions done and overdue', () => {
    expect(paths.length).toBeGreaterThan(50);
    expect(paths.some((p) => (p.final.context.strategy?.progress?.length ?? 0) >= 2)).toBe(true);
    expect(paths.some((p) => p.final.context.actions.some((a) => !a.completed))).toBe(true);
    expect(paths.some((p) => !p.final.context.strategy)).toBe(true);
  });

  it.each(paths.map((p) => [p.events.map(label).join(', '), p] as const))('papers as the model says: %s', (_label, path) => {
    // The model: each quarter's latest figure, in order; the action open or done, and when it falls due.
    const figures = new Map<string, number>();
    let action: { due: string; done: boolean } | undefined;
    let s = path.initial;
    for (const event of path.events) {
      const quarter = s.context.quarter.meetingId;
      const adopted = s.context.strategy !== undefined;
      const [next, actions] = transition(initiativeBoardMachine, s, event);
      if (event.type === 'kpi.progressRecorded' && adopted) figures.set(quarter, event.value);
      if (event.type === 'action.recorded') action = { due: (event as { dueAt: string }).dueAt, done: false };
      if (event.type === 'action.completed' && action) action.done = true;
      const notices = spawns(actions)
        .filter((sp) => sp.src === 'notify')
        .map((sp) => sp.input as Notification);
      const papers = notices.find((n) => n.notificationId === `papers-${quarter}`);
      if (papers) {
        const at = next.context.clock;
        const overdue = action !== undefined && !action.done && Date.parse(action.due) <= Date.parse(at);
        if (next.context.strategy) {
          const line = papers.body.split('\n').find((l) => l.startsWith(`- ${KPI.name}:`));
          const values = [...figures.values()].map((v) => v.toLocaleString('en-GB'));
          expect(line, 'the KPI in the papers').toBe(
            `- Families reached: from 1,200 to 5,000 by 2030-01-01; ${values.length ? `${values.join(' → ')} — ${(5000 - [...figures.values()].at(-1)!).toLocaleString('en-GB')} to go` : 'no progress recorded yet'}`,
          );
        }
        expect(papers.body.includes(`Overdue: ${actionId(1)} (i5)`), 'the papers name the overdue action').toBe(overdue);
        expect(notices.filter((n) => n.notificationId.startsWith('action-overdue-')).map((n) => n.to), 'its owner is told').toEqual(overdue ? [['i5']] : []);
      }
      s = next;
    }
  });
});
