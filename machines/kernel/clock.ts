/**
 * Time arithmetic the machines share. Machines read no clock: every instant
 * here is an ISO 8601 string the engine stamped on an event.
 */
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** Milliseconds from `now` until `due`, for a timer; none once `due` has passed. */
export const delayUntil = (due: string, now: string): number => Math.max(0, Date.parse(due) - Date.parse(now));

/**
 * When a timer fired: the host stamps the event, and after an outage that is later than the
 * timer was due; an unstamped event counts as firing on time.
 */
export const firedAt = (event: object, due: string): string => later(due, 'at' in event && typeof event.at === 'string' ? event.at : undefined);

/** The later of two instants; `a` when they are equal or `b` is absent. */
export const later = (a: string, b?: string): string => (b !== undefined && Date.parse(b) > Date.parse(a) ? b : a);
