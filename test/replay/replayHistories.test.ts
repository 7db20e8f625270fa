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
import { replayWorkflowId } from '../support/fixturePayloads';

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
    const historyOf = (file: string) => historyFromJSON(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    // Histories recorded before signed commands replay together, each under its file's name; one recorded since
    // replays alone under the id it ran as (two runs of one process share it, and results are told apart by id).
    const named = fixtures.filter((file) => replayWorkflowId(file) === file);
    const histories = named.map((file) => ({ workflowId: file, history: historyOf(file) }));
    for await (const result of Worker.runReplayHistories({ workflowBundle: await workflowBundle() }, histories)) results.set(result.workflowId, result);
    for (const file of fixtures.filter((f) => !named.includes(f))) {
      const error = await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, historyOf(file), replayWorkflowId(file)).then(
        () => undefined,
        (err: unknown) => err as ReplayResult['error'],
      );
      results.set(file, { workflowId: replayWorkflowId(file), runId: file, error });
    }
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
