/**
 * Workflows running before input was bounded replay with the bounds off
 * (`parsePayload(…, { strict: false })`): every payload in every recorded
 * history must parse to exactly what it parsed to then, recorded before the
 * bounds in test/fixtures/payloadsParsedBeforeBounds.json. With the bounds on,
 * none of them is refused and none changes, so a run that starts afresh from
 * the same commands behaves the same too.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePayload } from '../../machines/kernel/input';
import { fixturePayloads, parsedBeforeBoundsFile, recordOf, type ParsedRecord } from '../support/fixturePayloads';

const payloads = fixturePayloads();
const before = JSON.parse(readFileSync(parsedBeforeBoundsFile, 'utf8')) as Record<string, ParsedRecord>;

describe('payloads of the recorded histories', () => {
  it('has a record from before the bounds for every payload in the histories', () => {
    expect(payloads.map((p) => p.key).sort()).toEqual(Object.keys(before).sort());
    expect(payloads.length).toBe(64);
  });

  it.each(payloads.map((p) => [p.key, p] as const))('parses %s with the bounds off exactly as before them', (key, { schema, payload }) => {
    // As JSON text, so that the order of keys must match too.
    expect(JSON.stringify(recordOf(parsePayload(schema, payload, { strict: false })))).toBe(JSON.stringify(before[key]));
  });

  it('refuses none of them with the bounds on, and changes none', () => {
    const differing = payloads
      .map(({ key, schema, payload }) => ({ key, strict: recordOf(parsePayload(schema, payload, { strict: true })) }))
      .filter(({ key, strict }) => JSON.stringify(strict) !== JSON.stringify(before[key]));
    expect(differing).toEqual([]);
  });
});
