/**
 * A board's meeting calendar as a pure function of its cadence: the engine
 * never asks a clock, it is told the time. Meetings called on top of the
 * cadence join the same list.
 */
import { DAY, HOUR } from './clock';
import { meetingIdOn } from './ids';
import type { MeetingCadence } from '../productBoard/policy';

export interface Meeting {
  /** `<boardId>-<YYYY-MM-DD>` (`meetingIdOn`): also in the meeting workflow's id. */
  readonly meetingId: string;
  readonly startsAt: string;
  readonly endsAt: string;
  /** Items requested after this go to a later meeting. */
  readonly papersDeadline: string;
}

export function meetingAt(boardId: string, start: Date, cadence: MeetingCadence): Meeting {
  return {
    meetingId: meetingIdOn(boardId, start),
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + cadence.durationHours * HOUR).toISOString(),
    papersDeadline: new Date(start.getTime() - cadence.papersDeadlineDays * DAY).toISOString(),
  };
}

/** The scheduled meetings whose papers deadline is at or after `from`, earliest first, `count` of them. */
function scheduledFrom(boardId: string, cadence: MeetingCadence, from: Date, count: number): Meeting[] {
  const found: Meeting[] = [];
  // Months are counted from the epoch so `everyMonths` lands on the same months whenever we ask.
  let month = from.getUTCFullYear() * 12 + from.getUTCMonth() - 1;
  while (found.length < count) {
    month += 1;
    if (month % cadence.everyMonths !== 0) continue;
    const start = new Date(Date.UTC(Math.floor(month / 12), month % 12, cadence.dayOfMonth, cadence.startHourUtc));
    const meeting = meetingAt(boardId, start, cadence);
    if (Date.parse(meeting.papersDeadline) >= from.getTime()) found.push(meeting);
  }
  return found;
}

/** The next meetings, scheduled and called, whose papers deadline is at or after `from`. */
export function upcomingMeetings(boardId: string, cadence: MeetingCadence, called: readonly Meeting[], from: Date, count = 3): Meeting[] {
  const extra = called.filter((m) => Date.parse(m.papersDeadline) >= from.getTime());
  const ids = new Set(extra.map((m) => m.meetingId));
  return [...extra, ...scheduledFrom(boardId, cadence, from, count).filter((m) => !ids.has(m.meetingId))]
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
    .slice(0, count);
}

/** The first meeting an item requested at `now` can join: the first whose papers deadline it meets. */
export const meetingFor = (boardId: string, cadence: MeetingCadence, called: readonly Meeting[], now: Date): Meeting =>
  upcomingMeetings(boardId, cadence, called, now, 1)[0]!;
