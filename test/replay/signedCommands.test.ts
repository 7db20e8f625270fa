/**
 * Signed commands are patched in (`signed-commands`, workflows/host/runProcess.ts): a run started before
 * takes commands as it always did, and sends its own to other processes as it always did. Every recorded
 * history, of every kind of process, was made before; each replays against today's code (also in
 * replayHistories.test.ts). The patch is what makes that so: the same workflows bundled with the
 * patch's answer forced to yes (a loader rewrites that one line, nothing in workflows/ touched) fail
 * on every one of them with the SDK's nondeterminism error.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { bundleWorkflowCode, DefaultLogger, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflowsPath } from '../../worker/bundle';
import { workflowBundle } from '../support/temporal';
import { patchesIn } from '../support/fixturePayloads';
import { SIGNED_COMMANDS_PATCH } from '../../workflows/host/runProcess';

const root = join(import.meta.dirname, '..', '..');
const dir = join(root, 'test', 'fixtures', 'histories');
/** Those recorded before signed commands: one recorded since has the patch's marker, and replays in replayHistories.test.ts. */
const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith('.json') && !patchesIn(f).has(SIGNED_COMMANDS_PATCH))
  .sort();
const history = (file: string) => historyFromJSON(JSON.parse(readFileSync(join(dir, file), 'utf8')));

/** The line of runProcess.ts that asks the patch, and what the ungated copy says instead. */
const ASKED = 'const signedCommands = patched(SIGNED_COMMANDS_PATCH);';
const FORCED = 'const signedCommands = true;';

describe('replay of histories recorded before signed commands', () => {
  let tmp: string;
  let ungated: WorkflowBundleWithSourceMap;

  beforeAll(async () => {
    expect(readFileSync(join(root, 'workflows', 'host', 'runProcess.ts'), 'utf8')).toContain(ASKED);
    tmp = mkdtempSync(join(tmpdir(), 'governance-signed-commands-'));
    const loader = join(tmp, 'ungate.cjs');
    writeFileSync(loader, `module.exports = function (source) { return source.replace(${JSON.stringify(ASKED)}, ${JSON.stringify(FORCED)}); };\n`);
    ungated = await bundleWorkflowCode({
      workflowsPath,
      logger: new DefaultLogger('WARN'),
      webpackConfigHook: (config) => ({
        ...config,
        module: { ...config.module, rules: [...(config.module?.rules ?? []), { test: /runProcess\.ts$/, enforce: 'pre', use: [{ loader }] }] },
      }),
    });
  });

  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('has a recorded history of every kind of process', () => {
    const kinds = new Set(fixtures.map((f) => f.split('-')[0]));
    expect([...kinds].sort()).toEqual(['boardMeeting', 'gateReview', 'harmWatch', 'initiativeBoard', 'product', 'productBoard']);
  });

  it.each(fixtures)('replays %s unchanged', async (file) => {
    await expect(Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history(file), file)).resolves.toBeUndefined();
  });

  it.each(fixtures)('fails to replay %s with a nondeterminism error when signed commands are not patched in', async (file) => {
    const replay = Worker.runReplayHistory({ workflowBundle: ungated }, history(file), file);
    await expect(replay).rejects.toBeInstanceOf(DeterminismViolationError);
    await expect(replay).rejects.toThrow(/TMPRL1100/);
  });
});
