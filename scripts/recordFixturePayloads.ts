/**
 * Records what every payload in the recorded histories parses to, as the
 * workflows parse it on replay (`parsePayload` with `strict: false`), into
 * test/fixtures/payloadsParsedBeforeBounds.json:
 *
 *   npx tsx scripts/recordFixturePayloads.ts
 *
 * It was first run before input was bounded, with the schemas as they were
 * (plain `safeParse`); the replay test holds the lenient parse to that record. Run it again only
 * after recording a new history, and check that the entries already there did
 * not change (git diff): a change means a running workflow would replay
 * differently.
 */
import { writeFileSync } from 'node:fs';
import { parsePayload } from '../machines/kernel/input';
import { fixturePayloads, parsedBeforeBoundsFile, recordOf } from '../test/support/fixturePayloads';

const record = Object.fromEntries(fixturePayloads().map(({ key, schema, payload }) => [key, recordOf(parsePayload(schema, payload, { strict: false }))]));
writeFileSync(parsedBeforeBoundsFile, `${JSON.stringify(record, null, 1)}\n`);
console.log(`Recorded ${Object.keys(record).length} payloads in ${parsedBeforeBoundsFile}`);
