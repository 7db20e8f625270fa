/** Dates in words, for people: the CLI's messages and the operators' lines. */
const dayInWords = new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' });

/** A moment in words, in UTC: "Tuesday 1 December 2026, 19:42 UTC". */
export function dateInWords(iso: string | Date): string {
  const part = Object.fromEntries(dayInWords.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${part.weekday} ${part.day} ${part.month} ${part.year}, ${part.hour}:${part.minute} UTC`;
}

