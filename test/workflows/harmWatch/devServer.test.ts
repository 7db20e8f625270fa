/**
 * A harm watch loses nothing while no worker runs: a review falls due and a
 * harm report arrives during the outage, and a new worker catches up. This
 * runs in real time on the dev server, so the review falls 20 s out; the
 * simulated week of it is harmWatch.workerOutage.timeSkipping.test.ts.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultHarmPolicy } from '../../../machines/harmWatch/policy';
import type { HarmWatchInput } from '../../../machines/harmWatch/machine';
import type { harmWatch } from '../../../workflows/harmWatch/workflow';
import { harmWatchProcessId } from '../../../machines/kernel/ids';
import { harmWatchWorkflowType, reportHarm } from '../../../workflows/harmWatch/messages';
import { TASK_QUEUE } from '../../../workflows/taskQueue';
import { eventually, foundingBoard } from '../../support/productBoardRun';
import { governanceOn, startDevServer } from '../../support/temporal';
import { signedArgs } from '../../support/signed';

const SECOND = 1000;

let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await startDevServer();
});

afterAll(async () => {
  await env?.teardown();
});

describe('a harm watch and a worker outage', () => {
  it('takes a review that fell due and a report that arrived while no worker ran', async () => {
    const { governance, startWorker } = await governanceOn(env);
    const liveSince = new Date().toISOString();
    const input: HarmWatchInput = {
      product: { id: 'outage-map', name: 'Outage map' },
      boardId: 'product-board',
      liveSince,
      policy: { ...defaultHarmPolicy, firstReviewsAfterDays: [20 / 86_400] },
    };
    const first = await startWorker();
    await first.runUntil(async () => {
      await governance.openBoard({ by: 'sec', config: foundingBoard });
      await env.client.workflow.start<typeof harmWatch>(harmWatchWorkflowType, { workflowId: harmWatchProcessId('outage-map'), taskQueue: TASK_QUEUE, args: [input] });
      await eventually(() => governance.harmWatch('outage-map'), (w) => w.state === 'watching', 'the watch to start');
    });

    // No worker from here: the review's timer fires in the server, and a report waits there as a Signal.
    await env.client.workflow.getHandle(harmWatchProcessId('outage-map')).signal(reportHarm.signal, ...(await signedArgs(governance, harmWatchProcessId('outage-map'), reportHarm, { summary: 'Sent while the engine was down' })));
    const reviewDue = Date.parse(liveSince) + 20 * SECOND;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, reviewDue - Date.now()) + 3 * SECOND));

    const second = await startWorker();
    await second.runUntil(async () => {
      // The review's timer and the report's Signal are both taken on catch-up, but not always in one step: wait for both.
      const w = await eventually(() => governance.harmWatch('outage-map'), (v) => v.state === 'awaitingReview' && v.reports.length > 0, 'the catch-up', 300);
      expect(w.current!.scheduledFor).toBe(new Date(reviewDue).toISOString());
      expect(w.reports.map((r) => [r.reportId, r.status])).toEqual([['harm-outage-map-R1', 'awaitingTriage']]);
      const recorded = await governance.harmCommand('outage-map', 'recordReview', { by: 'm2', benefits: ['Still in use'], harms: [], worstHarm: 'none' });
      expect(recorded!.state).toBe('publishingReview');
    });
  });
});
