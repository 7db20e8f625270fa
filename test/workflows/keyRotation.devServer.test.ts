/**
 * Rotating the API's key on a running engine (trust/rotation.ts), on a real dev server with the key
 * files as an organisation keeps them: after `begin` the board takes commands signed by either key, and
 * a worker started then trusts both; after `finish` it refuses the old key and takes the new one; each
 * step is a recorded command in the board's audit.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GovernanceClient } from '../../client/governanceClient';
import { CommandRefused } from '../../client/errors';
import { beginRotation, finishRotation } from '../../trust/rotation';
import { apiSigner, workerTrust } from '../../trust/settings';
import { auditQuery } from '../../workflows/host/commands';
import { governanceOn, startDevServer } from '../support/temporal';

const dir = mkdtempSync(join(tmpdir(), 'governance-keys-'));
const files = { GOVERN_API_KEY_FILE: join(dir, 'api-key.json'), GOVERN_WORKER_KEY_FILE: join(dir, 'worker-key.json') };

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
let governance: GovernanceClient;

beforeAll(async () => {
  env = await startDevServer();
  const setup = await governanceOn(env, undefined, undefined, { worker: await workerTrust(files), api: await apiSigner(files) });
  governance = setup.governance;
  worker = await setup.startWorker();
  running = worker.run();
  await governance.openBoard({ by: 'sec' });
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

/** The same client, signing with the key in the files now. */
const signingWith = async (signer: Awaited<ReturnType<typeof apiSigner>>) => new GovernanceClient({ client: env.client, board: governance.board, signer });
const subscribers = async () => (await governance.boardStatus()).subscribers;

describe("rotating the API's key", () => {
  it('trusts the new key beside the old after begin, and the new alone after finish', async () => {
    const old = await apiSigner(files);
    await governance.boardCommand('subscribe', { by: 'reader-1' });

    const begun = await beginRotation(env.client, 'people', files);
    expect(begun.rotated).toContain('board-product-board');
    expect(begun.refused).toEqual([]);
    // A worker started now opens processes that trust both keys.
    expect((await workerTrust(files)).trusted.map((k) => k.id)).toEqual(expect.arrayContaining([old.trusted.id, begun.added.id]));
    const successor = await apiSigner({ GOVERN_API_KEY_FILE: `${files.GOVERN_API_KEY_FILE}.next` });
    expect(successor.trusted.id).toBe(begun.added.id);
    await (await signingWith(successor)).boardCommand('subscribe', { by: 'reader-2' });
    await (await signingWith(old)).boardCommand('subscribe', { by: 'reader-3' });
    expect(await subscribers()).toEqual(expect.arrayContaining(['reader-1', 'reader-2', 'reader-3']));

    const finished = await finishRotation(env.client, 'people', files);
    expect(finished.retired).toBe(old.trusted.id);
    expect(finished.rotated).toContain('board-product-board');
    await expect((await signingWith(old)).boardCommand('subscribe', { by: 'reader-4' })).rejects.toThrow(CommandRefused);
    await expect((await signingWith(old)).boardCommand('subscribe', { by: 'reader-4' })).rejects.toThrow(/does not trust/);
    // The file holds the new key now: what the API reads at its next start.
    expect((await apiSigner(files)).trusted.id).toBe(begun.added.id);
    await (await signingWith(await apiSigner(files))).boardCommand('subscribe', { by: 'reader-5' });
    expect(await subscribers()).toEqual(expect.arrayContaining(['reader-5']));
    expect(await subscribers()).not.toContain('reader-4');

    const rotations = (await env.client.workflow.getHandle('board-product-board').query(auditQuery)).filter((e) => e.command === 'rotateKeys');
    expect(rotations).toEqual([expect.objectContaining({ accepted: true, key: old.trusted.id }), expect.objectContaining({ accepted: true, key: begun.added.id })]);
  });
});
