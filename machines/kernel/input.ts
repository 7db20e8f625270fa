/**
 * Bounded, normalised input: the builders every payload schema uses for text,
 * links, dates, numbers and lists, and the one table of limits they apply.
 *
 * Payloads come from people (the portal, the CLI, the Temporal UI), so every
 * string is normalised (NFC, trimmed), refuses characters that can disguise
 * what it says, and has a maximum length; every list has a maximum count and
 * refuses the same id twice; dates and numbers stay within sane ranges. Each
 * refusal says what was wrong and what to send, for a board member to act on.
 *
 * Workflows already running accepted their payloads under looser schemas, and
 * a replayed history must parse the same. So the bounds are checks that the
 * host can switch off for a run started before them (`parsePayload`), while
 * what a field checked before the bounds (a reason's 4,000 characters, a trim)
 * holds in both modes.
 */
import { z } from 'zod';

/**
 * Every limit, stated once: the schemas read them from here, and the README's
 * table of limits is printed from `describeLimits()`.
 */
export const limits = {
  /** Characters (UTF-16 code units) in one piece of text. */
  text: {
    /** A person's, product's, resource's or organisation's name; a title. */
    name: 200,
    /** An area of work or an expertise: a word or two. */
    label: 100,
    /** A condition, a KPI's target, a strategy's focus, a funding gap. */
    short: 1000,
    /** One benefit or harm found by a review. */
    finding: 2000,
    /** A reason, note, reference, question, summary, piece of evidence; a principle's text; a self-assessment. */
    reason: 4000,
    /** A product's description, the text of a submission or an action. */
    long: 8000,
    /** The details of a harm report. */
    details: 20_000,
    /** A link to a paper, report or resource. */
    link: 2000,
  },
  /** Entries in one list. */
  lists: {
    members: 50,
    secretariat: 20,
    /** Members present at a meeting (no board has more seats). */
    present: 50,
    papers: 20,
    principles: 50,
    selfAssessment: 50,
    conditions: 20,
    findings: 50,
    kpis: 20,
    /** A member's areas or expertise, or those a composition policy requires. */
    labels: 10,
    /** Unmet rules in a composition status. */
    unmet: 30,
    /** People told of a decision. */
    subscribers: 5000,
    /** Reviews after a product goes live, before the regular ones. */
    firstReviews: 12,
  },
  numbers: {
    /** Seats on a board; also the most any "at least this many members" rule can ask. */
    seats: 50,
    /** The largest denominator of a share (quorum, supermajority): 2/3, 3/4, 7/10… */
    denominator: 100,
    /** Days after going live (or an iteration) for a first review: ten years. */
    reviewAfterDays: 3650,
    /** A KPI's baseline, target or quarterly figure: a billion (households, pounds, percentages). */
    measure: 1_000_000_000,
  },
  dates: { firstYear: 2000, lastYear: 2200 },
} as const;

// ---------------------------------------------------------------------------
// Strict or lenient

/**
 * Whether the bound-only checks apply. On by default: a schema used on its own
 * (the client checking a command before sending it, a test) is strict, and only
 * `parsePayload(…, { strict: false })` relaxes it, for the length of one parse.
 */
let strict = true;

/** Whether the parse under way applies the bounds (read by the checks below). */
export const boundsApply = (): boolean => strict;

/**
 * Parses a payload, with the bounds on (`strict: true`) or off; bad input is a
 * failed result, never an exception.
 *
 * The host decides `strict` once per run (`patched('bounded-input')`): a run
 * started before the bounds replays its history with them off, so every payload
 * it accepted then is accepted again, to the same value. With them off a schema
 * parses exactly as before the bounds: the same checks, trims and defaults.
 *
 * The switch is a module-level flag, set around one synchronous `safeParse` and
 * restored in `finally`. That is safe inside Temporal's workflow sandbox, where
 * one V8 context may be shared by many workflows (`reuseV8Context`): JavaScript
 * runs one activation at a time, and nothing in a parse awaits, so no other
 * workflow, handler or timer can run between setting the flag and restoring
 * it; a schema that throws still restores it. (An async schema would break
 * this: `safeParse` refuses async checks, and none of ours is.)
 */
export function parsePayload<S extends z.ZodType>(schema: S, payload: unknown, options: { readonly strict: boolean }): z.ZodSafeParseResult<z.output<S>> {
  const before = strict;
  strict = options.strict;
  try {
    return schema.safeParse(payload);
  } finally {
    strict = before;
  }
}

// ---------------------------------------------------------------------------
// Text

/** Thousands with commas, as people write them: 600,000. */
/**
 * A value the sender sent, quoted in a refusal: cut to `max` characters, so that a refusal (which
 * goes back to the sender and into a Signal's audit log) never carries the oversized text it refuses.
 */
export const quotedInput = (value: unknown, max = 60): string => {
  const text = String(value);
  return `"${text.length > max ? `${text.slice(0, max)}…" (${thousands(text.length)} characters)` : `${text}"`}`;
};

export const thousands = (n: number): string => {
  const [whole = '', fraction] = String(n).split('.');
  return whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (fraction === undefined ? '' : `.${fraction}`);
};

const codePoint = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** Characters that change the direction text is shown in: a name can be made to read as another. */
const bidiControls = /[\u202A-\u202E\u2066-\u2069\u061C]/u;
/**
 * Characters shown as nothing, which can hide text or make two different names
 * look the same: every format character (zero-width space, direction marks,
 * word joiner, byte-order mark, soft hyphen, tags…) and the fillers that draw
 * a blank. Zero-width joiners and non-joiners are needed by Persian, Indic
 * scripts and emoji sequences, so they pass between two visible characters;
 * the Arabic marks that are drawn (number signs, end of ayah) pass too.
 */
const hiddenCharacters = /[\p{Cf}\u034F\u115F\u1160\u17B4\u17B5\u3164\uFFA0]/gu;
const drawnFormatMarks = /[\u0600-\u0605\u06DD\u070F\u0890\u0891\u08E2\u{110BD}\u{110CD}]/u;
const joiners = /[\u200C\u200D]/u;
const blankAround = /[\s\p{Cf}\p{Cc}]/u;
/** Anything that draws something. */
const visible = /[^\s\p{Cf}\p{Cc}\u034F\u115F\u1160\u17B4\u17B5\u3164\uFFA0]/u;
const loneSurrogate = /\p{Cs}/u;
const names: Record<string, string> = {
  'U+202A': 'a left-to-right embedding',
  'U+202B': 'a right-to-left embedding',
  'U+202C': 'a pop-direction mark',
  'U+202D': 'a left-to-right override',
  'U+202E': 'a right-to-left override',
  'U+2066': 'a left-to-right isolate',
  'U+2067': 'a right-to-left isolate',
  'U+2068': 'a first-strong isolate',
  'U+2069': 'a pop-direction isolate',
  'U+200B': 'a zero-width space',
  'U+200C': 'a zero-width non-joiner',
  'U+200D': 'a zero-width joiner',
  'U+200E': 'a left-to-right mark',
  'U+200F': 'a right-to-left mark',
  'U+2060': 'a word joiner',
  'U+00AD': 'a soft hyphen',
  'U+FEFF': 'a byte-order mark',
};
const described = (ch: string) => {
  const cp = codePoint(ch);
  return names[cp] ? `${cp}, ${names[cp]}` : cp;
};

function firstHidden(value: string): string | undefined {
  for (const match of value.matchAll(hiddenCharacters)) {
    const ch = match[0];
    if (drawnFormatMarks.test(ch)) continue;
    const before = value[match.index - 1];
    const after = value[match.index + ch.length];
    if (joiners.test(ch) && before !== undefined && after !== undefined && !blankAround.test(before) && !blankAround.test(after)) continue;
    return ch;
  }
  return undefined;
}

/** What is wrong with a (trimmed, NFC) text, in words its sender can act on; undefined when nothing is. */
export function textProblem(what: string, value: string, multiline: boolean): string | undefined {
  if (!visible.test(value)) return `${what} is blank: it has only invisible characters; write it out`;
  if (loneSurrogate.test(value)) return `${what} contains a broken character (half of an emoji or symbol); type it again or remove it`;
  const bidi = bidiControls.exec(value);
  if (bidi) return `${what} contains a hidden character (${described(bidi[0])}) that can make text display differently from what it says; remove it`;
  const hidden = firstHidden(value);
  if (hidden) return `${what} contains an invisible character (${described(hidden)}); remove it`;
  if (!multiline && /[\n\r\u2028\u2029\u0085]/u.test(value)) return `${what} must be on one line: remove the line break`;
  const control = multiline ? /[^\P{Cc}\n\t]/u.exec(value) : /\p{Cc}/u.exec(value);
  if (control) return `${what} contains a control character (${codePoint(control[0])}) that cannot be shown; remove it`;
  return undefined;
}

const tooLong = (what: string, length: number, max: number, longer?: string) =>
  `${what} is ${thousands(length)} characters long; keep it to ${thousands(max)} or fewer${longer ? ` (${longer})` : ''}`;

export interface TextOptions {
  /** The most characters it may have: one of `limits.text`. */
  readonly max: number;
  /** Line breaks and tabs allowed (reasons, descriptions); a name or title is one line. */
  readonly multiline?: boolean;
  /** What to say when it is missing or not text. */
  readonly required?: string;
  /** What to say when it is empty. */
  readonly empty?: string;
  /** Where longer text goes, said after the length refusal: "put longer papers behind a link". */
  readonly longer?: string;
  /**
   * How the field was checked before the bounds, kept in both modes: the
   * maximum it had (if any), and `untrimmed` for a field that took any string.
   */
  readonly before?: { readonly max?: number; readonly untrimmed?: true };
}

/**
 * A piece of text. With the bounds on: NFC, trimmed, at most `max` characters,
 * no control characters (but line breaks and tabs in multi-line text), no
 * direction overrides or invisible characters, and something visible in it.
 *
 * NFC (and trimming a field that was not trimmed before) applies only with the
 * bounds on. None of the recorded histories holds text it would change, but a
 * run in production may have accepted decomposed text, and its replay must
 * hand the machine the very value it had.
 */
export function text(what: string, options: TextOptions) {
  const { max, multiline = false, before = {} } = options;
  const empty = options.empty ?? `${what} cannot be empty`;
  const normalised = z
    .string({ error: options.required ?? `${what} is required, as text` })
    .overwrite((s) => (strict ? (multiline ? s.replace(/\r\n/g, '\n') : s).normalize('NFC') : s));
  const trimmed = before.untrimmed ? normalised.overwrite((s) => (strict ? s.trim() : s)) : normalised.trim();
  return trimmed.check((ctx) => {
    const issue = (message: string): void => void ctx.issues.push({ code: 'custom', message, input: ctx.value });
    const value = ctx.value;
    if (value.length === 0 && (strict || !before.untrimmed)) return issue(empty);
    const limit = strict ? max : before.max;
    if (limit !== undefined && value.length > limit) return issue(tooLong(what, value.length, limit, options.longer));
    if (!strict) return;
    const problem = textProblem(what, value, multiline);
    if (problem) issue(problem);
  });
}

/** A name or title: one line, `limits.text.name` characters. */
export const nameText = (what: string, options: Omit<TextOptions, 'max'> = {}) => text(what, { max: limits.text.name, ...options });

/** A reason, note, reference or summary: multi-line, 4,000 characters, as it was before the bounds. */
export const reasonText = (what: string, options: Omit<TextOptions, 'max' | 'multiline'> = {}) =>
  text(what, { max: limits.text.reason, multiline: true, before: { max: limits.text.reason }, ...options });

// ---------------------------------------------------------------------------
// Links

/**
 * A link to a paper, report or resource. With the bounds on, only `https:`
 * links without a user name or password, at most `limits.text.link` long:
 * a `javascript:` or `data:` link runs code in a reader's browser, a `file:`
 * link points into someone's own computer, an `http:` one can be changed on
 * the way.
 */
export function httpsUrl(what: string, options: { readonly error?: string } = {}) {
  return z.url({ error: options.error ?? `${what} is a link (https://…)` }).check((ctx) => {
    if (!strict || ctx.issues.length) return; // not a link at all: the URL check has said so
    const issue = (message: string): void => void ctx.issues.push({ code: 'custom', message, input: ctx.value });
    const value = ctx.value;
    if (value.length > limits.text.link) return issue(`${tooLong(what, value.length, limits.text.link)} (use a shorter link)`);
    const problem = textProblem(what, value, false);
    if (problem) return issue(problem);
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return issue(`${what} is not a link: send it as https://…`);
    }
    if (url.protocol === 'http:') return issue(`${what} must be an https:// link; http:// links are not allowed (they can be changed on the way): use https://`);
    if (url.protocol !== 'https:') return issue(`${what} must be an https:// link; ${url.protocol}… is not allowed`);
    if (url.username || url.password) return issue(`${what} carries a user name or password (before the @); send the link without them`);
    if (!url.hostname) return issue(`${what} names no website: send it as https://site/…`);
  });
}

// ---------------------------------------------------------------------------
// Dates and numbers

/** An instant, with its offset, within `limits.dates` when the bounds are on. */
export const isoDate = (what: string) =>
  z.iso.datetime({ offset: true, error: `${what} is an ISO 8601 date-time, e.g. 2027-03-01T17:00:00Z` }).check((ctx) => {
    if (!strict) return;
    if (ctx.issues.length) return; // not a date: the format check has said what to send
    const year = new Date(Date.parse(ctx.value)).getUTCFullYear();
    const { firstYear, lastYear } = limits.dates;
    if (year < firstYear || year > lastYear)
      ctx.issues.push({ code: 'custom', input: ctx.value, message: `${what} is in the year ${year}; send a date between the years ${firstYear} and ${lastYear}` });
  });

/**
 * A whole number from `min` to `max`, in both modes: the policies' ranges were
 * checked before the bounds too, and only their words are new.
 */
export const wholeNumber = (what: string, min: number, max: number) => {
  const range = `${what} is a whole number from ${min} to ${max}`;
  return z.number({ error: `${what} is a number` }).int(range).min(min, range).max(max, range);
};

/** A number above 0, fractions allowed, of at most `max`, in both modes (as `wholeNumber`). */
export const positiveNumber = (what: string, max: number) => {
  const range = `${what} is more than 0 and at most ${thousands(max)} (fractions allowed)`;
  return z.number({ error: `${what} is a number` }).positive(range).max(max, range);
};

/** With the bounds on, a number of at most `max`; `what` names the number, `why` says where the limit comes from. */
export const atMost = (max: number, what: string, why?: string) => (ctx: z.core.ParsePayload<number>) => {
  if (strict && ctx.value > max)
    ctx.issues.push({ code: 'custom', input: ctx.value, message: `${what} is ${thousands(ctx.value)}; send at most ${thousands(max)}${why ? ` (${why})` : ''}` });
};

/** With the bounds on, a number of at least `min`. */
export const atLeast = (min: number, what: string) => (ctx: z.core.ParsePayload<number>) => {
  if (strict && ctx.value < min) ctx.issues.push({ code: 'custom', input: ctx.value, message: `${what} is ${ctx.value}; send at least ${min}` });
};

/** A share of a board: a whole fraction of at most 1 (numerator ≤ denominator ≤ `limits.numbers.denominator`). */
export const fractionSchema = z
  .strictObject({
    numerator: z.number().int().min(0),
    denominator: z
      .number()
      .int()
      .min(1)
      .check(atMost(limits.numbers.denominator, "a share's denominator", 'write the share in smaller numbers, for example 2/3')),
  })
  .check((ctx) => {
    if (!strict) return;
    const { numerator, denominator } = ctx.value;
    const issue = (message: string): void => void ctx.issues.push({ code: 'custom', message, input: ctx.value });
    if (numerator > denominator) issue(`a share is at most the whole board: ${numerator}/${denominator} is more than 1; send, for example, 1/2 or 2/3`);
  });

// ---------------------------------------------------------------------------
// Lists

export interface ListOptions<T> {
  /** The most entries: one of `limits.lists`. */
  readonly max: number;
  /** The maximum it had before the bounds, kept in both modes. */
  readonly before?: { readonly max?: number };
  /** With the bounds on, no two entries may share this key (an id). */
  readonly unique?: (entry: T) => string;
  /** What the key is, for the refusal: "principle" → "principle good-data is listed twice". */
  readonly key?: string;
}

/** A list of at most `max` entries, named `what` in refusals: a plural, "papers", "expertise entries". */
export function list<T extends z.ZodType>(entry: T, what: string, options: ListOptions<z.output<T>>) {
  return z.array(entry).check((ctx) => {
    const issue = (message: string): void => void ctx.issues.push({ code: 'custom', message, input: ctx.value });
    const limit = strict ? options.max : options.before?.max;
    if (limit !== undefined && ctx.value.length > limit) return issue(`${thousands(ctx.value.length)} ${what} were sent; send at most ${thousands(limit)}`);
    if (!strict || !options.unique) return;
    const seen = new Set<string>();
    for (const item of ctx.value) {
      const key = options.unique(item);
      if (seen.has(key)) return issue(`${options.key ? `${options.key} ` : ''}${key} is listed twice among the ${what}; list each once`);
      seen.add(key);
    }
  });
}

/** Ids, each once. */
export const uniqueIds = <T extends z.ZodType<string>>(id: T, what: string, max: number, key?: string) =>
  list(id, what, { max, unique: (x) => x, ...(key ? { key } : {}) });

// ---------------------------------------------------------------------------
// The limits, for people

/** What each limit applies to, in the words of the README's table; every limit must have one. */
const appliesTo: { readonly [G in keyof typeof limits]: { readonly [K in keyof (typeof limits)[G]]: string } } = {
  text: {
    name: "a name or title: a member, product, principle, resource, KPI, assessor, researcher or owner",
    label: 'an area of work or an expertise',
    short: "a vote's condition, a KPI's target, a strategy's focus, a funding gap",
    finding: 'one benefit or harm a review found',
    reason: "a reason, note, reference, interest, question, summary or evidence; a principle's text; a self-assessment",
    long: "a product's description; the text of a submission, an item or an action",
    details: "a harm report's details",
    link: 'a link to a paper, report or resource',
  },
  lists: {
    members: "a board's members",
    secretariat: "a board's secretariat",
    present: 'members present at a meeting',
    papers: "an item's papers",
    principles: 'principles (guiding, or the board’s own)',
    selfAssessment: 'self-assessment entries, one per principle',
    conditions: "a vote's conditions",
    findings: "a review's benefits, and its harms",
    kpis: "a strategy's KPIs",
    labels: "a member's areas or expertise; those a composition policy requires",
    unmet: "unmet rules in a composition status (made by the engine)",
    subscribers: 'people told of a decision',
    firstReviews: 'reviews after going live before the regular ones',
  },
  numbers: {
    seats: 'seats on a board; any "at least this many members" rule',
    denominator: "a share's denominator (a share is at most 1)",
    reviewAfterDays: 'days after going live for a first review',
    measure: "a KPI's baseline, target or quarterly figure",
  },
  dates: { firstYear: 'every date, from the year', lastYear: 'every date, to the year' },
};

/** The limits as a Markdown table, for the README. */
export function describeLimits(): string {
  const rows = (group: 'text' | 'lists' | 'numbers', unit: (v: number) => string) =>
    Object.entries(limits[group]).map(([k, v]) => [(appliesTo[group] as Record<string, string>)[k]!, unit(v)]);
  const table = [
    ...rows('text', (v) => `${thousands(v)} characters`),
    ...rows('lists', (v) => `${thousands(v)} entries`),
    ...rows('numbers', (v) => `at most ${thousands(v)}`),
    ['every date', `in the years ${limits.dates.firstYear}–${limits.dates.lastYear}`],
  ];
  return ['| applies to | limit |', '| --- | --- |', ...table.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
}
