/**
 * How much a process's state weighs, and the windows that keep the lists it
 * only shows (closed items, past changes) from growing with its age.
 *
 * Size is what Temporal carries: the bytes of the JSON that a query answer or a
 * continue-as-new argument becomes (UTF-8). The host holds each process to a
 * budget of those bytes (workflows/host/budget.ts); the windows here keep what a
 * long-lived process shows of its past well inside it, while everything a rule
 * decides on (open items, the latest of anything) is kept whole.
 *
 * Pure: machines, the host and tests import it.
 */

const nonAscii = /[^\x00-\x7f]/;

/** Bytes of `value` as JSON in UTF-8: what a payload carrying it weighs. */
export const jsonBytes = (value: unknown): number => utf8Bytes(JSON.stringify(value) ?? '');

/** Bytes of a string in UTF-8, counted without an encoder (the workflow sandbox need not have one). */
export function utf8Bytes(text: string): number {
  // Most of what processes hold is ASCII: one byte a character, found without walking the string.
  if (!nonAscii.test(text)) return text.length;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4; // a surrogate pair: one code point beyond the BMP
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** How many of the newest entries a window keeps, and how many bytes of JSON they may weigh together. */
export interface Window {
  readonly count: number;
  readonly bytes: number;
}

/**
 * The newest entries of `list` (newest last) that fit the window: at most `count`, together at most
 * `bytes`. The newest one is always kept, whatever it weighs, so "the latest" is never lost.
 */
export function newestFitting<T>(list: readonly T[], window: Window): T[] {
  let bytes = 0;
  let from = list.length;
  while (from > 0 && list.length - from < window.count) {
    const weight = jsonBytes(list[from - 1]) + 1; // and its comma
    if (from < list.length && bytes + weight > window.bytes) break;
    bytes += weight;
    from--;
  }
  return from === 0 ? [...list] : list.slice(from);
}

/**
 * Every open entry of `list`, and the newest closed ones that fit the window, in their order.
 * Open entries are what rules decide on, so they are never dropped; the closed ones dropped are in
 * the register (or the history) already.
 */
export function keepOpen<T>(list: readonly T[], isOpen: (entry: T) => boolean, window: Window): T[] {
  const closed = list.filter((entry) => !isOpen(entry));
  const kept = new Set(newestFitting(closed, window));
  return kept.size === closed.length ? [...list] : list.filter((entry) => isOpen(entry) || kept.has(entry));
}
