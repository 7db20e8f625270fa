/**
 * A product board meeting's minutes go to the board's subscribers when they are published: the meeting
 * is convened with the subscribers of the moment, and its publication names them (the register keeps
 * the minutes, not who was told). A meeting opened before the patch publishes as it did.
 */
import { describe, expect, it } from 'vitest';
import { initialTransition } from 'xstate';
import { meetingMachine } from '../../../machines/boardMeeting/machine';
import { meetingView } from '../../../machines/boardMeeting/view';
import { boardMachine } from '../../../machines/productBoard/machine';
import { meetingEnds, meetingInput, meetingStarts, openBoard, papersDeadlinePassed, papersSent, run, spawns, at, HOUR } from '../../support/boardFixtures';
import type { BoardEvent } from '../../../machines/productBoard/machine';
import type { MeetingEvent } from '../../../machines/boardMeeting/machine';
import { transition } from 'xstate';

/** The publication the meeting asks for when it ends. */
function publication(input: ReturnType<typeof meetingInput> & { subscribers?: readonly string[]; notices?: boolean }) {
  const opened = initialTransition(meetingMachine, input)[0];
  const sitting = run(meetingMachine, opened, papersSent, meetingStarts);
  const [ended, actions] = transition(meetingMachine, sitting, meetingEnds as MeetingEvent);
  expect(ended.value).toBe('publishingMinutes');
  return { record: spawns(actions).find((a) => a.src === 'publishDecision')?.input as Record<string, unknown>, ended };
}

describe('minutes to subscribers', () => {
  it('names the subscribers in the publication, so each is told', () => {
    const { record, ended } = publication({ ...meetingInput(), subscribers: ['citizen-1', 'citizen-2'], notices: true });
    expect(record).toMatchObject({ kind: 'minutes', notify: ['citizen-1', 'citizen-2'] });
    // Who is told is not part of what anyone reads of the meeting.
    expect(meetingView(ended)).not.toHaveProperty('notify');
  });

  it('tells no one when the board has no subscribers', () => {
    expect(publication({ ...meetingInput(), subscribers: [], notices: true }).record).not.toHaveProperty('notify');
  });

  it('tells no one from a meeting opened before the patch', () => {
    expect(publication({ ...meetingInput(), subscribers: ['citizen-1'], notices: false }).record).not.toHaveProperty('notify');
  });

  it('is convened by the board with its subscribers of the moment', () => {
    const subscribe = (by: string, t: number): BoardEvent => ({ type: 'subscriber.added', by, at: at(t) });
    const unsubscribe = (by: string, t: number): BoardEvent => ({ type: 'subscriber.removed', by, at: at(t) });
    const before = run(boardMachine, openBoard()[0], subscribe('citizen-1', HOUR), subscribe('citizen-2', 2 * HOUR), unsubscribe('citizen-1', 3 * HOUR));
    const [, actions] = transition(boardMachine, before, papersDeadlinePassed as BoardEvent);
    const convened = spawns(actions).find((a) => a.src === 'boardMeeting');
    expect(convened?.input).toMatchObject({ subscribers: ['citizen-2'] });
  });
});
