/**
 * The initiative board's vote notices (a confirmation to each voter, the closing-soon reminder) are gated:
 * a run opened before the `initiative-vote-notices` patch never sends them. The recorded initiative runs,
 * one with votes cast and one continuing a quarter as new, were opened before it; they replay against
 * today's code. The gate is what makes that so: a copy of the workflows whose board opens with the notices
 * on whatever its history says (bundled from a temporary entry file, nothing in workflows/ touched) fails
 * on the same histories with the SDK's nondeterminism error.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { bundleWorkflowCode, DefaultLogger, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflowBundle } from '../support/temporal';
import { patchesIn } from '../support/fixturePayloads';
import { INITIATIVE_VOTE_NOTICES_PATCH } from '../../workflows/patches';

const root = join(import.meta.dirname, '..', '..');
const dir = join(root, 'test', 'fixtures', 'histories');
// Those opened before the patch: a board recorded since (initiativeBoard-moderated) sends the notices, as it ran.
const recorded = readdirSync(dir)
  .filter((f) => f.startsWith('initiativeBoard-') && f.endsWith('.json') && !patchesIn(f).has(INITIATIVE_VOTE_NOTICES_PATCH))
  .sort();
const history = (file: string) => historyFromJSON(JSON.parse(readFileSync(join(dir, file), 'utf8')));

/** Every workflow as it is, except that an initiative board opens with the notices on, as if they were not gated. */
const ungatedEntry = (workflows: string) => `
import { initiativeBoardProcess } from ${JSON.stringify(join(workflows, 'initiativeBoard', 'workflow.ts'))};
import { runProcess } from ${JSON.stringify(join(workflows, 'host', 'runProcess.ts'))};
export * from ${JSON.stringify(join(workflows, 'index.ts'))};

const ungated = { ...initiativeBoardProcess, open: (args, now, bounds) => initiativeBoardProcess.open(args, now, { ...bounds, patched: () => true }) };
export async function initiativeBoard(opening) {
  await runProcess(ungated, opening);
}
`;

describe('replay of initiative board runs opened before the vote notices', () => {
  let tmp: string;
  let ungated: WorkflowBundleWithSourceMap;

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'governance-initiative-vote-notices-'));
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

  it('has a recorded quarter with votes in it, and a continued one, to replay', () => {
    expect(recorded).toEqual(['initiativeBoard-firstQuarter.json', 'initiativeBoard-resumedQuarter.json']);
    expect(readFileSync(join(dir, recorded[0]!), 'utf8')).toContain('castVote');
    expect(readFileSync(join(dir, recorded[1]!), 'utf8')).toContain('continuedExecutionRunId');
  });

  it.each(recorded)('replays %s unchanged: no reminder timer, no confirmation', async (file) => {
    await expect(Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history(file), file)).resolves.toBeUndefined();
  });

  it.each(recorded)('fails to replay %s with a nondeterminism error when the notices are not gated', async (file) => {
    const replay = Worker.runReplayHistory({ workflowBundle: ungated }, history(file), file);
    await expect(replay).rejects.toBeInstanceOf(DeterminismViolationError);
    await expect(replay).rejects.toThrow(/TMPRL1100/);
  });
});
