/**
 * The vote notices (reminder, confirmation, written procedure opened) are gated: a review opened before
 * the `vote-notices` patch never sends them. The recorded gate reviews were opened before it, with votes
 * cast; they replay against today's code. The gate is what makes that so: a copy of the workflows whose
 * gate review is opened with the notices on whatever its history says (bundled from a temporary entry
 * file, nothing in workflows/ touched) fails on the same histories with the SDK's nondeterminism error.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { bundleWorkflowCode, DefaultLogger, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflowBundle } from '../support/temporal';

const root = join(import.meta.dirname, '..', '..');
const dir = join(root, 'test', 'fixtures', 'histories');
/** Recorded gate reviews in which votes were cast (each vote now brings a confirmation). */
const withVotes = readdirSync(dir).filter((f) => f.startsWith('gateReview-') && f.endsWith('.json')).sort();
const history = (file: string) => historyFromJSON(JSON.parse(readFileSync(join(dir, file), 'utf8')));

/** Every workflow as it is, except that a gate review opens with the notices on, as if they were not gated. */
const ungatedEntry = (workflows: string) => `
import { gateReviewProcess } from ${JSON.stringify(join(workflows, 'gateReview', 'workflow.ts'))};
import { runProcess } from ${JSON.stringify(join(workflows, 'host', 'runProcess.ts'))};
export * from ${JSON.stringify(join(workflows, 'index.ts'))};

const ungated = { ...gateReviewProcess, open: (args, now, bounds) => gateReviewProcess.open(args, now, { ...bounds, patched: () => true }) };
export async function gateReview(request) {
  return runProcess(ungated, request);
}
`;

describe('replay of gate reviews opened before the vote notices', () => {
  let tmp: string;
  let ungated: WorkflowBundleWithSourceMap;

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'governance-vote-notices-'));
    const workflowsPath = join(tmp, 'workflows.ts');
    writeFileSync(workflowsPath, ungatedEntry(join(root, 'workflows')));
    ungated = await bundleWorkflowCode({
      workflowsPath,
      logger: new DefaultLogger('WARN'),
      webpackConfigHook: (config) => ({ ...config, resolve: { ...config.resolve, modules: [...(config.resolve?.modules ?? []), join(root, 'node_modules')] } }),
    });
  });

  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('has recorded gate reviews with votes in them to replay', () => {
    expect(withVotes.length).toBeGreaterThanOrEqual(3);
    for (const file of withVotes) expect(readFileSync(join(dir, file), 'utf8')).toContain('castVote');
  });

  it.each(withVotes)('replays %s unchanged: no reminder timer, no confirmation', async (file) => {
    await expect(Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history(file), file)).resolves.toBeUndefined();
  });

  it.each(withVotes)('fails to replay %s with a nondeterminism error when the notices are not gated', async (file) => {
    const replay = Worker.runReplayHistory({ workflowBundle: ungated }, history(file), file);
    await expect(replay).rejects.toBeInstanceOf(DeterminismViolationError);
    await expect(replay).rejects.toThrow(/TMPRL1100/);
  });
});
