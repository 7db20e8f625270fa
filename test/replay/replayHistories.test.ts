/**
 * Every recorded history replays against today's workflow code. A change that
 * would break a review already in flight fails here; guard it with `patched()`
 * and record a new history (scripts/recordHistories.ts) rather than edit these.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker, type ReplayResult } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { workflowBundle } from '../support/temporal';

const dir = join(import.meta.dirname, '..', 'fixtures', 'histories');
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

let replays: Promise<Map<string, ReplayResult>> | undefined;
/**
 * Every fixture replayed by one replay worker, each as a workflow of its own (named by its file):
 * a worker loads the bundle into a fresh isolate, which took most of a second per fixture.
 */
const replayed = () =>
  (replays ??= (async () => {
    const results = new Map<string, ReplayResult>();
    const histories = fixtures.map((file) => ({ workflowId: file, history: historyFromJSON(JSON.parse(readFileSync(join(dir, file), 'utf8'))) }));
    for await (const result of Worker.runReplayHistories({ workflowBundle: await workflowBundle() }, histories)) results.set(result.workflowId, result);
    return results;
  })());

describe('replay of recorded histories', () => {
  it('has a recorded history for every workflow type the worker registers', async () => {
    const typeOf = (file: string) =>
      (JSON.parse(readFileSync(join(dir, file), 'utf8')) as { events: { workflowExecutionStartedEventAttributes?: { workflowType?: { name?: string } } }[] }).events[0]
        ?.workflowExecutionStartedEventAttributes?.workflowType?.name;
    const workflows = await import('../../workflows');
    expect([...new Set(fixtures.map(typeOf))].sort()).toEqual(Object.keys(workflows).sort());
  });

  it.each(fixtures)('replays %s without nondeterminism', async (file) => {
    const result = (await replayed()).get(file);
    expect(result, `no replay result for ${file}`).toBeDefined();
    expect(result!.error).toBeUndefined();
  });
});
