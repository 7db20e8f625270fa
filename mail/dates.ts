/**
 * Dates in words, in the reader's time zone: "Tuesday 12 January 2027, 2 pm UK time". People read a
 * deadline more surely in words than as 2027-01-12T14:00Z, and in their own zone rather than the
 * server's. Intl does the calendar work (daylight saving, zone rules); this only picks the words.
 */

/** The zone everyone without one of their own is given. */
export const defaultTimeZone = 'Europe/London';

/** Whether `zone` is an IANA time zone this runtime knows ("Europe/Paris", "UTC"). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return zone.length <= 64;
  } catch {
    return false;
  }
}

/** How a zone is named after a time: "UK time", "Paris time", "New York time", "UTC". */
export function zoneInWords(zone: string): string {
  if (zone === 'Europe/London') return 'UK time';
  if (/^(Etc\/)?(UTC|GMT|Zulu|Universal)$/i.test(zone)) return 'UTC';
  const city = zone.split('/').at(-1)!.replace(/_/g, ' ');
  return `${city} time`;
}

const withTime = { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: 'numeric', minute: '2-digit', hourCycle: 'h23' } as const;
const dayOnly = { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' } as const;

/** One formatter per zone and shape: making an Intl.DateTimeFormat costs far more than using one (a page of notices makes dozens). */
const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterOf = (zone: string, shape: 'withTime' | 'dayOnly') => {
  const key = `${shape} ${zone}`;
  let found = formatters.get(key);
  if (!found) formatters.set(key, (found = new Intl.DateTimeFormat('en-GB', { timeZone: zone, ...(shape === 'withTime' ? withTime : dayOnly) })));
  return found;
};

const partsOf = (date: Date, zone: string, shape: 'withTime' | 'dayOnly') =>
  Object.fromEntries(formatterOf(zone, shape).formatToParts(date).map((p) => [p.type, p.value])) as Record<string, string>;

/**
 * `instant` in words in `zone`: the day, the date and the time ("2 pm", "2:30 pm", "12 noon",
 * "12 midnight"), and the zone.
 *
 * @throws RangeError for an instant that is not a date, or a zone Intl does not know.
 * @example
 * dateInWords('2027-01-12T14:00:00Z', 'Europe/London') // 'Tuesday 12 January 2027, 2 pm UK time'
 */
export function dateInWords(instant: string | Date, zone: string = defaultTimeZone): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) throw new RangeError(`${String(instant)} is not a date`);
  const p = partsOf(date, zone, 'withTime');
  const hour = Number(p.hour);
  const minute = p.minute!;
  const time =
    minute === '00' && hour === 12 ? '12 noon' : minute === '00' && hour === 0 ? '12 midnight' : `${hour % 12 || 12}${minute === '00' ? '' : `:${minute}`} ${hour < 12 ? 'am' : 'pm'}`;
  return `${p.weekday} ${p.day} ${p.month} ${p.year}, ${time} ${zoneInWords(zone)}`;
}

/** The calendar date alone, in words, in `zone`: "Tuesday 12 January 2027". */
export function dayInWords(instant: string | Date, zone: string = defaultTimeZone): string {
  const p = partsOf(new Date(instant), zone, 'dayOnly');
  return `${p.weekday} ${p.day} ${p.month} ${p.year}`;
}

/**
 * Writes each `{name}` of `text` that `dates` names as that date in words in `zone`; any other
 * braces are left as they are (a notice may quote braces of its own).
 *
 * @example
 * fillDates('Voting closes {closes}.', { closes: '2027-01-12T14:00:00Z' }, 'Europe/London') // 'Voting closes Tuesday 12 January 2027, 2 pm UK time.'
 */
export function fillDates(text: string, dates: Readonly<Record<string, string>> | undefined, zone: string = defaultTimeZone): string {
  if (!dates) return text;
  return text.replace(/\{([A-Za-z][A-Za-z0-9_]*)\}/g, (whole, name: string) => {
    const at = Object.hasOwn(dates, name) ? dates[name] : undefined;
    if (at === undefined || Number.isNaN(new Date(at).getTime())) return whole;
    return dateInWords(at, zone);
  });
}
