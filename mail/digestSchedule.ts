/**
 * When digests go, as a pure function of the notices waiting and the time: a daily digest at 08:00
 * in the recipient's zone, a weekly one on Monday at 08:00, each gathering every notice of one board
 * that came before it. Time zones, and daylight saving within them, are Intl's.
 */
export type DigestKind = 'daily' | 'weekly';

/** The hour, in the recipient's zone, that digests go out. */
export const digestHour = 8;

/** A notice waiting for a digest. */
export interface Waiting {
  readonly noticeId: string;
  readonly personId: string;
  readonly boardId: string;
  readonly kind: DigestKind;
  readonly timeZone: string;
  readonly createdAt: Date;
}

/** One digest to send now: a person's waiting notices of one board, of one kind. */
export interface DueDigest {
  readonly personId: string;
  readonly boardId: string;
  readonly kind: DigestKind;
  /** The digest time these notices were gathered for (the latest one passed, if several were missed). */
  readonly at: Date;
  readonly noticeIds: readonly string[];
}

/** The wall clock of `at` in `zone`. */
function wallClock(at: Date, zone: string) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: zone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23' })
      .formatToParts(at)
      .map((p) => [p.type, Number(p.value)]),
  ) as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number>;
  return parts;
}

/** How far `zone` is ahead of UTC at `at`, in milliseconds. */
function offsetAt(at: Date, zone: string): number {
  const w = wallClock(at, zone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant the wall clock in `zone` reads `hour`:00 on the given day. */
export function atLocalHour(zone: string, year: number, month: number, day: number, hour: number): Date {
  const guess = Date.UTC(year, month - 1, day, hour);
  let at = guess - offsetAt(new Date(guess), zone);
  // Across a daylight-saving change the offset at the answer differs from the guess's: take the answer's.
  at = guess - offsetAt(new Date(at), zone);
  return new Date(at);
}

/**
 * The first digest time strictly after `after` for `kind` in `zone`: the next 08:00 (daily), or the
 * next Monday 08:00 (weekly).
 *
 * @example
 * digestTimeAfter('daily', 'Europe/London', new Date('2027-01-12T07:59:00Z')) // 2027-01-12T08:00:00Z
 */
export function digestTimeAfter(kind: DigestKind, zone: string, after: Date): Date {
  const today = wallClock(after, zone);
  for (let i = 0; i <= 8; i++) {
    const day = new Date(Date.UTC(today.year, today.month - 1, today.day + i));
    if (kind === 'weekly' && day.getUTCDay() !== 1) continue;
    const slot = atLocalHour(zone, day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), digestHour);
    if (slot.getTime() > after.getTime()) return slot;
  }
  throw new Error(`No ${kind} digest time found after ${after.toISOString()} in ${zone}`);
}

/**
 * The digests due at `now`: for each person, board and kind, the waiting notices whose digest time
 * has come, in one message (a worker that was down over several digest times sends one, not several).
 * Notices whose time has not come wait.
 *
 * @example
 * dueDigests(waiting, new Date()) // [{ personId: 'm-ada', boardId: 'product-board', kind: 'daily', noticeIds: ['3', '7'], at }]
 */
export function dueDigests(waiting: readonly Waiting[], now: Date): DueDigest[] {
  const groups = new Map<string, { digest: Omit<DueDigest, 'noticeIds' | 'at'>; at: number; noticeIds: string[] }>();
  for (const notice of [...waiting].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || Number(a.noticeId) - Number(b.noticeId))) {
    const slot = digestTimeAfter(notice.kind, notice.timeZone, notice.createdAt).getTime();
    if (slot > now.getTime()) continue;
    const key = JSON.stringify([notice.personId, notice.boardId, notice.kind]);
    const group = groups.get(key) ?? { digest: { personId: notice.personId, boardId: notice.boardId, kind: notice.kind }, at: 0, noticeIds: [] };
    group.at = Math.max(group.at, slot);
    group.noticeIds.push(notice.noticeId);
    groups.set(key, group);
  }
  return [...groups.values()].map((g) => ({ ...g.digest, at: new Date(g.at), noticeIds: g.noticeIds }));
}
