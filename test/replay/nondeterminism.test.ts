/**
 * The replay test is only worth having if it catches a change that would break a
 * review in flight. Here a deliberately changed copy of the gate review workflow
 * (it sleeps one second before running the machine) is bundled from a temporary
 * entry file that exists only while this test runs; replaying a recorded history
 * against it must fail with the SDK's nondeterminism error (TMPRL1100), while
 * the unchanged workflows replay the same history cleanly. Nothing in workflows/
 * is touched.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { bundleWorkflowCode, DefaultLogger, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflowBundle } from '../support/temporal';

const root = join(import.meta.dirname, '..', '..');
const fixture = 'gateReview-approvedWithConditions.json';
const history = () => historyFromJSON(JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'histories', fixture), 'utf8')));

/** Every workflow as it is, except `gateReview`, which waits a second before it starts the machine (a local export shadows `export *`). */
const changedEntry = (workflows: string) => `
import { sleep } from '@temporalio/workflow';
import { gateReviewProcess } from ${JSON.stringify(join(workflows, 'gateReview', 'workflow.ts'))};
import { runProcess } from ${JSON.stringify(join(workflows, 'host', 'runProcess.ts'))};
export * from ${JSON.stringify(join(workflows, 'index.ts'))};

export async function gateReview(request) {
  await sleep('1 second');
  return runProcess(gateReviewProcess, request);
}
`;

describe('replay against changed workflow code', () => {
  let dir: string;
  let changed: WorkflowBundleWithSourceMap;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'governance-nondeterminism-'));
    const workflowsPath = join(dir, 'workflows.ts');
    writeFileSync(workflowsPath, changedEntry(join(root, 'workflows')));
    changed = await bundleWorkflowCode({
      workflowsPath,
      logger: new DefaultLogger('WARN'),
      // The entry lives outside the project: let it find the project's packages.
      webpackConfigHook: (config) => ({ ...config, resolve: { ...config.resolve, modules: [...(config.resolve?.modules ?? []), join(root, 'node_modules')] } }),
    });
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it(`replays ${fixture} against the workflows as they are`, async () => {
    await expect(Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history(), fixture)).resolves.toBeUndefined();
  });

  it(`fails to replay ${fixture} with a nondeterminism error when gateReview sleeps before it starts`, async () => {
    const replay = Worker.runReplayHistory({ workflowBundle: changed }, history(), fixture);
    await expect(replay).rejects.toBeInstanceOf(DeterminismViolationError);
    await expect(replay).rejects.toThrow(/nondeterminism/i);
    await expect(replay).rejects.toThrow(/TMPRL1100/);
  });

  it('has the change only in the bundle built for this test', async () => {
    // Booleans, not the code itself: a failure would otherwise print megabytes of bundle.
    const sleepsFirst = /sleep\)?\(['"]1 second['"]\)/;
    expect(sleepsFirst.test(changed.code)).toBe(true);
    expect(sleepsFirst.test((await workflowBundle()).code)).toBe(false);
  });
});
