/**
 * A notice the review sent is delivered even when the review is decided first. XState stops a machine's
 * children when it reaches its final state; the host used to cancel the activities with them, so a vote's
 * confirmation still waiting for a busy or restarted worker was lost once the decision was published (the
 * storm lost 30 to 49 of 1,270). Here the confirmations are held in their activity until the review has
 * been decided: the run must stay open for them, and every voter must have theirs.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../../activities';
import type { Notification } from '../../../machines/kernel/effects';
import { readNotices } from '../../../store/notices';
import { TASK_QUEUE as taskQueue } from '../../../workflows/taskQueue';
import { freshDir, governanceOn, startTimeSkippingServer, workflowBundle } from '../../support/temporal';

const DAY = 86_400_000;
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await startTimeSkippingServer();
});

afterAll(async () => {
  await env?.teardown();
});

describe('a review decided while its notices are in flight', () => {
  it('stays open until they are delivered, and every voter gets their confirmation', async () => {
    const { governance, store, trust } = await governanceOn(env);
    const activities = createActivities({ store, evidenceDir: freshDir(), client: env.client, trust: trust.worker });
    // The confirmations wait until the test lets them go; everything else runs as it would.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const held: string[] = [];
    const notify = async (n: Notification) => {
      if (n.notificationId.startsWith('vote-recorded-')) {
        held.push(n.notificationId);
        await released;
      }
      await activities.notify(n);
    };
    const worker = await Worker.create({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      workflowBundle: await workflowBundle(),
      activities: { ...activities, notify },
    });

    await worker.runUntil(async () => {
      const { reviewId } = await governance.requestGateReview({
        productId: 'benefits-map',
        stage: 'discovery',
        gate: 'alpha',
        requestedBy: 'sec',
        votingClosesAt: new Date((await env.currentTimeMs()) + 7 * DAY),
      });
      const voters = ['m1', 'm2', 'm3', 'm4', 'm5'];
      for (const by of voters) await governance.send(reviewId, 'castVote', { by, choice: 'approve' });
      await governance.send(reviewId, 'closeVoting', { by: 'sec' });

      // Decided and published, its confirmations still held: the run must not be over.
      const handle = env.client.workflow.getHandle(reviewId);
      await expect.poll(async () => (await governance.readRegister()).map((e) => e.decisionId), { timeout: 30_000 }).toContain(reviewId);
      expect(held).toHaveLength(voters.length);
      expect((await handle.describe()).status.name).toBe('RUNNING');

      release();
      await handle.result();
      for (const by of voters) expect((await readNotices(store.db, by)).map((n) => n.notificationId)).toEqual([expect.stringMatching(new RegExp(`^vote-recorded-${reviewId}-${by}-`))]);
    });
  });
});
