/**
 * Every situation a meeting can reach with a small alphabet of events, found
 * by @xstate/graph, replayed through the pure machine.
 */
import { describe, expect } from 'vitest';
import { meetingMachine, type MeetingSnapshot } from '../../../machines/boardMeeting/machine';
import {
  attendance, meetingEnds, meetingInput, meetingStarts, minutesFailed, minutesPublished, modelPaths, papersFailed, papersSent, pathTests,
} from '../../support/boardFixtures';

const alphabet = [papersSent, papersFailed, meetingStarts, attendance(['m1', 'm2']), attendance(['m1', 'stranger']), attendance(['m3'], 'm3'), meetingEnds, minutesPublished, minutesFailed];

const situation = (s: MeetingSnapshot) => JSON.stringify([s.value, s.context.papersCirculated ?? null, s.context.attendance?.present ?? null]);

const paths = modelPaths(meetingMachine, { input: meetingInput(), events: () => alphabet, serializeState: situation });

describe('meeting paths', () => {
  pathTests(meetingMachine, paths, 15, situation, (s) => {
    // Only the secretariat's list of members is ever recorded.
    if (s.context.attendance) expect(s.context.attendance).toEqual({ present: ['m1', 'm2'], recordedBy: 'sec', at: expect.any(String) });
    if (s.value === 'adjourned') expect(s.output).toMatchObject({ kind: 'minutes', apologies: s.context.attendance ? ['m3', 'm4', 'm5'] : ['m1', 'm2', 'm3', 'm4', 'm5'] });
  });
});
