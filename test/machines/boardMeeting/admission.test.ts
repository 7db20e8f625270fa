/**
 * The refusal people read and the machine's own answer agree: in every
 * situation a meeting reaches, for every command it declares and whoever
 * sends it, the explanation is undefined exactly when `snapshot.can(event)`.
 */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { meetingMachine, type MeetingSnapshot } from '../../../machines/boardMeeting/machine';
import { explainMeetingRefusal } from '../../../machines/boardMeeting/view';
import { meetingCommands } from '../../../workflows/boardMeeting/messages';
import {
  attendance, juneMeeting, meetingEnds, meetingInput, meetingStarts, minutesFailed, minutesPublished, modelPaths, papersFailed, papersSent,
} from '../../support/boardFixtures';
import { agreement } from '../../support/hostModel';

type Commands = (typeof meetingCommands)[number];

/** A payload of every command the meeting declares, as `by` sends it; a stranger is among those present in one. */
const payloads: { [C in Commands as C['name']]: (by: string) => z.input<C['schema']> } = {
  recordAttendance: (by) => ({ by, present: by === 'm2' ? ['m1', 'stranger'] : ['m1', 'm2'] }),
};

const alphabet = [papersSent, papersFailed, meetingStarts, attendance(['m1', 'm2']), meetingEnds, minutesPublished, minutesFailed];
const situation = (s: MeetingSnapshot) => JSON.stringify([s.status, s.value, s.context.papersCirculated ?? null, s.context.attendance?.present ?? null]);

// The alphabet sends the papers' answer in every state; where the meeting has moved on, it puts the machine in error, which the host never keeps.
const states = modelPaths(meetingMachine, { input: meetingInput(), events: () => alphabet, serializeState: situation })
  .map((p) => p.final)
  .filter((s) => s.status !== 'error');
const people = { secretariat: 'sec', chair: 'm1', member: 'm2', 'non-member': 'stranger' };

describe('meeting refusals and the machine', () => {
  const found = agreement({ explain: explainMeetingRefusal, states, commands: meetingCommands, payloads, people, time: () => juneMeeting.startsAt });

  it(`agree in ${states.length} situations × ${meetingCommands.length} command × 4 people`, () => {
    expect(new Set(states.map((s) => String(s.value)))).toEqual(new Set(['circulatingPapers', 'awaitingMeeting', 'inSession', 'publishingMinutes', 'adjourned']));
    expect(found.cases).toBe(states.length * meetingCommands.length * 4);
    expect(found.disagreements).toEqual([]);
  });

  it('takes every command somewhere and refuses every command somewhere', () => {
    expect(found.neverTaken).toEqual([]);
    expect(found.neverRefused).toEqual([]);
  });
});
