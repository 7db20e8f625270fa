/**
 * The `govern` command line as people use it: a real subprocess talking to a
 * real dev server through the standard TEMPORAL_ADDRESS setting.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../client/settings';
import { createGovernanceWorker } from '../../worker/worker';
import { freshRegisterDir, startDevServer, workflowBundle } from '../support/temporal';

const run = promisify(execFile);
let env: TestWorkflowEnvironment;
let worker: Worker;
let working: Promise<void>;
const registerDir = freshRegisterDir();

beforeAll(async () => {
  env = await startDevServer();
  worker = await createGovernanceWorker({ connection: env.nativeConnection, namespace: "default", registerDir, outboxDir: freshRegisterDir(), workflowBundle: await workflowBundle() });
  working = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await working;
  await env?.teardown();
});

async function govern(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(projectRoot, 'bin', 'govern.js'), ...args], {
      env: { ...process.env, TEMPORAL_ADDRESS: env.address, TEMPORAL_NAMESPACE: 'default', GOVERN_REGISTER_DIR: registerDir },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const failed = err as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('govern', () => {
  it('runs a gate review from request to published decision', async () => {
    const requested = await govern('request', '--product', 'cli-map', '--stage', 'proposed', '--gate', 'discovery', '--as', 's-jo', '--id', 'gr-cli-1', '--json');
    expect(requested.code).toBe(0);
    expect(JSON.parse(requested.stdout)).toMatchObject({ reviewId: 'gr-cli-1' });

    for (const member of ['m-ben', 'm-chen', 'm-dana']) expect((await govern('vote', 'gr-cli-1', '--as', member, '--choice', 'approve')).code).toBe(0);
    const bySignal = await govern('vote', 'gr-cli-1', '--as', 'm-eli', '--choice', 'reject', '--reason', 'Not yet', '--via', 'signal');
    expect(bySignal.stdout).toContain('Sent castVote to gr-cli-1 as a signal');

    const closed = await govern('close', 'gr-cli-1', '--as', 's-jo', '--json');
    expect(JSON.parse(closed.stdout)).toMatchObject({ state: 'publishing', decision: { outcome: 'approved', tally: { approve: 3, reject: 1 } } });

    const register = await govern('register', '--product', 'cli-map');
    expect(register.stdout).toMatch(/gr-cli-1: APPROVED — cli-map proposed → discovery/);
    expect(register.stdout).toContain('m-eli: reject — Not yet');
  });

  it('prints the reason and exits 1 when the engine refuses', async () => {
    await govern('request', '--product', 'cli-refusals', '--stage', 'proposed', '--gate', 'discovery', '--as', 's-jo', '--id', 'gr-cli-2');
    await govern('vote', 'gr-cli-2', '--as', 'm-ben', '--choice', 'approve');

    const twice = await govern('vote', 'gr-cli-2', '--as', 'm-ben', '--choice', 'reject');
    expect(twice).toMatchObject({ code: 1, stderr: expect.stringContaining('Ben Carter has already voted (approve)') });

    const stranger = await govern('vote', 'gr-cli-2', '--as', 'mallory', '--choice', 'approve', '--json');
    expect(stranger.code).toBe(1);
    expect(JSON.parse(stranger.stdout)).toEqual({ error: 'CommandRefused', message: expect.stringContaining('mallory is not a member of product-board') });

    const unknown = await govern('status', 'gr-missing');
    expect(unknown).toMatchObject({ code: 1, stderr: expect.stringContaining('No gate review gr-missing') });

    const malformed = await govern('vote', 'gr-cli-2', '--as', 'm-chen', '--choice', 'yes');
    expect(malformed).toMatchObject({ code: 1, stderr: expect.stringContaining('choice must be one of: approve, approveWithConditions, reject, abstain') });
  });

  it('exits 2 with the usage for a malformed command line', async () => {
    const result = await govern('request', '--product', 'p');
    expect(result).toMatchObject({ code: 2, stderr: expect.stringContaining('--stage is required') });
    expect((await govern('frobnicate')).stderr).toContain('Unknown command "frobnicate"');
  });
});
