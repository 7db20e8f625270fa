/**
 * Bounded input, for every field of every payload: each process's table of
 * command payloads and the schemas that open a process are walked to every
 * string, number, share and list they can reach (test/support/schemaWalk.ts),
 * so a field added to a schema is covered here without being listed. With
 * the bounds on, none of these is accepted — a megabyte of text, text of only
 * zero-width characters, direction overrides, control characters, links that
 * are not https, dates outside 2000–2200, shares above 1 or below 0, numbers
 * out of range, lists of ten thousand — and each refusal names the field; text
 * sent decomposed (NFD) comes out composed (NFC). Nothing throws, with the
 * bounds on or off.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { boardConfigSchema, boardPayloads } from '../../machines/productBoard/schema';
import { gateReviewPayloads, gateReviewRequestSchema } from '../../machines/gateReview/schema';
import { productPayloads } from '../../machines/product/schema';
import { meetingPayloads } from '../../machines/boardMeeting/machine';
import { harmWatchOpeningSchema, harmWatchPayloads } from '../../machines/harmWatch/schema';
import { initiativeConfigSchema, initiativePayloads } from '../../machines/initiativeBoard/schema';
import { describeIssues, parsePayload } from '../../machines/kernel/schema';
import { example, leaves, nameOf, pathOf, plant, valueAt, type Leaf, type LeafKind } from '../support/schemaWalk';

/** Each process's command payloads, as its workflow registers them. */
const payloadTables: Record<string, Readonly<Record<string, z.ZodType>>> = {
  productBoard: boardPayloads,
  gateReview: gateReviewPayloads,
  product: productPayloads,
  boardMeeting: meetingPayloads,
  harmWatch: harmWatchPayloads,
  initiativeBoard: initiativePayloads,
};

/** What each process is opened with. */
const openings: Record<string, z.ZodType> = {
  'productBoard config': boardConfigSchema,
  'initiativeBoard config': initiativeConfigSchema,
  'gateReview request': gateReviewRequestSchema,
  'harmWatch opening': harmWatchOpeningSchema,
};

/** Where a schema checks one field against another, the example it starts from is adjusted to pass. */
const adjust: Record<string, (example: any) => unknown> = {
  'productBoard config': (c) => ({ ...c, principles: { ...c.principles, board: [{ ...c.principles.board[0], id: 'id-2' }] } }),
  'productBoard policy.changed': ({ keep: _keep, ...change }) => change,
  'gateReview vote.cast': (v) => ({ ...v, choice: 'approveWithConditions' }),
  'gateReview vote.changed': (v) => ({ ...v, choice: 'approveWithConditions' }),
  'initiativeBoard vote.cast': (v) => ({ ...v, choice: 'approveWithConditions' }),
  'initiativeBoard vote.changed': (v) => ({ ...v, choice: 'approveWithConditions' }),
  'harmWatch harm.triaged': (t) => ({ ...t, severity: 'high' }),
  'harmWatch review.recorded': (r) => ({ ...r, worstHarm: 'high' }),
  'initiativeBoard submission.triaged': ({ mergedInto: _merged, ...t }) => ({ ...t, outcome: 'accepted' }),
  // `into` goes only with merged; the example fills every field.
  'initiativeBoard submission.moderated': (m) => ({ ...m, outcome: 'merged' }),
  'harmWatch harm.moderated': (m) => ({ ...m, outcome: 'merged' }),
};

const schemas = [
  ...Object.entries(openings).map(([name, schema]) => ({ name, schema })),
  ...Object.entries(payloadTables).flatMap(([process, table]) => Object.entries(table).map(([type, schema]) => ({ name: `${process} ${type}`, schema }))),
].map(({ name, schema }) => ({ name, schema, base: (adjust[name] ?? ((x: unknown) => x))(example(schema)), fields: leaves(schema) }));

const strings: readonly LeafKind[] = ['text', 'pattern', 'url', 'date', 'choice'];
const MEGABYTE = 1024 * 1024;

/** Parses with the bounds on and off; neither may throw. Returns the strict result. */
function parseBoth(schema: z.ZodType, payload: unknown) {
  let strict: ReturnType<typeof parsePayload> | undefined;
  expect(() => {
    parsePayload(schema, payload, { strict: false });
    strict = parsePayload(schema, payload, { strict: true });
  }).not.toThrow();
  return strict!;
}

/** With the bounds on, `value` at the leaf is refused, by an issue at that field (or `at`, a field holding it), named in the words people read. */
function expectRefused(schema: z.ZodType, base: unknown, leaf: Leaf, value: unknown, at: Leaf = leaf): void {
  const result = parseBoth(schema, plant(base, leaf, value));
  const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 60)) : JSON.stringify(value)?.slice(0, 60);
  expect(result.success, `${nameOf(leaf)} accepted ${shown}`).toBe(false);
  if (result.success) return;
  const path = pathOf(at);
  const atField = result.error.issues.filter((i) => path.every((k, n) => i.path[n] === k));
  expect(atField.length, `${nameOf(leaf)}: the refusal of ${shown} names other fields only: ${describeIssues(result.error).slice(0, 300)}`).toBeGreaterThan(0);
  if (path.length) expect(describeIssues(result.error)).toMatch(new RegExp(`(^|; )${path.join('.').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[.:]`));
  for (const issue of atField) expect(issue.message.trim().length).toBeGreaterThan(10);
}

const letters = fc.stringMatching(/^[A-Za-z][A-Za-z ]{0,18}[A-Za-z]$/);
const inserted = (char: fc.Arbitrary<string>) =>
  fc.tuple(letters, char, fc.nat()).map(([text, ch, at]) => {
    const i = 1 + (at % (text.length - 1));
    return text.slice(0, i) + ch + text.slice(i);
  });
const bidi = inserted(fc.constantFrom('\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069'));
const control = inserted(fc.integer({ min: 0, max: 159 }).filter((c) => (c < 32 || c >= 127) && c !== 9 && c !== 10).map((c) => String.fromCharCode(c)));
const zeroWidthOnly = fc.array(fc.constantFrom('\u200B', '\u200C', '\u200D', '\u200E', '\u200F', '\u2060', '\uFEFF', '\u00AD', ' '), { minLength: 1, maxLength: 8 }).map((a) => a.join(''));
/** Text with accented letters, sent decomposed. */
const decomposed = fc
  .array(fc.constantFrom('Amélie', 'Ñandú', 'Ōsaka', 'façade', 'Łódź', 'Việt', '한국어', 'Åse', 'crème brûlée'), { minLength: 1, maxLength: 4 })
  .map((words) => words.join(' '));
const badLinks = fc
  .tuple(
    fc.constantFrom('javascript:alert(document.cookie)//', 'file:///etc/', 'data:text/html;base64,PHNjcmlwdD4=', 'http://example.org/', 'https://reader:secret@example.org/', 'ftp://example.org/', 'vbscript:msgbox//'),
    fc.stringMatching(/^[a-z0-9]{1,12}$/),
  )
  .map(([start, rest]) => start + rest);
const badYears = fc.oneof(fc.integer({ min: 1, max: 1999 }), fc.integer({ min: 2201, max: 9999 })).map((y) => `${String(y).padStart(4, '0')}-06-15T12:00:00Z`);
const badShares = fc.oneof(
  fc.integer({ min: 1, max: 100 }).chain((d) => fc.record({ numerator: fc.integer({ min: d + 1, max: 1000 }), denominator: fc.constant(d) })),
  fc.record({ numerator: fc.integer({ min: -1000, max: -1 }), denominator: fc.integer({ min: 1, max: 100 }) }),
);

const runs = { numRuns: 8 };

describe('bounded input for every field of every payload', () => {
  it('walks every payload of every process and every opening', () => {
    expect(schemas).toHaveLength(Object.keys(openings).length + Object.values(payloadTables).reduce((n, t) => n + Object.keys(t).length, 0));
    const kinds = (kind: LeafKind) => schemas.reduce((n, s) => n + s.fields.filter((f) => f.kind === kind).length, 0);
    // Enough to notice a walker that stopped walking; the exact numbers grow with the schemas.
    expect(kinds('text')).toBeGreaterThan(100);
    expect(kinds('url')).toBeGreaterThan(5);
    expect(kinds('date')).toBeGreaterThan(5);
    expect(kinds('fraction')).toBeGreaterThan(20);
    expect(kinds('list')).toBeGreaterThan(50);
  });

  for (const { name, schema, base, fields } of schemas) {
    /** One test over every field of these kinds, when the schema has any. */
    const forEvery = (kinds: readonly LeafKind[], title: (n: number) => string, body: (leaf: Leaf) => void) => {
      const chosen = fields.filter((f) => kinds.includes(f.kind));
      if (chosen.length) it(title(chosen.length), () => chosen.forEach(body));
    };
    const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

    describe(name, () => {
      it('accepts its example with the bounds on', () => {
        const result = parsePayload(schema, base, { strict: true });
        expect(result.success, result.success ? '' : describeIssues(result.error)).toBe(true);
      });

      forEvery(strings, (n) => `refuses a megabyte in any of its ${count(n, 'string field')}`, (leaf) =>
        expectRefused(schema, base, leaf, leaf.kind === 'url' ? `https://example.org/${'a'.repeat(MEGABYTE)}` : 'x'.repeat(MEGABYTE)),
      );

      forEvery(strings, (n) => `refuses text of only zero-width characters, direction overrides and control characters in any of its ${count(n, 'string field')}`, (leaf) =>
        fc.assert(fc.property(fc.oneof(zeroWidthOnly, bidi, control), (value) => expectRefused(schema, base, leaf, value)), runs),
      );

      forEvery(['text'], (n) => `takes decomposed text (NFD) in any of its ${count(n, 'text field')} and keeps it composed (NFC)`, (leaf) =>
        fc.assert(
          fc.property(decomposed, (words) => {
            const result = parseBoth(schema, plant(base, leaf, ` ${words.normalize('NFD')} `));
            expect(result.success, `${nameOf(leaf)}: ${result.success ? '' : describeIssues(result.error)}`).toBe(true);
            if (result.success) expect(valueAt(result.data, leaf)).toBe(words.normalize('NFC'));
          }),
          runs,
        ),
      );

      forEvery(['url'], (n) => `refuses a link that is not https, or carries a password, in any of its ${count(n, 'link')}`, (leaf) =>
        fc.assert(fc.property(badLinks, (link) => expectRefused(schema, base, leaf, link)), runs),
      );

      forEvery(['date'], (n) => `refuses a date before 2000 or after 2200 in any of its ${count(n, 'date')}`, (leaf) => {
        expectRefused(schema, base, leaf, '0001-01-01T00:00:00Z');
        expectRefused(schema, base, leaf, '9999-12-31T23:59:59Z');
        fc.assert(fc.property(badYears, (date) => expectRefused(schema, base, leaf, date)), runs);
      });

      forEvery(['fraction'], (n) => `refuses a share above 1 or below 0 in any of its ${count(n, 'share')}`, (leaf) => {
        expectRefused(schema, base, leaf, { numerator: 5, denominator: 3 });
        fc.assert(fc.property(badShares, (share) => expectRefused(schema, base, leaf, share)), runs);
      });

      forEvery(['number'], (n) => `refuses a number far out of range, or negative, in any of its ${count(n, 'number')}`, (leaf) => {
        // A numerator above its denominator is refused as the share.
        const share = leaf.steps.at(-1)?.key === 'numerator' ? { ...leaf, steps: leaf.steps.slice(0, -1) } : leaf;
        expectRefused(schema, base, leaf, 1e12, share);
        expectRefused(schema, base, leaf, -1);
      });

      forEvery(['list'], (n) => `refuses ten thousand entries in any of its ${count(n, 'list')}`, (leaf) => {
        const entry = (valueAt(base, leaf) as unknown[] | undefined)?.[0] ?? example((leaf.schema as unknown as { def: { element: z.ZodType } }).def.element);
        expectRefused(schema, base, leaf, Array.from({ length: 10_001 }, () => entry));
      });
    });
  }
});
