/**
 * Time arithmetic the machines share. Machines read no clock: every instant
 * here is an ISO 8601 string the engine stamped on an event.
 */
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** Milliseconds from `now` until `due`, for a timer; none once `due` has passed. */
export const delayUntil = (due: string, now: string): number => Math.max(0, Date.parse(due) - Date.parse(now));

/** The later of two instants; `a` when they are equal or `b` is absent. */
export const later = (a: string, b?: string): string => (b !== undefined && Date.parse(b) > Date.parse(a) ? b : a);
