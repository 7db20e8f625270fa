/**
 * Situations a meeting can reach with a small alphabet of events, found by @xstate/graph. Kept are the paths on
 * which someone tried to record attendance or the meeting adjourned: each checks that only the secretariat's list
 * of members is ever recorded (a stranger on the list, or a member recording it, changes nothing), that the minutes
 * give apologies for exactly the members not present, and that no timer is left behind.
 */
import { describe, expect, it } from 'vitest';
import { meetingMachine, type MeetingSnapshot } from '../../../machines/boardMeeting/machine';
import {
  attendance, label, meetingEnds, meetingInput, meetingStarts, minutesFailed, minutesPublished, modelPaths, papersFailed, papersSent, topLevelStates,
} from '../../support/boardFixtures';
import { record, strayTimers } from '../pathInvariants';

const alphabet = [papersSent, papersFailed, meetingStarts, attendance(['m1', 'm2']), attendance(['m1', 'stranger']), attendance(['m3'], 'm3'), meetingEnds, minutesPublished, minutesFailed];

const situation = (s: MeetingSnapshot) => JSON.stringify([s.value, s.context.papersCirculated ?? null, s.context.attendance?.present ?? null]);

const paths = modelPaths(meetingMachine, { input: meetingInput(), events: () => alphabet, serializeState: situation });
const recorded = paths.map((path) => ({ path, ...record(meetingMachine, meetingInput(), path.events) }));
const kept = recorded.filter((r) => r.final.value === 'adjourned' || r.path.events.some((x) => x.type === 'attendance.recorded'));

/** The board's members (boardFixtures' roster), for the apologies. */
const members = ['m1', 'm2', 'm3', 'm4', 'm5'];

describe('meeting paths', () => {
  it('finds 15 situations, 8 of them with attendance tried or the meeting adjourned', () => {
    expect(paths).toHaveLength(15);
    expect(kept).toHaveLength(8);
  });

  it('reaches every state of the machine, the kept paths those from the session on', () => {
    expect([...new Set(paths.map((r) => String(r.final.value)))].sort()).toEqual(topLevelStates(meetingMachine));
    expect([...new Set(kept.map((r) => String(r.final.value)))].sort()).toEqual(['adjourned', 'inSession', 'publishingMinutes']);
  });

  for (const r of kept) {
    it(`records only the secretariat's list and gives apologies for the rest, by ${r.path.events.map(label).join(', ')}`, () => {
      const s = r.final;
      if (s.context.attendance) expect(s.context.attendance).toEqual({ present: ['m1', 'm2'], recordedBy: 'sec', at: expect.any(String) });
      const present = new Set(s.context.attendance?.present ?? []);
      if (s.value === 'adjourned') expect(s.output).toMatchObject({ kind: 'minutes', apologies: members.filter((m) => !present.has(m)) });
      expect(strayTimers(r)).toEqual([]);
    });
  }
});
