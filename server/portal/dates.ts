/**
 * Dates as people read them: in words, in the reader's time zone, e.g. "Thursday 10 December 2026 at
 * 2:00pm". The engine keeps every instant in UTC (ISO 8601); only a page turns it into words.
 */

/** A zone the runtime knows (an IANA name such as Europe/London), or undefined. */
export function knownZone(zone: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-GB', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** How a city is written in a zone's name: "new york" → "new_york". */
const cityKey = (text: string): string => text.trim().toLowerCase().replace(/\s+/g, '_');

/**
 * The zone a person means by what they typed: a zone's name in any case ("europe/paris"), or a city
 * that names exactly one zone ("Paris", "New York"); undefined when it names none, or several.
 */
export function zoneNamed(typed: string): string | undefined {
  const text = typed.trim();
  if (!text || text.length > 64) return undefined;
  if (text.includes('/') || text.toUpperCase() === 'UTC') return knownZone(text);
  const city = cityKey(text);
  const matches = Intl.supportedValuesOf('timeZone').filter((zone) => cityKey(zone.split('/').at(-1)!) === city);
  return matches.length === 1 ? matches[0] : undefined;
}

const formats = new Map<string, { day: Intl.DateTimeFormat; time: Intl.DateTimeFormat }>();

function formatsIn(zone: string) {
  let found = formats.get(zone);
  if (!found) {
    found = {
      day: new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }),
      time: new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: 'numeric', minute: '2-digit', hour12: true }),
    };
    formats.set(zone, found);
  }
  return found;
}

/** en-GB writes "Thursday, 10 December 2026"; plain English needs no comma. */
const dayOf = (format: Intl.DateTimeFormat, at: Date): string => format.format(at).replace(',', '');

/**
 * Dates already written, by zone and instant: a page of the register writes the same 50 on every
 * request, and formatting them was 5–7 % of its main thread. Bounded: emptied when full.
 */
const written = new Map<string, string>();
const writtenMax = 20_000;

/** "Thursday 10 December 2026 at 2:00pm" in `zone`; an unreadable value is shown as it is. */
export function dateInWords(iso: string | undefined, zone: string): string {
  if (!iso) return '';
  const key = `${zone} ${iso}`;
  const known = written.get(key);
  if (known !== undefined) return known;
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const { day, time } = formatsIn(zone);
  const words = `${dayOf(day, at)} at ${time.format(at).replace(' ', '').toLowerCase()}`;
  if (written.size >= writtenMax) written.clear();
  written.set(key, words);
  return words;
}

/** "Thursday 10 December 2026" in `zone`. */
export function dayInWords(iso: string | undefined, zone: string): string {
  if (!iso) return '';
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : dayOf(formatsIn(zone).day, at);
}

/** The zone's name as a reader knows it: "London time (Europe/London)". */
export function zoneInWords(zone: string): string {
  const city = zone.split('/').at(-1)!.replaceAll('_', ' ');
  return zone === 'UTC' ? 'UTC' : `${city} time (${zone})`;
}

/**
 * The instant of `hour`:00 on the day `day` (YYYY-MM-DD, as a date field sends it) in `zone`, in ISO
 * 8601; undefined for anything that is not such a day. A deadline typed as a day is read where the
 * person lives, not in UTC.
 */
export function hourOnDay(day: string, hour: number, zone: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day.trim());
  if (!match) return undefined;
  const [y, m, d] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
  const guess = Date.UTC(y, m, d, hour);
  const check = new Date(guess);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m || check.getUTCDate() !== d) return undefined;
  // The zone's offset from UTC at about that time, e.g. "GMT+01:00"; "GMT" alone is none.
  const named = new Intl.DateTimeFormat('en-GB', { timeZone: zone, timeZoneName: 'longOffset' }).formatToParts(check).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const offset = /GMT([+-])(\d{2}):(\d{2})/.exec(named);
  const minutes = offset ? (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3])) : 0;
  return new Date(guess - minutes * 60_000).toISOString();
}

/**
 * The instant of `time` (HH:MM, 24-hour, as a time field sends it) on the day `day` in `zone`, in ISO
 * 8601; undefined for anything that is not such a day and time.
 */
export function timeOnDay(day: string, time: string, zone: string): string | undefined {
  const match = /^(\d{1,2})[:.](\d{2})$/.exec(time.trim());
  if (!match) return undefined;
  const [hour, minute] = [Number(match[1]), Number(match[2])];
  if (hour > 23 || minute > 59) return undefined;
  const at = hourOnDay(day, hour, zone);
  return at === undefined ? undefined : new Date(Date.parse(at) + minute * 60_000).toISOString();
}

/** The hour on its day that a deadline typed as a day falls: the end of a working day. */
export const deadlineHour = 17;

/** What to ask of someone whose day `what` could not be read as one. */
export const dayWanted = (what: string): string => `Give ${what} as year-month-day, for example 2027-01-20`;

/**
 * The day a GOV.UK date input sends (its day, month and year fields) as year-month-day, for hourOnDay;
 * undefined when a part is missing or not a number. Whether that day exists is hourOnDay's to say.
 */
export function dayOfParts(day: string, month: string, year: string): string | undefined {
  const [d, m, y] = [day.trim(), month.trim(), year.trim()];
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return undefined;
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}
